import type { Account } from '../domain/account.ts';
import { canAdminister, canPlan, canReadAuditLog, canSeeCoverage } from '../domain/access.ts';

/** A link of the main navigation. */
export interface NavItem {
  href: string;
  label: string;
}

/** The navigation an account sees: each role its own pages, and every account the employee pages. */
export function navFor(account: Account | undefined): NavItem[] {
  if (!account) return [];
  const items: NavItem[] = [
    { href: '/', label: 'Dashboard' },
    { href: '/me/rotation', label: 'My rotation' },
    { href: '/me/profile', label: 'Profile' },
    { href: '/problems', label: 'Problems' },
    { href: '/people', label: 'People' },
    { href: '/network', label: 'Network' },
  ];
  if (canPlan(account)) items.push({ href: '/plans', label: 'Plan' });
  if (canSeeCoverage(account)) items.push({ href: '/coverage', label: 'Coverage' });
  if (canAdminister(account)) items.push({ href: '/admin', label: 'Admin' });
  else if (canReadAuditLog(account)) items.push({ href: '/admin/audit', label: 'Audit log' });
  return items;
}

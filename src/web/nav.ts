import type { Account } from '../db/repos/users.ts';
import { hasRole } from './auth.ts';

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
  ];
  if (hasRole(account, 'lead')) items.push({ href: '/plans', label: 'Plan' });
  if (hasRole(account, 'manager')) items.push({ href: '/coverage', label: 'Coverage' });
  if (hasRole(account, 'admin')) items.push({ href: '/admin', label: 'Admin' });
  return items;
}

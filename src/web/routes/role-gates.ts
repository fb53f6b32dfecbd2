import { Router } from 'express';
import type { Account } from '../../domain/account.ts';
import { canAdminister, canCreateProblem, canPlan, canReadAuditLog, canSeeCoverage } from '../../domain/access.ts';
import { requireAccess } from '../auth.ts';

/** The sections of the app that belong to one role; every route under them is refused (403) to accounts the policy turns away. */
export const ROLE_SECTIONS: ReadonlyArray<{
  path: string;
  allows: (account: Account) => boolean;
  message: string;
  /** A sub-path (and its `.csv`) that has its own section, so this gate leaves it to that one. */
  except?: string;
}> = [
  { path: '/plans', allows: canPlan, message: 'This page is for the lead role.' },
  { path: '/problems/new', allows: canCreateProblem, message: 'This page is for the lead role.' },
  { path: '/coverage', allows: canSeeCoverage, message: 'This page is for the manager role.' },
  { path: '/admin/audit', allows: canReadAuditLog, message: 'The audit log is for managers and admins.' },
  { path: '/admin/audit.csv', allows: canReadAuditLog, message: 'The audit log is for managers and admins.' },
  { path: '/admin', allows: canAdminister, message: 'This page is for the admin role.', except: '/audit' },
];

/** Gates the role sections; mounted before the routers that serve them. */
export function roleGateRoutes(): Router {
  const router = Router();
  for (const { path, allows, message, except } of ROLE_SECTIONS) {
    const gate = requireAccess(allows, message);
    const own = (p: string) =>
      except !== undefined && (p === except || p.startsWith(`${except}.`) || p.startsWith(`${except}/`));
    router.use(path, (req, res, next) => (own(req.path) ? next() : gate(req, res, next)));
  }
  return router;
}

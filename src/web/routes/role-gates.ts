import { Router } from 'express';
import type { Account } from '../../domain/account.ts';
import { canAdminister, canCreateProblem, canPlan, canSeeCoverage } from '../../domain/access.ts';
import { requireAccess } from '../auth.ts';

/** The sections of the app that belong to one role; every route under them is refused (403) to accounts the policy turns away. */
export const ROLE_SECTIONS: ReadonlyArray<{ path: string; allows: (account: Account) => boolean; message: string }> = [
  { path: '/plans', allows: canPlan, message: 'This page is for the lead role.' },
  { path: '/problems/new', allows: canCreateProblem, message: 'This page is for the lead role.' },
  { path: '/coverage', allows: canSeeCoverage, message: 'This page is for the manager role.' },
  { path: '/admin', allows: canAdminister, message: 'This page is for the admin role.' },
];

/** Gates the role sections; mounted before the routers that serve them. */
export function roleGateRoutes(): Router {
  const router = Router();
  for (const { path, allows, message } of ROLE_SECTIONS) router.use(path, requireAccess(allows, message));
  return router;
}

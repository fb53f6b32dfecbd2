import { Router } from 'express';
import type { Role } from '../../db/repos/users.ts';
import { requireRole } from '../auth.ts';

/** The sections of the app that belong to one role; every route under them is refused (403) to others. */
export const ROLE_SECTIONS: ReadonlyArray<{ path: string; role: Role }> = [
  { path: '/plans', role: 'lead' },
  { path: '/problems/new', role: 'lead' },
  { path: '/coverage', role: 'manager' },
  { path: '/admin', role: 'admin' },
];

/** Gates the role sections; mounted before the routers that serve them. */
export function roleGateRoutes(): Router {
  const router = Router();
  for (const { path, role } of ROLE_SECTIONS) router.use(path, requireRole(role));
  return router;
}

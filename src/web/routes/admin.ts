import { Router } from 'express';
import type { AppContext } from '../../app.ts';
import { listAccounts } from '../../db/repos/accounts.ts';
import { getPolicy } from '../../db/repos/policy.ts';
import { render } from '../render.ts';

/** The admin section: accounts and roles, and the rotation policy. Gated to admins in role-gates.ts. */
export function adminRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/admin', (req, res) => {
    render(req, res, { page: 'admin/show' }, {
      title: 'Administration',
      accounts: listAccounts(ctx.db),
      policy: getPolicy(ctx.db),
    });
  });
  return router;
}

import { Router } from 'express';
import type { AppContext } from '../../app.ts';
import { listAccounts } from '../../db/repos/accounts.ts';
import { getPolicy } from '../../db/repos/policy.ts';
import { ROLES } from '../../db/repos/users.ts';
import { updatePolicy, updateRoles } from '../../services/admin.ts';
import { currentAccount } from '../auth.ts';
import { NotFoundError } from '../http-errors.ts';
import { render } from '../render.ts';

/** The admin section: the rotation policy, and accounts with their roles. Gated to admins in role-gates.ts. */
export function adminRoutes(ctx: AppContext): Router {
  const router = Router();
  const page = (extra: Record<string, unknown>) => ({
    title: 'Administration',
    accounts: listAccounts(ctx.db),
    roles: ROLES,
    policy: getPolicy(ctx.db),
    ...extra,
  });

  router.get('/admin', (req, res) => render(req, res, { page: 'admin/show' }, page({})));

  router.post('/admin/policy', (req, res) => {
    const result = updatePolicy(ctx.db, ctx.clock, currentAccount(req), req.body);
    if (!result.ok)
      return render(
        req,
        res,
        { page: 'admin/show', fragment: 'admin/policy-form' },
        page({ policyForm: req.body, errors: result.errors }),
        422,
      );
    render(req, res, { page: 'admin/show', fragment: 'admin/policy-form' }, page({ saved: true }));
  });

  router.post('/admin/accounts/:id/roles', (req, res) => {
    const result = updateRoles(ctx.db, ctx.clock, currentAccount(req), Number(req.params.id), req.body);
    if (!result) throw new NotFoundError('No such account');
    const row = listAccounts(ctx.db).find((a) => a.id === Number(req.params.id));
    const data = { ...row, allRoles: ROLES, error: result.ok ? undefined : result.errors.roles, saved: result.ok };
    if (req.get('HX-Request') === 'true')
      return render(req, res, { page: 'admin/show', fragment: 'admin/account-row' }, data, result.ok ? 200 : 422);
    if (!result.ok) return render(req, res, { page: 'admin/show' }, page({ rolesError: result.errors.roles }), 422);
    res.redirect(303, '/admin');
  });
  return router;
}

import { Router, type Request } from 'express';
import type { AppContext } from '../../app.ts';
import { resetPassword, setAccountStatus } from '../../services/accounts/manage-account.ts';
import { currentAccount } from '../auth.ts';
import { HttpError, NotFoundError } from '../http-errors.ts';
import { render } from '../render.ts';

/** The account id in the path: a positive whole number, else the account does not exist (404). */
function accountId(req: Request): number {
  const id = Number(req.params.id);
  if (!/^\d{1,15}$/.test(String(req.params.id)) || !Number.isSafeInteger(id) || id < 1)
    throw new NotFoundError('No such account');
  return id;
}

/** An admin's actions on one account: reset its password, disable or enable it. Gated to admins in role-gates.ts. */
export function adminAccountRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/admin/accounts/:id/password', async (req, res) => {
    const id = accountId(req);
    const result = await resetPassword(ctx.db, ctx.clock, currentAccount(req), id);
    if (!result) throw new NotFoundError('No such account');
    if (!result.ok) throw new HttpError(409, result.errors.account!);
    render(req, res, { page: 'admin/password-reset' }, { title: 'Password reset', id, reset: result.value });
  });

  router.post('/admin/accounts/:id/status', (req, res) => {
    const id = accountId(req);
    const result = setAccountStatus(ctx.db, ctx.clock, currentAccount(req), id, req.body);
    if (!result) throw new NotFoundError('No such account');
    if (!result.ok) throw new HttpError(result.errors.status ? 422 : 409, Object.values(result.errors)[0]!);
    res.redirect(303, `/admin#account-${id}`);
  });
  return router;
}

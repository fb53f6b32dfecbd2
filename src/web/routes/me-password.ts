import { Router } from 'express';
import type { AppContext } from '../../app.ts';
import { changeOwnPassword } from '../../services/accounts/change-own-password.ts';
import { MIN_PASSWORD_LENGTH } from '../../services/passwords.ts';
import { currentAccount, PASSWORD_PAGE, SESSION_COOKIE } from '../auth.ts';
import { render } from '../render.ts';

/** A person's own password: GET shows the form, POST changes it (the way out of a one-time password). */
export function mePasswordRoutes(ctx: AppContext): Router {
  const router = Router();
  const page = (req: Parameters<typeof currentAccount>[0], extra: Record<string, unknown>) => ({
    title: 'My password',
    minLength: MIN_PASSWORD_LENGTH,
    mustChange: currentAccount(req).mustChangePassword,
    ...extra,
  });

  router.get(PASSWORD_PAGE, (req, res) =>
    render(req, res, { page: 'me/password' }, page(req, { changed: req.query.changed === '1' })),
  );

  router.post(PASSWORD_PAGE, async (req, res) => {
    const cookie: string | undefined = req.cookies?.[SESSION_COOKIE];
    const result = await changeOwnPassword(ctx.db, ctx.clock, currentAccount(req), cookie, req.body);
    if (!result.ok) return render(req, res, { page: 'me/password' }, page(req, { errors: result.errors }), 422);
    res.redirect(303, `${PASSWORD_PAGE}?changed=1`);
  });
  return router;
}

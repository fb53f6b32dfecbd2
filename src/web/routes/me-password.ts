import { Router } from 'express';
import type { AppContext } from '../../app.ts';
import { changeOwnPassword, WRONG_CURRENT_PASSWORD } from '../../services/accounts/change-own-password.ts';
import { MIN_PASSWORD_LENGTH } from '../../services/passwords.ts';
import { currentAccount, PASSWORD_PAGE, SESSION_COOKIE } from '../auth.ts';
import { passwordChangeThrottle } from '../login-throttle.ts';
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

  // Guessing the current password through a session is throttled per account, as sign-in is.
  const throttle = passwordChangeThrottle(ctx.config, (req, res, message) =>
    render(req, res, { page: 'me/password' }, page(req, { formError: message }), 429),
  );

  router.post(PASSWORD_PAGE, throttle, async (req, res) => {
    const cookie: string | undefined = req.cookies?.[SESSION_COOKIE];
    const result = await changeOwnPassword(ctx.db, ctx.clock, currentAccount(req), cookie, req.body);
    if (!result.ok) {
      if (result.errors.currentPassword === WRONG_CURRENT_PASSWORD) res.locals.wrongCurrentPassword = true;
      return render(req, res, { page: 'me/password' }, page(req, { errors: result.errors }), 422);
    }
    res.redirect(303, `${PASSWORD_PAGE}?changed=1`);
  });
  return router;
}

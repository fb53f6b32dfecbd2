import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../app.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDemoEmail } from '../../services/demo.ts';
import { authenticate, closeSession, openSession } from '../../services/sessions.ts';
import { SESSION_COOKIE } from '../auth.ts';
import { rotateCsrfSeed } from '../csrf.ts';
import { loginThrottle } from '../login-throttle.ts';
import { render } from '../render.ts';

const loginForm = z.object({
  email: z.string().trim().min(1, 'Enter your email').max(320),
  password: z.string().min(1, 'Enter your password').max(1000),
  next: z.string().optional(),
});

/** Only local paths are followed after login, so the form cannot redirect elsewhere. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next
    : '/';
}

/** Login and logout. */
export function sessionRoutes(ctx: AppContext): Router {
  const router = Router();
  const demoAccounts = ctx.demoMode ? DEMO_ACCOUNTS.map((a) => ({ ...a, password: DEMO_PASSWORD })) : [];
  const page = (extra: Record<string, unknown>) => ({ title: 'Sign in', demoAccounts, ...extra });
  const throttle = loginThrottle(ctx.config, (req, res, message) => {
    const form = { email: req.body?.email, next: req.body?.next };
    render(req, res, { page: 'session/new' }, page({ form, formError: message }), 429);
  });

  router.get('/login', (req, res) => {
    if (req.account) return res.redirect(303, safeNext(req.query.next));
    render(req, res, { page: 'session/new' }, page({ form: { next: req.query.next } }));
  });

  router.post('/login', ...throttle, async (req, res) => {
    const parsed = loginForm.safeParse(req.body);
    if (!parsed.success) {
      const errors = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]));
      return render(req, res, { page: 'session/new' }, page({ form: req.body, errors }), 422);
    }
    const found = await authenticate(ctx.db, parsed.data.email, parsed.data.password);
    // The demo accounts' password is public: outside demo mode (a production server) they cannot sign in.
    const account = found && (ctx.demoMode || !isDemoEmail(found.email)) ? found : undefined;
    if (!account) {
      return render(
        req,
        res,
        { page: 'session/new' },
        page({ form: { ...req.body, password: '' }, formError: 'Email or password is wrong.' }),
        401,
      );
    }
    const cookie = openSession(ctx.db, ctx.clock, account.id, ctx.config.sessionDays);
    rotateCsrfSeed(res, ctx.config.secureCookies || req.secure);
    res.cookie(SESSION_COOKIE, cookie, {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.secureCookies || req.secure,
      maxAge: ctx.config.sessionDays * 86_400_000,
      path: '/',
    });
    // A one-time password from an admin is changed before anything else (requirePasswordChosen holds them there).
    res.redirect(303, account.mustChangePassword ? '/me/password' : safeNext(parsed.data.next));
  });

  router.post('/logout', (req, res) => {
    const cookie: string | undefined = req.cookies?.[SESSION_COOKIE];
    if (cookie) closeSession(ctx.db, cookie);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    rotateCsrfSeed(res, ctx.config.secureCookies || req.secure);
    res.redirect(303, '/login');
  });
  return router;
}

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Account } from '../domain/account.ts';
import { ForbiddenError } from './http-errors.ts';

/** The name of the session cookie. */
export const SESSION_COOKIE = 'cabal_session';

declare module 'express-serve-static-core' {
  interface Request {
    account?: Account;
  }
}

/** The signed-in account of a request; only call behind requireLogin. */
export function currentAccount(req: Request): Account {
  if (!req.account) throw new Error('currentAccount called on an anonymous request');
  return req.account;
}

/** Sends anonymous visitors to the login page (htmx requests get a redirect header instead). */
export const requireLogin: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  if (req.account) return next();
  const back = encodeURIComponent(req.originalUrl);
  if (req.get('HX-Request') === 'true') {
    res.set('HX-Redirect', `/login?next=${back}`).status(401).end();
    return;
  }
  res.redirect(303, `/login?next=${back}`);
};

/** Refuses, with 403 and the message, requests whose account the access predicate (src/domain/access.ts) turns away. */
export function requireAccess(allows: (account: Account) => boolean, message: string): RequestHandler {
  return (req, _res, next) => {
    if (!req.account) return next(new ForbiddenError());
    if (allows(req.account)) return next();
    next(new ForbiddenError(message));
  };
}

/** The one page a person with a one-time password may use: choosing their own password. */
export const PASSWORD_PAGE = '/me/password';

/**
 * Holds an account that signed in with a one-time password at the password page until it chooses its own: pages
 * redirect there (htmx requests get HX-Redirect) and any other change is refused with 403. Sign-out stays open.
 */
export const requirePasswordChosen: RequestHandler = (req, res, next) => {
  if (!req.account?.mustChangePassword || req.path === PASSWORD_PAGE) return next();
  if (req.get('HX-Request') === 'true') {
    res.set('HX-Redirect', PASSWORD_PAGE).status(403).end();
    return;
  }
  if (req.method === 'GET' || req.method === 'HEAD') return res.redirect(303, PASSWORD_PAGE);
  next(new ForbiddenError('Choose your own password first: your one-time password must be changed at My password.'));
};

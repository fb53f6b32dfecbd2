import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Account, Role } from '../db/repos/users.ts';
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

/** Tells whether an account holds a role (admins hold every right a role gives). */
export function hasRole(account: Account | undefined, role: Role): boolean {
  return !!account && (account.roles.includes(role) || account.roles.includes('admin'));
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

/** Refuses, with 403, accounts that hold none of the roles (admin always passes). */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.account) return next(new ForbiddenError());
    if (roles.some((r) => hasRole(req.account, r))) return next();
    next(new ForbiddenError(`This page is for the ${roles.join(' or ')} role.`));
  };
}

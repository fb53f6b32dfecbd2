import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Config } from '../config.ts';

const WINDOW_MS = 15 * 60 * 1000;

/** The email a sign-in names, as the per-account throttle keys it (trimmed, lower-case, bounded). */
function emailKey(req: Request): string {
  const email: unknown = req.body?.email;
  return `account:${typeof email === 'string' ? email.trim().toLowerCase().slice(0, 320) : ''}`;
}

/**
 * Sign-in throttling, per client address and per account. Only wrong passwords (401) count: a correct sign-in, a
 * form error or a refusal by the other throttle costs nothing. The per-address ceiling is high, so a whole office
 * behind one address keeps signing in while one person's account is throttled; the per-account limit stops guessing
 * one password from many addresses. The client address is the socket's unless TRUST_PROXY names the proxy, so a
 * forged X-Forwarded-For header changes nothing. Counts live in this process's memory and reset on restart.
 */
export function loginThrottle(
  config: Pick<Config, 'loginAttemptsPerWindow' | 'loginAttemptsPerIp'>,
  refuse: (req: Request, res: Response, message: string) => void,
): RequestHandler[] {
  const common = {
    windowMs: WINDOW_MS,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req: Request, res: Response) => res.statusCode !== 401,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    // An X-Forwarded-For header without TRUST_PROXY is ignored on purpose, not a misconfiguration to report.
    validate: { xForwardedForHeader: false },
  };
  const minutesLeft = (req: Request) => {
    const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
    return Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + WINDOW_MS) - Date.now()) / 60_000));
  };
  const perAddress = rateLimit({
    ...common,
    limit: config.loginAttemptsPerIp,
    handler: (req, res) =>
      refuse(req, res, `Too many failed sign-ins from this network. Wait ${minutesLeft(req)} minutes and try again.`),
  });
  const perAccount = rateLimit({
    ...common,
    limit: config.loginAttemptsPerWindow,
    keyGenerator: emailKey,
    handler: (req, res) =>
      refuse(
        req,
        res,
        `Too many failed sign-ins for this account. Wait ${minutesLeft(req)} minutes, or ask an admin to reset the password.`,
      ),
  });
  return [perAddress, perAccount];
}

/**
 * Throttles guessing the current password at /me/password, per account, as sign-in is throttled: after
 * `loginAttemptsPerWindow` wrong current passwords in 15 minutes the account's password changes answer 429 until the
 * window ends. Only a wrong current password counts (the route sets `res.locals.wrongCurrentPassword`). A stolen
 * session therefore cannot be used to find the password behind it. Counts live in this process's memory.
 */
export function passwordChangeThrottle(
  config: Pick<Config, 'loginAttemptsPerWindow'>,
  refuse: (req: Request, res: Response, message: string) => void,
): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: config.loginAttemptsPerWindow,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req: Request, res: Response) => res.locals.wrongCurrentPassword !== true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    validate: { xForwardedForHeader: false },
    keyGenerator: (req) => `password:${req.account?.id ?? ''}`,
    handler: (req, res) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const minutes = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + WINDOW_MS) - Date.now()) / 60_000));
      refuse(req, res, `Too many wrong current passwords. Wait ${minutes} minutes and try again.`);
    },
  });
}

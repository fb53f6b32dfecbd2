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

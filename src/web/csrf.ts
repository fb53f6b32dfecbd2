import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { HttpError } from './http-errors.ts';

const CSRF_COOKIE = 'cabal_csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function sign(secret: string, seed: string): string {
  return createHmac('sha256', secret).update(seed).digest('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function fieldToken(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Replaces the CSRF seed with a fresh one (at sign-in and sign-out), so a token seen before the session began is
 * worthless after it: pages rendered from the next request on carry the new token.
 */
export function rotateCsrfSeed(res: Response, secureCookies: boolean): void {
  res.cookie(CSRF_COOKIE, randomBytes(24).toString('base64url'), {
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies,
    path: '/',
  });
}

/**
 * CSRF protection for forms and htmx alike: a random seed lives in an httpOnly cookie, and every
 * state-changing request must carry HMAC(secret, seed) in the `_csrf` field or the X-CSRF-Token header.
 * A multipart upload's body is not parsed yet at this point, so a plain (non-htmx) upload form carries the token in
 * its action URL's `_csrf` query parameter instead. The token is exposed to views as `csrfToken`.
 */
export function csrfProtection(secret: string, secureCookies: boolean): RequestHandler {
  return (req, res, next) => {
    let seed: string | undefined = req.cookies?.[CSRF_COOKIE];
    if (!seed || seed.length < 16) {
      seed = randomBytes(24).toString('base64url');
      res.cookie(CSRF_COOKIE, seed, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/' });
    }
    const expected = sign(secret, seed);
    res.locals.csrfToken = expected;
    if (SAFE.has(req.method)) return next();
    const sent =
      req.get('X-CSRF-Token') ??
      fieldToken(req.body?._csrf) ??
      (req.is('multipart/form-data') ? fieldToken(req.query._csrf) : undefined);
    if (!sent || !same(sent, expected)) {
      return next(
        new HttpError(
          403,
          'The form has expired or did not come from this site (missing CSRF token). Reload the page and try again.',
        ),
      );
    }
    next();
  };
}

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { HttpError } from './http-errors.ts';
import { isUploadRoute } from './body-policy.ts';

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
 * Stands for the viewer's CSRF token in HTML rendered once for many viewers (a problem's timeline, cached per data
 * version and what the viewer may do): renderAround puts the viewer's own token in its place before sending. It is
 * random per process and never sent, so no user-supplied text can contain it.
 */
export const CSRF_PLACEHOLDER = `csrf-${randomBytes(18).toString('hex')}`;

/** Puts a viewer's CSRF token wherever HTML rendered for every viewer holds CSRF_PLACEHOLDER. */
export function withCsrfToken(html: string, token: string): string {
  return html.includes(CSRF_PLACEHOLDER) ? html.replaceAll(CSRF_PLACEHOLDER, () => token) : html;
}

/** The message of every CSRF refusal. */
export const CSRF_REFUSAL =
  'The form has expired or did not come from this site (missing CSRF token). Reload the page and try again.';

/** The token a multipart upload must carry in its `_csrf` field, ahead of its file, when it sent no header. */
const pendingTokens = new WeakMap<Request, string>();

/**
 * Checks a multipart upload's `_csrf` field against the token its request must carry. The upload parser calls it
 * when the file part begins (fields sent before the file are read by then) and again at the end, so no file byte is
 * kept before the token is checked. True when the request carried the header token (already checked) or a good field.
 */
export function uploadTokenValid(req: Request, field: unknown): boolean {
  const expected = pendingTokens.get(req);
  if (expected === undefined) return true;
  const sent = fieldToken(field);
  return sent !== undefined && same(sent, expected);
}

/**
 * CSRF protection for forms and htmx alike: a random seed lives in an httpOnly cookie, and every
 * state-changing request must carry HMAC(secret, seed) in the `_csrf` field or the X-CSRF-Token header.
 * A token in the URL is never read (URLs end up in logs, history and Referer headers). A multipart upload without
 * the header carries `_csrf` as a form field before its file: only the upload routes take multipart, and their parser
 * checks that field (uploadTokenValid) before it keeps any of the file; multipart to any other route needs the
 * header. The token is exposed to views as `csrfToken`.
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
    const header = req.get('X-CSRF-Token');
    if (header === undefined && req.is('multipart/form-data') && isUploadRoute(req)) {
      pendingTokens.set(req, expected);
      return next();
    }
    const sent = header ?? fieldToken(req.body?._csrf);
    if (!sent || !same(sent, expected)) return next(new HttpError(403, CSRF_REFUSAL));
    next();
  };
}

import { createHmac } from 'node:crypto';
import type { Request, Response } from 'express';

const FLASH_COOKIE = 'cabal_notice';

/**
 * The key that signs the notice cookie (cookie-parser's signed cookies), derived from the app's secret with its own
 * label, so a notice's signature is never a valid CSRF token or anything else signed with the same secret.
 */
export function noticeSigningKey(appSecret: string): string {
  return createHmac('sha256', appSecret).update('cabal notice cookie').digest('base64url');
}

/**
 * Keeps a short notice for the page a redirect leads to ("Aiko Holm replaces Ben Ode in March 2027"): a signed
 * cookie (cookie-parser, keyed by noticeSigningKey) that lives a minute and is read once, so only the app can put a
 * notice on its pages.
 */
export function setFlash(res: Response, text: string, secure: boolean): void {
  res.cookie(FLASH_COOKIE, text.slice(0, 600), {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: 60_000,
    signed: true,
  });
}

/**
 * The notice a redirect left for this page, if any; it is cleared, so a reload does not show it again. A cookie whose
 * signature does not match (forged or altered) is cleared and shows nothing.
 */
export function takeFlash(req: Request, res: Response): string | undefined {
  if (req.cookies?.[FLASH_COOKIE] === undefined && req.signedCookies?.[FLASH_COOKIE] === undefined) return undefined;
  res.clearCookie(FLASH_COOKIE, { path: '/' });
  const text: unknown = req.signedCookies?.[FLASH_COOKIE];
  return typeof text === 'string' && text !== '' ? text : undefined;
}

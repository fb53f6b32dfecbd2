import type { Request, Response } from 'express';

const FLASH_COOKIE = 'cabal_notice';

/**
 * Keeps a short notice for the page a redirect leads to ("Aiko Holm replaces Ben Ode in March 2027"): a cookie that
 * lives a minute and is read once. It holds only the sentence, so a forged one can only mislead its own browser.
 */
export function setFlash(res: Response, text: string, secure: boolean): void {
  res.cookie(FLASH_COOKIE, text.slice(0, 600), { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 60_000 });
}

/** The notice a redirect left for this page, if any; it is cleared, so a reload does not show it again. */
export function takeFlash(req: Request, res: Response): string | undefined {
  const text: unknown = req.cookies?.[FLASH_COOKIE];
  if (typeof text !== 'string' || text === '') return undefined;
  res.clearCookie(FLASH_COOKIE, { path: '/' });
  return text;
}

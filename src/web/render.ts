import type { Request, Response } from 'express';
import { withCsrfToken } from './csrf.ts';

/** Tells whether a request came from htmx and wants a fragment rather than the whole page. */
export function wantsFragment(req: Request): boolean {
  return req.get('HX-Request') === 'true' && req.get('HX-Request-Type') !== 'full' && req.get('HX-Boosted') !== 'true';
}

/**
 * Renders a page in the layout, or, for an htmx request, only the partial the page is built around.
 * One function decides page or fragment, so both always come from the same template.
 */
export function render(
  req: Request,
  res: Response,
  view: { page: string; fragment?: string },
  data: Record<string, unknown> = {},
  status = 200,
): void {
  res.vary('HX-Request');
  res.status(status);
  if (view.fragment && wantsFragment(req)) {
    res.render(`partials/${view.fragment}`, { ...data, layout: false });
  } else {
    res.render(`pages/${view.page}`, data);
  }
}

/**
 * Renders a page around a fragment already rendered to HTML (one cached for every viewer, see
 * AppContext.renderPartial): the page's template shows it with `{{{fragmentHtml}}}`, and an htmx request for the
 * fragment gets that HTML alone, as render() would send the partial. Forms in the fragment carry CSRF_PLACEHOLDER
 * where the token goes; the viewer's own token replaces it here.
 */
export function renderAround(
  req: Request,
  res: Response,
  page: string,
  fragmentHtml: string,
  data: Record<string, unknown> = {},
  status = 200,
): void {
  res.vary('HX-Request');
  res.status(status);
  const html = withCsrfToken(fragmentHtml, String(res.locals.csrfToken ?? ''));
  if (wantsFragment(req)) {
    res.type('html').send(html);
    return;
  }
  res.render(`pages/${page}`, { ...data, fragmentHtml: html });
}

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

/** Where the page's template shows the fragment (`{{{fragmentHtml}}}`) while it renders; an HTML comment no escaped value can contain. */
const FRAGMENT_MARKER = '<!--cabal:fragment-->';

/**
 * Renders a page around a fragment already rendered to HTML (one cached for every viewer, see
 * AppContext.renderPartial): the page's template shows it with `{{{fragmentHtml}}}`, and an htmx request for the
 * fragment gets that HTML alone, as render() would send the partial. A string fragment may carry CSRF_PLACEHOLDER
 * where forms need the token: the viewer's own token replaces it here. A Buffer fragment (UTF-8, encoded once when it
 * was cached) is sent as it is, so it must hold no placeholder. The page is rendered around a marker and the fragment
 * spliced in as bytes, so a large fragment is never copied through the templates.
 */
export function renderAround(
  req: Request,
  res: Response,
  page: string,
  fragment: string | Buffer,
  data: Record<string, unknown> = {},
  status = 200,
): void {
  res.vary('HX-Request');
  res.status(status);
  res.type('html');
  const body =
    typeof fragment === 'string' ? Buffer.from(withCsrfToken(fragment, String(res.locals.csrfToken ?? ''))) : fragment;
  if (wantsFragment(req)) {
    res.send(body);
    return;
  }
  res.render(`pages/${page}`, { ...data, fragmentHtml: FRAGMENT_MARKER }, (err: Error | null, html: string) => {
    const at = err ? -1 : html.indexOf(FRAGMENT_MARKER);
    if (at < 0) return req.next!(err ?? new Error(`render: pages/${page} does not show {{{fragmentHtml}}}`));
    const end = at + FRAGMENT_MARKER.length;
    res.send(Buffer.concat([Buffer.from(html.slice(0, at)), body, Buffer.from(html.slice(end))]));
  });
}

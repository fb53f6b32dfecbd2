import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { HttpError } from './http-errors.ts';

/** The largest form body an ordinary route accepts, in bytes, checked before and while reading (after inflating). */
export const FORM_BODY_LIMIT = 100 * 1024;

/** The most fields an ordinary form may carry. */
export const FORM_FIELD_LIMIT = 1000;

/** The routes that take a multipart file upload (POST); every other route takes URL-encoded forms only. */
const UPLOAD_PATHS = new Set(['/plans/imports', '/admin/import']);

/** Tells whether a request is a POST to one of the upload routes, the only ones that take multipart bodies. */
export function isUploadRoute(req: Pick<Request, 'method' | 'path'>): boolean {
  return req.method === 'POST' && UPLOAD_PATHS.has(req.path);
}

/** Tells whether a request carries a body at all (a declared length above 0, or a chunked body). */
function hasBody(headers: { 'transfer-encoding'?: string; 'content-length'?: string }): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] ?? '0') !== '0';
}

/**
 * The one body-parsing policy of the app. Ordinary routes take URL-encoded forms of at most FORM_BODY_LIMIT bytes
 * and FORM_FIELD_LIMIT fields; the size is checked against Content-Length before reading and counted while reading,
 * so a large body is never buffered before the CSRF check. Multipart bodies go only to the upload routes
 * (UPLOAD_PATHS), which parse them with their own larger limits (src/web/upload.ts) and check the CSRF token (a
 * header, or the `_csrf` field ahead of the file) before keeping any of the file. Any other body (JSON, text, or
 * multipart to another route) is refused with 415. A request without a body gets an empty form, so handlers never meet an undefined body.
 */
export function bodyPolicy(): RequestHandler {
  const form = express.urlencoded({
    extended: true,
    limit: FORM_BODY_LIMIT,
    parameterLimit: FORM_FIELD_LIMIT,
  });
  return (req, res, next) => {
    if (!hasBody(req.headers)) {
      req.body ??= {};
      return next();
    }
    if (req.is('application/x-www-form-urlencoded')) return form(req, res, next);
    if (req.is('multipart/form-data') && isUploadRoute(req)) {
      req.body ??= {};
      return next();
    }
    next(
      new HttpError(
        415,
        `This address takes a form (application/x-www-form-urlencoded${isUploadRoute(req) ? ', or multipart/form-data for a file upload' : ''}), not ${req.get('Content-Type') ?? 'a body without a Content-Type'}.`,
      ),
    );
  };
}

/** What each body-parser failure means to the person who sent it, by the error's `type`. */
const BODY_ERRORS: Record<string, { status: number; message: string }> = {
  'entity.too.large': {
    status: 413,
    message: `The form is larger than ${FORM_BODY_LIMIT / 1024} KiB. Shorten the text, or upload a file where a file is asked for.`,
  },
  'parameters.too.many': {
    status: 413,
    message: `The form has more than ${FORM_FIELD_LIMIT} fields.`,
  },
  'querystring.parse.rangeError': { status: 400, message: 'The form nests its field names too deeply.' },
  'encoding.unsupported': {
    status: 415,
    message: 'The body is compressed in a way the server does not read (gzip, deflate and br are read).',
  },
  'charset.unsupported': { status: 415, message: 'The form must be sent as UTF-8.' },
  'request.aborted': { status: 400, message: 'The request body ended before it was complete.' },
  'request.size.invalid': { status: 400, message: 'The request body is not as long as its Content-Length says.' },
};

/**
 * Turns a body-parser failure (too large, too many fields, unreadable compression, bad charset) into an HttpError
 * with a message a person can act on; the raw body the parser may attach is dropped, so it is never logged.
 */
export const bodyErrors: ErrorRequestHandler = (err, _req, _res, next) => {
  if (!err || typeof err !== 'object' || err instanceof HttpError) return next(err);
  const e = err as { type?: unknown; status?: unknown; expose?: unknown; message?: unknown };
  const known = typeof e.type === 'string' ? BODY_ERRORS[e.type] : undefined;
  if (known) return next(new HttpError(known.status, known.message));
  if (e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500)
    return next(new HttpError(400, `The request body could not be read (${String(e.message)}).`));
  next(err);
};

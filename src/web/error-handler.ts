import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError, NotFoundError } from './http-errors.ts';
import { render } from './render.ts';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Please sign in',
  403: 'Forbidden',
  404: 'Page not found',
  409: 'Not possible now',
  413: 'Too large',
  415: 'Unsupported body',
  422: 'Cannot process',
  429: 'Too many requests',
  500: 'Something went wrong',
};

/** The error as it may be logged: its `body` property, which a parser may have filled with the raw request, removed. */
function withoutBody(err: unknown): unknown {
  if (err && typeof err === 'object' && 'body' in err) delete (err as { body?: unknown }).body;
  return err;
}

/** Turns an unmatched route into a 404. */
export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError());

/** The one place that maps errors to HTTP responses: typed errors keep their status, the rest are 500s. */
export function errorHandler(log: (err: unknown) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const status = err instanceof HttpError ? err.status : 500;
    // Request bodies are never logged: some errors carry the raw body (a password, say), so it is dropped first.
    if (status >= 500) log(withoutBody(err));
    if (res.headersSent) return;
    const message = status >= 500 ? 'The server could not finish this request. It has been logged.' : err.message;
    if (req.accepts(['html', 'json']) === 'json' && !req.accepts('html')) {
      res.status(status).json({ error: message });
      return;
    }
    render(
      req,
      res,
      { page: 'errors/show', fragment: 'errors/message' },
      { status, title: TITLES[status] ?? 'Error', message },
      status,
    );
  };
}

import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { CSRF_REFUSAL, uploadTokenValid } from './csrf.ts';
import { HttpError } from './http-errors.ts';

/**
 * Parses a multipart form with one file field, kept in memory up to a size limit; a larger file is refused with 413.
 * htmx sends the CSRF token as a header, checked before this runs; a plain form sends its `_csrf` field before the
 * file, and it is checked here when the file begins, so a forged upload is refused before any of it is kept.
 */
export function singleFileUpload(field: string, maxBytes: number): RequestHandler {
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: 1 },
    fileFilter: (req, _file, accept) =>
      uploadTokenValid(req, req.body?._csrf) ? accept(null, true) : accept(new HttpError(403, CSRF_REFUSAL)),
  }).single(field);
  return (req, res, next) =>
    parse(req, res, (err: unknown) => {
      if (!err && !uploadTokenValid(req, req.body?._csrf)) return next(new HttpError(403, CSRF_REFUSAL));
      if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') {
        return next(new HttpError(413, `The file is larger than ${Math.round(maxBytes / 2 ** 20)} MiB.`));
      }
      if (err instanceof multer.MulterError)
        return next(new HttpError(400, `The upload could not be read: ${err.message}`));
      next(err);
    });
}

/** The uploaded file's text (UTF-8, without a byte-order mark), or undefined when no file came. */
export function uploadedText(req: Request): string | undefined {
  return req.file?.buffer.toString('utf8').replace(/^\uFEFF/, '');
}

/** The uploaded file's bytes, undecoded (the use case knows which encodings it reads), or undefined when none came. */
export function uploadedBytes(req: Request): Uint8Array | undefined {
  return req.file?.buffer;
}

/** An error that maps to an HTTP status; only the error middleware turns it into a response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** 404: the thing asked for does not exist (or must not be revealed). */
export class NotFoundError extends HttpError {
  constructor(message = 'Not found') {
    super(404, message);
  }
}

/** 403: signed in, but this account may not do this. */
export class ForbiddenError extends HttpError {
  constructor(message = 'You do not have access to this page.') {
    super(403, message);
  }
}

/** 400: the request itself is malformed (not a form with field errors, which is a 422 render). */
export class BadRequestError extends HttpError {
  constructor(message = 'Bad request') {
    super(400, message);
  }
}

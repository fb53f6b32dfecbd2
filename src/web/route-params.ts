import type { Router } from 'express';
import type { Db } from '../db/client.ts';
import { namesOf } from '../db/repos/people.ts';
import { isMonth } from '../domain/month.ts';
import { NotFoundError } from './http-errors.ts';

/**
 * Parses the route parameters that name a month or a person once, for every route of a router: a month must be a
 * real YYYY-MM month and a person must exist, or the request ends in 404 before any handler runs.
 */
export function validateRouteParams(router: Router, db: Db): void {
  router.param('month', (_req, _res, next, value: string) => {
    next(isMonth(value) ? undefined : new NotFoundError(`No such month: ${value}.`));
  });
  router.param('person', (_req, _res, next, value: string) => {
    next(namesOf(db, [value]).length ? undefined : new NotFoundError('No such person.'));
  });
}

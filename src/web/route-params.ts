import type { Router } from 'express';
import type { AppContext } from '../app.ts';
import { peopleNamed } from '../services/people-lookup.ts';
import { isMonth } from '../domain/month.ts';
import { NotFoundError } from './http-errors.ts';

/**
 * Parses the route parameters that name a month or a person once, for every route of a router: a month must be a
 * real YYYY-MM month and a person must exist, or the request ends in 404 before any handler runs.
 */
export function validateRouteParams(router: Router, db: AppContext['db']): void {
  router.param('month', (_req, _res, next, value: string) => {
    next(isMonth(value) ? undefined : new NotFoundError(`No such month: ${value}.`));
  });
  router.param('person', (_req, _res, next, value: string) => {
    next(peopleNamed(db, [value]).length ? undefined : new NotFoundError('No such person.'));
  });
}

import type { Request } from 'express';
import type { AppContext } from '../app.ts';
import { findProblemRecord } from '../services/problems.ts';
import { canChangeProblem } from '../domain/access.ts';
import type { ProblemRecord } from '../domain/problem-record.ts';
import { currentAccount } from './auth.ts';
import { ForbiddenError, HttpError, NotFoundError } from './http-errors.ts';

/** The problem of a `/problems/:id…` request if the signed-in account may change it: 404 when absent, 403 when read-only, 409 when closed. */
export function changeableProblem(db: AppContext['db'], req: Request): ProblemRecord {
  const problem = findProblemRecord(db, String(req.params.id));
  if (!problem) throw new NotFoundError('No such design problem.');
  if (!canChangeProblem(currentAccount(req), problem)) {
    throw new ForbiddenError('Only this problem’s lead or an admin may change it or its cabals.');
  }
  // A closed problem is history: editing it would silently reopen it.
  if (problem.status === 'closed')
    throw new HttpError(409, `${problem.title} is closed; a closed problem is kept as history and cannot be changed.`);
  return problem;
}

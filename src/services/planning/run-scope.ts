import type { Db } from '../../db/client.ts';
import { lastPublishedMonths } from '../../db/repos/cabals.ts';
import { listProblems } from '../../db/repos/problems.ts';
import { canChangeProblem, canPlanStudio, problemsLedBy } from '../../domain/access.ts';
import type { Account } from '../../domain/account.ts';
import { currentMonth, type Clock } from '../../domain/clock.ts';
import { addMonths, type Month } from '../../domain/month.ts';

/** A problem as a run's scope lists it. */
type ScopedProblem = ReturnType<typeof listProblems>[number];

/** Which problems a run plans: the ones the account leads, the whole studio (admins), or named ones (a re-plan). */
export type RunScope = { kind: 'mine' } | { kind: 'studio' } | { kind: 'problems'; ids: string[] };

/** A scope resolved against the data: the problems to plan and the first month the run plans. */
export interface ResolvedScope {
  problems: ScopedProblem[];
  /** Null for a studio-wide run. */
  ids: string[] | null;
  first: Month;
}

/** Why a scope may not be planned: 403 when the account may not plan it, 409 when there is nothing to plan. */
export type ScopeRefusal = { ok: false; status: 403 | 409; message: string };

/**
 * The first month of a problem still to publish: the month after its last published one, or else the current month
 * or the problem's start, whichever is later.
 */
export function problemFrontier(
  lastPublished: Map<string, Month>,
  clock: Clock,
  problem: { id: string; startMonth: Month },
): Month {
  const last = lastPublished.get(problem.id);
  if (last) return addMonths(last, 1);
  const now = currentMonth(clock);
  return problem.startMonth > now ? problem.startMonth : now;
}

/**
 * Resolves a run's scope for an account: a lead's run plans the active problems they lead (none: 403); a studio-wide
 * run plans every active problem and is an admin action (403 otherwise). The run starts at the latest first month
 * still to publish among its problems, so that it never re-plans a published month of its own problems.
 */
export function resolveScope(
  db: Db,
  clock: Clock,
  account: Account,
  scope: RunScope,
): ({ ok: true } & ResolvedScope) | ScopeRefusal {
  const active = listProblems(db).filter((p) => p.status === 'active');
  let problems: ScopedProblem[];
  if (scope.kind === 'studio') {
    if (!canPlanStudio(account))
      return { ok: false, status: 403, message: 'Only an admin may plan the whole studio at once.' };
    problems = active;
  } else if (scope.kind === 'mine') {
    problems = problemsLedBy(account, active);
    if (problems.length === 0)
      return {
        ok: false,
        status: 403,
        message: 'You lead no active design problem, so a plan run of yours would have nothing to plan.',
      };
  } else {
    const ids = new Set(scope.ids);
    problems = active.filter((p) => ids.has(p.id));
    if (problems.some((p) => !canChangeProblem(account, p)))
      return { ok: false, status: 403, message: 'Only their lead or an admin may re-plan these problems.' };
  }
  if (problems.length === 0) return { ok: false, status: 409, message: 'There is no active problem to plan.' };
  // The run starts after the latest published month of its problems (a problem that starts later is simply not
  // active in the first months), and never before the current month.
  const last = lastPublishedMonths(db);
  const first = problems
    .map((p) => {
      const month = last.get(p.id);
      return month ? addMonths(month, 1) : currentMonth(clock);
    })
    .reduce((a, b) => (a > b ? a : b));
  return { ok: true, problems, ids: scope.kind === 'studio' ? null : problems.map((p) => p.id), first };
}

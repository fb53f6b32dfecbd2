import type { Db } from '../../db/client.ts';
import { lastPublishedMonth, listHistory } from '../../db/repos/cabals.ts';
import { listPins } from '../../db/repos/pins.ts';
import { listDepartments, listPlanningPeople } from '../../db/repos/people.ts';
import { listProblems } from '../../db/repos/problems.ts';
import { getPolicy } from '../../db/repos/policy.ts';
import { currentMonth, type Clock } from '../../domain/clock.ts';
import { addMonths, type Month } from '../../domain/month.ts';
import type { PlanRequest } from '../../domain/plan.ts';
import type { Person, Problem } from '../../domain/types.ts';

/** The most months one run may plan. */
export const MAX_PLAN_MONTHS = 12;

/** The first month a new plan starts at: the month after the last published month, or the current month. */
export function nextPlanMonth(db: Db, clock: Clock): Month {
  const last = lastPublishedMonth(db);
  return last ? addMonths(last, 1) : currentMonth(clock);
}

/**
 * Builds the plan request for months from `first` on out of the database: people with skills and unavailable months,
 * active problems, the policy, every cabal before `first` as history, and the pins. Problems that are no longer
 * planned but appear in history stay in the request, ended before `first`, so history still counts.
 */
export function buildPlanRequest(db: Db, first: Month, months: number): PlanRequest {
  const people: Person[] = listPlanningPeople(db);
  const known = new Set(people.map((p) => p.id));
  const history = listHistory(db, first).map((h) => ({ ...h, members: h.members.filter((m) => known.has(m)) }));
  const historyMonths = new Map<string, { first: Month; last: Month }>();
  for (const h of history) {
    const span = historyMonths.get(h.problem);
    historyMonths.set(h.problem, { first: span?.first ?? h.month, last: h.month });
  }
  const problems: Problem[] = [];
  for (const { status, lead: _lead, ...p } of listProblems(db)) {
    const span = historyMonths.get(p.id);
    if (status === 'active') problems.push(p);
    else if (span)
      problems.push({ ...p, startMonth: span.first < p.startMonth ? span.first : p.startMonth, endMonth: span.last });
  }
  const planned = new Set(problems.map((p) => p.id));
  return {
    startMonth: first,
    months,
    seed: 1,
    policy: getPolicy(db),
    departments: listDepartments(db),
    people,
    problems,
    history: history.filter((h) => planned.has(h.problem)),
    pins: listPins(db, first).filter((pin) => planned.has(pin.problem) && known.has(pin.person)),
  };
}

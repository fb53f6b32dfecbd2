import type { Db } from '../../db/client.ts';
import { listPlanMonths, listProblemCabals } from '../../db/repos/cabals.ts';
import { listProblems } from '../../db/repos/problems.ts';
import { addMonths, monthsBetween, type Month } from '../../domain/month.ts';
import type { Plan, PlanMonth, PlanRequest } from '../../domain/plan.ts';
import type { Problem } from '../../domain/types.ts';
import type { ProblemStatus } from '../../domain/problem-record.ts';
import { checkPlan } from '../../planner/index.ts';
import { buildPlanRequest } from './plan-request.ts';

/** A month of a problem's plan document, marked published (fixed for good) or draft. */
export type ExportedMonth = PlanMonth & { status: 'published' | 'draft' };

/**
 * A problem's plan document: the shared plan format, plus the fields the format allows to be added: which problem it
 * is, and each month's status.
 */
export type ProblemPlanDocument = Omit<Plan, 'months'> & {
  problem: { id: string; title: string };
  months: ExportedMonth[];
};

/** A problem as the problem list holds it: the plan format's fields, its status and its lead. */
type StoredProblem = Problem & { status: ProblemStatus };

/** The problem as a plan request's problem (no status or lead), running over at least its cabals' months. */
function asRequestProblem(problem: StoredProblem, first: Month, last: Month): Problem {
  const { status: _status, lead: _lead, ...rest } = problem;
  return {
    ...rest,
    startMonth: rest.startMonth < first ? rest.startMonth : first,
    ...(problem.status === 'closed' || (rest.endMonth !== undefined && rest.endMonth < last) ? { endMonth: last } : {}),
  };
}

/** The plan request over a problem's months, with the problem in it even when closed (its cabals are history). */
export function problemSpanRequest(db: Db, problem: StoredProblem, first: Month, last: Month): PlanRequest {
  const request = buildPlanRequest(db, first, monthsBetween(first, last) + 1);
  const own = asRequestProblem(problem, first, last);
  return { ...request, problems: [...request.problems.filter((p) => p.id !== problem.id), own] };
}

/**
 * One problem's whole timeline as a plan document in the shared plan format: every month it has a cabal, published
 * or draft (each marked), members exactly as stored, and the quality figures of this problem's cabals alone (its
 * violations judged with every other cabal of those months in view). Undefined when there is no such problem.
 */
export function problemPlanDocument(db: Db, problemId: string): ProblemPlanDocument | undefined {
  const problem = listProblems(db).find((p) => p.id === problemId);
  if (!problem) return undefined;
  const cabals = listProblemCabals(db, problemId);
  const months: ExportedMonth[] = cabals.map((c) => ({
    month: c.month,
    status: c.status,
    cabals: [
      {
        problem: problemId,
        members: [...c.members]
          .sort((a, b) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0))
          .map((m) => ({ person: m.personId, tags: m.tags, why: m.why })),
      },
    ],
  }));
  const head = { status: 'planned' as const, problem: { id: problem.id, title: problem.title } };
  if (months.length === 0)
    return {
      ...head,
      months,
      quality: { violations: 0, servedShare: 0, maxMonthsServed: 0, gini: 0, meanSkillFit: 0, newPairShare: 0 },
    };
  const first = months[0].month;
  const last = months.at(-1)!.month;
  const request = problemSpanRequest(db, problem, first, last);
  // Violations are judged against every cabal of those months (a person seated twice, streaks across problems)...
  const everything = listPlanMonths(db, { from: first, before: addMonths(last, 1) });
  const violations = checkPlan(request, { months: everything }).violations.filter((v) => v.problem === problemId);
  // ...and the other figures measure this problem's cabals alone.
  const own = { ...request, problems: request.problems.filter((p) => p.id === problemId) };
  const { quality } = checkPlan(own, { months: months.map(({ month, cabals: c }) => ({ month, cabals: c })) });
  return { ...head, months, quality: { ...quality, violations: violations.length } };
}

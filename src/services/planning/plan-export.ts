import type { Db } from '../../db/client.ts';
import { draftMonthSpan, listPlanMonths } from '../../db/repos/cabals.ts';
import { listProblems } from '../../db/repos/problems.ts';
import { monthsBetween } from '../../domain/month.ts';
import type { Plan } from '../../domain/plan.ts';
import { checkPlan } from '../../planner/index.ts';
import { buildPlanRequest } from './plan-request.ts';

/** One problem's drafted months as a plan document in the shared plan format (quality is the whole draft plan's). */
export function problemPlanDocument(db: Db, problemId: string): Plan | undefined {
  if (!listProblems(db).some((p) => p.id === problemId)) return undefined;
  const drafts = listPlanMonths(db, { status: 'draft' });
  const months = drafts
    .map((m) => ({ month: m.month, cabals: m.cabals.filter((c) => c.problem === problemId) }))
    .filter((m) => m.cabals.length > 0);
  const span = draftMonthSpan(db);
  const quality = span
    ? checkPlan(buildPlanRequest(db, span.first, monthsBetween(span.first, span.last) + 1), { months: drafts }).quality
    : { violations: 0, servedShare: 0, maxMonthsServed: 0, gini: 0, meanSkillFit: 0, newPairShare: 0 };
  return { status: 'planned', months, quality };
}

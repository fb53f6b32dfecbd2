import { insertAudit } from '../../db/repos/audit.ts';
import { lastPublishedMonths, listPlanMonths, publishProblemsMonth } from '../../db/repos/cabals.ts';
import { listProblems } from '../../db/repos/problems.ts';
import { canChangeProblem, isAdmin, problemsLedBy } from '../../domain/access.ts';
import type { Account } from '../../domain/account.ts';
import { addMonths, monthLabel, type Month } from '../../domain/month.ts';
import { checkPlan } from '../../planner/index.ts';
import type { PlanningDeps, Refusal } from './deps.ts';
import { namedViolations } from './person-names.ts';
import { buildPlanRequest } from './plan-request.ts';
import { problemFrontier } from './run-scope.ts';

/** A publication that was refused; 403 when the account may not publish what it asked for. */
export type PublishRefusal = Refusal & { status: 403 | 409 | 422 };

/**
 * Publishes a month's draft cabals, which are fixed for every later run from then on: one problem's (by its lead or an
 * admin), or with no problem named, an admin's whole month or a lead's own problems in that month. Each problem's
 * months are published in order, without gaps, and only a cabal that keeps every hard rule. The checks and the write
 * run in one immediate transaction, which takes the database's write lock first, so two app processes can never both
 * publish the same cabals: the second waits, checks again and is refused.
 */
export function publishDraftMonth(
  deps: PlanningDeps,
  account: Account,
  month: Month,
  problemId?: string,
): { ok: true; cabals: number; titles: string[] } | PublishRefusal {
  const { db, clock } = deps;
  const label = monthLabel(month);
  return db.transaction(
    (tx): { ok: true; cabals: number; titles: string[] } | PublishRefusal => {
      const problems = listProblems(tx);
      const monthPlan = listPlanMonths(tx, { from: month, before: addMonths(month, 1) });
      const drafted = new Set(
        listPlanMonths(tx, { from: month, before: addMonths(month, 1), status: 'draft' }).flatMap((m) =>
          m.cabals.map((c) => c.problem),
        ),
      );
      let targets = problems.filter((p) => drafted.has(p.id));
      if (problemId !== undefined) {
        const problem = problems.find((p) => p.id === problemId);
        if (!problem || !canChangeProblem(account, problem))
          return { ok: false, status: 403, message: 'Only its lead or an admin may publish a problem’s month.' };
        if (!drafted.has(problem.id))
          return { ok: false, status: 409, message: `${problem.title} has no draft cabal in ${label} to publish.` };
        targets = [problem];
      } else if (targets.length === 0) {
        return { ok: false, status: 409, message: `${label} has no draft cabals to publish.` };
      } else if (!isAdmin(account)) {
        targets = problemsLedBy(account, targets);
        if (targets.length === 0)
          return {
            ok: false,
            status: 422,
            message: `Only an admin or the lead of one of ${label}'s problems may publish it.`,
          };
      }
      // Published months are history, so each problem's run on without a gap: a skipped month could never be staffed.
      const last = lastPublishedMonths(tx);
      const early = targets.filter((p) => problemFrontier(last, clock, p) !== month);
      if (early.length)
        return {
          ok: false,
          status: early.some((p) => problemFrontier(last, clock, p) > month) ? 409 : 422,
          message: early
            .map((p) => {
              const next = problemFrontier(last, clock, p);
              return next > month
                ? `${p.title}: ${label} is already published.`
                : `${p.title}: publish ${monthLabel(next)} first; a problem's months are published in order, without gaps.`;
            })
            .join(' '),
        };
      const ids = new Set(targets.map((p) => p.id));
      const { violations, malformed } = checkPlan(buildPlanRequest(deps.db, month, 1), { months: monthPlan });
      // A draft may name someone the studio no longer plans with (they left): not a broken rule, but not publishable.
      const unresolved = malformed.filter((e) => ids.has(e.problem));
      if (unresolved.length)
        return {
          ok: false,
          status: 422,
          message: `${label} names ${unresolved.map((e) => e.message).join(', ')}; re-plan it before publishing.`,
        };
      const broken = violations.filter((v) => ids.has(v.problem));
      if (broken.length)
        return {
          ok: false,
          status: 422,
          message: `${label} breaks hard rules; re-plan it before publishing.`,
          violations: namedViolations(deps.db, broken),
        };
      const at = clock.now().toISO()!;
      const titles = targets.map((p) => p.title);
      const count = publishProblemsMonth(tx, month, [...ids], at, account.id);
      insertAudit(
        tx,
        [
          {
            action: 'month.publish',
            month,
            problemId: targets.length === 1 ? targets[0].id : undefined,
            detail: `published ${count} cabal${count === 1 ? '' : 's'} of ${label}: ${titles.join(', ')}`,
          },
        ],
        { userId: account.id, at },
      );
      return { ok: true, cabals: count, titles };
    },
    { behavior: 'immediate' },
  );
}

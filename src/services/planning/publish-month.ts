import { insertAudit } from '../../db/repos/audit.ts';
import { listDraftMonths, listPlanMonths, publishMonth } from '../../db/repos/cabals.ts';
import { listProblems } from '../../db/repos/problems.ts';
import { canPublish } from '../../domain/access.ts';
import type { Account } from '../../domain/account.ts';
import { addMonths, type Month } from '../../domain/month.ts';
import { checkPlan } from '../../planner/index.ts';
import type { PlanningDeps, Refusal } from './deps.ts';
import { namedViolations } from './person-names.ts';
import { buildPlanRequest, nextPlanMonth } from './plan-request.ts';

/** Publishes the earliest draft month after checking it against every hard rule; its cabals are frozen from then on. */
export function publishDraftMonth(
  deps: PlanningDeps,
  account: Account,
  month: Month,
): { ok: true; cabals: number } | Refusal {
  const { db, clock } = deps;
  const drafts = listDraftMonths(db);
  if (!drafts.includes(month)) return { ok: false, message: `${month} has no draft cabals to publish.` };
  const next = nextPlanMonth(db, clock);
  // Published months are history, so they must run on without a gap: a skipped month could never be staffed.
  if (month !== next)
    return { ok: false, message: `Publish ${next} first: months are published in order, without gaps.` };
  const monthPlan = listPlanMonths(db, { from: month, before: addMonths(month, 1) });
  const inMonth = new Set(monthPlan.flatMap((m) => m.cabals.map((c) => c.problem)));
  if (
    !canPublish(
      account,
      listProblems(db).filter((p) => inMonth.has(p.id)),
    )
  ) {
    return { ok: false, message: `Only an admin or the lead of one of ${month}'s problems may publish it.` };
  }
  const request = buildPlanRequest(db, month, 1);
  const { violations } = checkPlan(request, { months: monthPlan });
  if (violations.length) {
    return {
      ok: false,
      message: `${month} breaks hard rules; re-plan it before publishing.`,
      violations: namedViolations(db, violations),
    };
  }
  const at = clock.now().toISO()!;
  const cabals = db.transaction((tx) => {
    const count = publishMonth(tx, month, at, account.id);
    insertAudit(tx, [{ action: 'month.publish', month, detail: `published ${count} cabals of ${month}` }], {
      userId: account.id,
      at,
    });
    return count;
  });
  return { ok: true, cabals };
}

import { insertAudit } from '../../db/repos/audit.ts';
import { deleteDraftsFrom, isMonthPublished, listPlanMonths, writePlanMonths } from '../../db/repos/cabals.ts';
import {
  findPlanRun,
  finishPlanRun,
  insertPlanRun,
  updatePlanRunProgress,
  type PlanRunOutcome,
} from '../../db/repos/plan-runs.ts';
import { canCancelRun } from '../../domain/access.ts';
import type { Account } from '../../domain/account.ts';
import { compareMonths, type Month } from '../../domain/month.ts';
import type { PlanRequest, PlanResult } from '../../domain/plan.ts';
import { checkPlan } from '../../planner/index.ts';
import { membershipMoves } from '../audit.ts';
import { PlanRunStopped, startPlanRun } from '../plan-runner.ts';
import type { PlanningDeps } from './deps.ts';
import { buildPlanRequest, MAX_PLAN_MONTHS, nextPlanMonth } from './plan-request.ts';

/** How long a web-started run may take before its worker is stopped (12 months of 3000 people plan in about 10 s). */
const RUN_DEADLINE_MS = 3 * 60 * 1000;

/** Why a run could not start. */
export type StartRefusal = { ok: false; message: string; runId?: number };

/**
 * Starts planning `months` months from `first` (by default the next unpublished month) in a worker thread and
 * returns the run's id at once; the run saves its drafts itself when the whole horizon is planned.
 */
export function startPlanning(
  deps: PlanningDeps,
  account: Account,
  options: { months: number; first?: Month },
): { ok: true; runId: number } | StartRefusal {
  const { db, clock, runs } = deps;
  const running = runs.anyRunning();
  if (running !== undefined)
    return { ok: false, message: 'A plan is already running; wait for it to finish.', runId: running };
  const earliest = nextPlanMonth(db, clock);
  const first = options.first ?? earliest;
  if (compareMonths(first, earliest) < 0)
    return { ok: false, message: `${first} is published; planning starts at ${earliest}.` };
  const months = Math.max(1, Math.min(MAX_PLAN_MONTHS, Math.trunc(options.months)));
  const request = buildPlanRequest(db, first, months);
  const at = clock.now().toISO()!;
  const runId = insertPlanRun(db, { startedBy: account.id, startedAt: at, firstMonth: first, months });
  const handle = startPlanRun(request, {
    deadlineMs: RUN_DEADLINE_MS,
    onProgress: (p) => updatePlanRunProgress(db, runId, Math.min(p.monthIndex, months)),
  });
  runs.add(runId, handle);
  handle.promise
    .then((result) => saveRunResult(deps, account, runId, request, result))
    .catch((error: unknown) => {
      finishPlanRun(db, runId, { status: 'failed', message: failureMessage(error) }, clock.now().toISO()!);
    })
    .finally(() => runs.remove(runId));
  return { ok: true, runId };
}

/** Says in plain words why a run stopped without an answer. */
function failureMessage(error: unknown): string {
  if (error instanceof PlanRunStopped) {
    return error.reason === 'cancelled'
      ? 'The run was cancelled.'
      : `The planner did not finish within ${RUN_DEADLINE_MS / 60000} minutes. Try fewer months, or remove the newest pin.`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Stops a running plan; nothing it would have drafted is saved. Returns whether there was a live run to stop. */
export function cancelPlanning(deps: PlanningDeps, runId: number, account: Account): boolean {
  const run = findPlanRun(deps.db, runId);
  if (!run || !canCancelRun(account, run)) return false;
  const handle = deps.runs.get(runId);
  handle?.cancel();
  return handle !== undefined;
}

/**
 * Saves a finished run: a plan replaces every draft from its first month on (published months are never touched, and
 * the moves are audited); an infeasible answer is only recorded, so nothing already drafted is lost.
 */
function saveRunResult(
  deps: PlanningDeps,
  account: Account,
  runId: number,
  request: PlanRequest,
  result: PlanResult,
): void {
  const { db, clock } = deps;
  const at = clock.now().toISO()!;
  if (result.status === 'infeasible') return finishPlanRun(db, runId, result, at);
  const months = result.plan.months.map((m) => m.month);
  const published = months.filter((m) => isMonthPublished(db, m));
  if (published.length) {
    return finishPlanRun(
      db,
      runId,
      { status: 'failed', message: `${published.join(', ')} was published while the plan ran; plan again.` },
      at,
    );
  }
  // The studio may have changed while the plan ran (a profile, a problem, the policy): check it against today's data.
  const fresh = buildPlanRequest(db, request.startMonth, request.months);
  const stale = checkPlan(fresh, result.plan).violations;
  if (stale.length) {
    const rules = [...new Set(stale.map((v) => v.rule))].join(', ');
    return finishPlanRun(
      db,
      runId,
      {
        status: 'failed',
        message: `The studio changed while the plan ran, and the plan now breaks ${rules}; nothing was saved. Plan again.`,
      },
      at,
    );
  }
  const outcome: PlanRunOutcome = db.transaction((tx) => {
    const before = listPlanMonths(tx, { from: request.startMonth, status: 'draft' });
    const last = months.at(-1) ?? request.startMonth;
    const dropped = [...new Set(before.map((m) => m.month))].filter((m) => compareMonths(m, last) > 0);
    deleteDraftsFrom(tx, request.startMonth);
    writePlanMonths(tx, result.plan.months, 'draft', at, account.id);
    const moves = membershipMoves(before, result.plan.months, `plan run #${runId}`);
    insertAudit(tx, [...moves, { action: 'plan.save', detail: `plan run #${runId} drafted ${months.join(', ')}` }], {
      userId: account.id,
      at,
    });
    return { status: 'planned', months, quality: result.plan.quality, droppedMonths: dropped };
  });
  finishPlanRun(db, runId, outcome, at);
}

import { insertAudit } from '../../db/repos/audit.ts';
import { deleteProblemDrafts, lastPublishedMonths, listPlanMonths, writePlanMonths } from '../../db/repos/cabals.ts';
import {
  findPlanRun,
  findRunningPlanRun,
  finishPlanRun,
  insertPlanRun,
  touchPlanRun,
  updatePlanRunProgress,
  type PlanRunOutcome,
  type StoredAnswer,
} from '../../db/repos/plan-runs.ts';
import { listProblems } from '../../db/repos/problems.ts';
import { canCancelRun } from '../../domain/access.ts';
import type { Account } from '../../domain/account.ts';
import { addMonths, compareMonths, monthLabel, monthsBetween, type Month } from '../../domain/month.ts';
import {
  mergePlanMonths,
  type InfeasibleAnswer,
  type PlanMonth,
  type Quality,
  type Violation,
} from '../../domain/plan.ts';
import type { Pin } from '../../domain/types.ts';
import { checkPlan } from '../../planner/index.ts';
import { membershipMoves } from '../audit.ts';
import { PlanRunStopped, startPlanRun, type PlanRun as WorkerRun } from '../plan-runner.ts';
import type { PlanningDeps } from './deps.ts';
import { namedAnswer, namedViolations } from './person-names.ts';
import { describeMoves, nameLookup, rosterMoves } from './change-notice.ts';
import { buildPlanRequest, MAX_PLAN_MONTHS } from './plan-request.ts';
import { resolveScope, type RunScope } from './run-scope.ts';
import { buildScopedRequest, streakOverruns } from './scoped-request.ts';
import type { LiveRun } from './run-registry.ts';
import { HEARTBEAT_MS } from './run-owner.ts';
import { failOrphanedRuns } from './orphaned-runs.ts';
import { monthsAChangeReaches } from '../../domain/streaks.ts';
import { wayOutEdits } from '../../domain/way-out-edits.ts';

/** How long one planner pass may take before its worker is stopped (12 months of 3000 people plan in about 10 s). */
const RUN_DEADLINE_MS = 3 * 60 * 1000;

/** How many times a run re-plans with pins out when planned seats and fixed seats together make a streak too long. */
const STREAK_REPAIRS = 4;

/** Why a run could not start: 403 when the account may not plan that scope, 409 when a run is going or a month is published. */
export type StartRefusal = { ok: false; status: 403 | 409; message: string; runId?: number };

/**
 * Starts planning `months` months of a scope (by default the problems the account leads) in a worker thread and
 * returns the run's id at once. The run plans only its problems, with every other cabal fixed; a problem that cannot
 * be staffed is left as it was and listed, and the others are planned. Drafts after the planned months are kept.
 */
export function startPlanning(
  deps: PlanningDeps,
  account: Account,
  options: { months: number; first?: Month; scope?: RunScope },
): { ok: true; runId: number } | StartRefusal {
  const { db, clock, runs } = deps;
  // A run left "running" by a process that died since is failed first, so it cannot block planning for good.
  if (runs.size === 0 && findRunningPlanRun(db) !== undefined) failOrphanedRuns(deps);
  const running = runs.anyRunning() ?? findRunningPlanRun(db);
  if (running !== undefined)
    return { ok: false, status: 409, message: 'A plan is already running; wait for it to finish.', runId: running };
  const scope = resolveScope(db, clock, account, options.scope ?? { kind: 'mine' });
  if (!scope.ok) return scope;
  const first = options.first ?? scope.first;
  if (compareMonths(first, scope.first) < 0)
    return {
      ok: false,
      status: 409,
      message: `${monthLabel(first)} is published; planning starts at ${monthLabel(scope.first)}.`,
    };
  const months = Math.max(1, Math.min(MAX_PLAN_MONTHS, Math.trunc(options.months)));
  const at = clock.now().toISO()!;
  const runId = insertPlanRun(db, {
    startedBy: account.id,
    startedAt: at,
    firstMonth: first,
    months,
    scope: scope.ids,
    owner: runs.owner,
  });
  if (runId === undefined) {
    const other = findRunningPlanRun(db);
    return { ok: false, status: 409, message: 'A plan is already running; wait for it to finish.', runId: other };
  }
  const handle = scopedRun(
    deps,
    account,
    runId,
    first,
    months,
    scope.problems.map((p) => p.id),
  );
  runs.add(runId, handle);
  // Other app processes on this database leave a run alone while its owner keeps saying it is working on it.
  const heartbeat = setInterval(() => touchPlanRun(db, runId, clock.now().toISO()!), HEARTBEAT_MS);
  heartbeat.unref();
  void handle.promise.finally(() => {
    clearInterval(heartbeat);
    runs.remove(runId);
  });
  return { ok: true, runId };
}

/**
 * Plans a scope pass by pass: a pass that finds a problem infeasible leaves that problem out (its drafts stay) and
 * plans the rest again; a pass whose seats make a streak too long with fixed seats pins those seats out and plans
 * again. The run records its end itself; its promise never rejects.
 */
function scopedRun(
  deps: PlanningDeps,
  account: Account,
  runId: number,
  first: Month,
  months: number,
  problemIds: string[],
): LiveRun {
  const { db, clock } = deps;
  let current: WorkerRun | undefined;
  let cancelled = false;
  const work = async (): Promise<PlanRunOutcome> => {
    const remaining = new Set(problemIds);
    const blocked: StoredAnswer[] = [];
    const excludes: Pin[] = [];
    for (let round = 0; ; round++) {
      if (cancelled) throw new PlanRunStopped('cancelled', 'cancelled');
      if (remaining.size === 0) return { ...blocked[0], blocked };
      const scoped = buildScopedRequest(db, remaining, first, months, excludes);
      current = startPlanRun(scoped.request, {
        deadlineMs: RUN_DEADLINE_MS,
        onProgress: (p) => updatePlanRunProgress(db, runId, Math.min(p.monthIndex, months), clock.now().toISO()!),
      });
      const result = await current.promise;
      // Neither a plan nor a proof within the budget: a failed run, in the planner's own words.
      if (result.status === 'undecided') return { status: 'failed', message: result.message };
      if (result.status === 'infeasible') {
        // Each way out is also kept as changes by id: its patch points into this scoped request by position.
        const edits = result.wayOuts.map((w) => wayOutEdits(scoped.request, w.patch) ?? null);
        const named: StoredAnswer = { ...namedAnswer(db, result), edits };
        blocked.push(named);
        if (!remaining.delete(result.problem)) return { ...named, blocked };
        continue;
      }
      const planned = result.plan.months
        .map((m) => ({ ...m, cabals: m.cabals.filter((c) => remaining.has(c.problem)) }))
        .filter((m) => m.cabals.length > 0);
      const overruns = streakOverruns(
        scoped.request,
        [...scoped.fixed, ...scoped.later],
        planned,
        scoped.request.policy.maxConsecutiveMonths,
      );
      if (overruns.length && round < STREAK_REPAIRS) {
        excludes.push(...overruns);
        continue;
      }
      return saveRun(
        deps,
        account,
        runId,
        { first, months, problems: remaining, planned },
        result.plan.quality,
        blocked,
      );
    }
  };
  const promise = work()
    .catch((error: unknown): PlanRunOutcome => ({ status: 'failed', message: failureMessage(error) }))
    .then((outcome) => finishPlanRun(db, runId, outcome, clock.now().toISO()!));
  return {
    promise,
    cancel: () => {
      cancelled = true;
      current?.cancel();
    },
  };
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
 * Saves a finished pass: its problems' drafts inside the planned months are replaced (published cabals are never
 * touched, other problems' cabals and every later draft are kept), after checking the result against today's data.
 * Later drafts that the new months make break a rule are reported, not changed.
 */
function saveRun(
  deps: PlanningDeps,
  account: Account,
  runId: number,
  run: { first: Month; months: number; problems: Set<string>; planned: PlanMonth[] },
  quality: Quality,
  blocked: InfeasibleAnswer[],
): PlanRunOutcome {
  const { db, clock } = deps;
  const at = clock.now().toISO()!;
  const after = addMonths(run.first, run.months);
  const ids = [...run.problems];
  const last = lastPublishedMonths(db);
  const published = ids.filter((id) => {
    const month = last.get(id);
    return month !== undefined && compareMonths(month, run.first) >= 0;
  });
  if (published.length)
    return {
      status: 'failed',
      message: `${titles(db, published)} had a month published while the plan ran; nothing was saved. Plan again.`,
    };
  // The studio may have changed while the plan ran (a profile, a problem, the policy): check it against today's data,
  // together with the fixed cabals and the later drafts it joins.
  const later = listPlanMonths(db, { from: after, status: 'draft' }).at(-1)?.month;
  const horizon = monthsAChangeReaches(buildPlanRequest(db, run.first, 1).policy);
  const end = later ? (monthsBetween(after, later) >= horizon ? addMonths(after, horizon - 1) : later) : undefined;
  const span = run.months + (end ? monthsBetween(after, end) + 1 : 0);
  const request = buildPlanRequest(db, run.first, span);
  const existing = listPlanMonths(db, { from: run.first, before: addMonths(run.first, span) });
  const merged = mergePlanMonths(
    existing.map((m) => (m.month < after ? { ...m, cabals: m.cabals.filter((c) => !run.problems.has(c.problem)) } : m)),
    run.planned,
  );
  const key = (v: Violation) => `${v.rule}|${v.month}|${v.problem}|${v.detail}`;
  const before = new Set(checkPlan(request, { months: existing }).violations.map(key));
  const added = checkPlan(request, { months: merged }).violations.filter((v) => !before.has(key(v)));
  const inside = added.filter((v) => v.month < after);
  if (inside.length) {
    const rules = [...new Set(inside.map((v) => v.rule))].join(', ');
    return {
      status: 'failed',
      message: `The studio changed while the plan ran, and the plan now breaks ${rules}; nothing was saved. Plan again.`,
    };
  }
  const months = run.planned.map((m) => m.month);
  return db.transaction((tx) => {
    const previous = listPlanMonths(tx, { from: run.first, before: after, status: 'draft' }).map((m) => ({
      ...m,
      cabals: m.cabals.filter((c) => run.problems.has(c.problem)),
    }));
    deleteProblemDrafts(tx, { from: run.first, before: after }, ids);
    writePlanMonths(tx, run.planned, 'draft', at, account.id);
    const moves = membershipMoves(previous, run.planned, `plan run #${runId}`);
    const changes = rosterChanges(db, previous, run.planned);
    insertAudit(
      tx,
      [
        ...moves,
        {
          action: 'plan.save',
          detail: `plan run #${runId} drafted ${titles(db, ids)} for ${months.map(monthLabel).join(', ')}`,
        },
      ],
      { userId: account.id, at },
    );
    return {
      status: 'planned',
      months,
      quality,
      droppedMonths: [],
      problems: ids,
      blocked,
      laterBreaks: namedViolations(
        db,
        added.filter((v) => v.month >= after),
      ),
      changes,
    };
  });
}

/**
 * What a run changed in the drafts it replaced, one sentence per changed cabal with names and months, e.g.
 * { problem: 'alpha', text: 'March 2027: Aiko Holm replaces Ben Ode' }; a cabal drafted for the first time is "new".
 */
function rosterChanges(
  db: PlanningDeps['db'],
  previous: PlanMonth[],
  planned: PlanMonth[],
): { problem: string; month: Month; text: string }[] {
  const before = new Map(previous.flatMap((m) => m.cabals.map((c) => [`${m.month}|${c.problem}`, c] as const)));
  const name = nameLookup(
    db,
    [...previous, ...planned].flatMap((m) => m.cabals.flatMap((c) => c.members.map((x) => x.person))),
  );
  return planned.flatMap((m) =>
    m.cabals.flatMap((c) => {
      const was = before.get(`${m.month}|${c.problem}`);
      const now = c.members.map((x) => x.person);
      if (!was) return [{ problem: c.problem, month: m.month, text: `${monthLabel(m.month)}: new cabal` }];
      const moves = rosterMoves(
        was.members.map((x) => x.person),
        now,
      );
      const said = describeMoves(name, moves.joined, moves.left);
      return said ? [{ problem: c.problem, month: m.month, text: `${monthLabel(m.month)}: ${said}` }] : [];
    }),
  );
}

/** Problem titles for a message, in the order given. */
function titles(db: PlanningDeps['db'], ids: string[]): string {
  const byId = new Map(listProblems(db).map((p) => [p.id, p.title]));
  return ids.map((id) => byId.get(id) ?? id).join(', ');
}

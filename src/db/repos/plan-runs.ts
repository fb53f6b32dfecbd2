import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import { planRuns } from '../schema.ts';
import type { Month } from '../../domain/month.ts';
import type { InfeasibleAnswer, Quality, Violation } from '../../domain/plan.ts';
import type { WayOutEdit } from '../../domain/way-out-edits.ts';

/**
 * An infeasible answer as a run stores it: with each way out also read as changes to the studio's data by id
 * (`edits[k]` for `wayOuts[k]`; null when it cannot be applied from the web), so it can be applied later.
 */
export type StoredAnswer = InfeasibleAnswer & { edits?: (WayOutEdit[] | null)[] };

/**
 * What a finished run stored: the months it drafted and their quality (with the problems it planned, those it could
 * not plan and why, and later drafts its months now make break a rule), the infeasible answer, or the failure.
 */
export type PlanRunOutcome =
  | {
      status: 'planned';
      months: Month[];
      quality: Quality;
      droppedMonths: Month[];
      problems?: string[];
      blocked?: StoredAnswer[];
      laterBreaks?: Violation[];
      /** What the run changed in the drafts it replaced, by problem and month, in words. */
      changes?: { problem: string; month: Month; text: string }[];
    }
  | (StoredAnswer & { blocked?: StoredAnswer[] })
  | { status: 'failed'; message: string };

/** A planner run started from the web, followed by the progress widget. */
export interface PlanRun {
  id: number;
  startedBy: number | null;
  startedAt: string;
  firstMonth: Month;
  months: number;
  status: 'running' | 'planned' | 'infeasible' | 'failed';
  monthsDone: number;
  outcome: PlanRunOutcome | null;
  finishedAt: string | null;
  /** The problems the run plans, or null for a studio-wide run. */
  scope: string[] | null;
  /** The app process working on the run ("<process id>:<start token>"), or null for runs from before owners. */
  owner: string | null;
  /** When the owner last said it was still working on the run. */
  heartbeatAt: string | null;
}

type Row = typeof planRuns.$inferSelect;

function toRun(row: Row): PlanRun {
  const { result, scope, ...rest } = row;
  return { ...rest, scope: scope ?? null, outcome: (result as PlanRunOutcome | null) ?? null };
}

/**
 * Records the start of a run and returns its id, or undefined when a run is already running in this database (a
 * unique index allows one running row, so two app processes can never both start one).
 */
export function insertPlanRun(
  db: Conn,
  run: {
    startedBy: number;
    startedAt: string;
    firstMonth: Month;
    months: number;
    scope?: string[] | null;
    owner?: string;
  },
): number | undefined {
  try {
    return db
      .insert(planRuns)
      .values({ ...run, heartbeatAt: run.startedAt })
      .returning({ id: planRuns.id })
      .get().id;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return undefined;
    throw new Error('db: unable to record a plan run', { cause: error });
  }
}

/** The id of the run recorded as running, if any. */
export function findRunningPlanRun(db: Conn): number | undefined {
  return db.select({ id: planRuns.id }).from(planRuns).where(eq(planRuns.status, 'running')).get()?.id;
}

/** Records how many months a run has planned so far, which is also a sign of life from its owner. */
export function updatePlanRunProgress(db: Conn, id: number, monthsDone: number, at: string): void {
  db.update(planRuns).set({ monthsDone, heartbeatAt: at }).where(eq(planRuns.id, id)).run();
}

/** Records that a run's owner is still working on it. */
export function touchPlanRun(db: Conn, id: number, at: string): void {
  db.update(planRuns)
    .set({ heartbeatAt: at })
    .where(and(eq(planRuns.id, id), eq(planRuns.status, 'running')))
    .run();
}

/** The runs recorded as running, whoever owns them. */
export function listRunningPlanRuns(db: Conn): PlanRun[] {
  return db.select().from(planRuns).where(eq(planRuns.status, 'running')).all().map(toRun);
}

/** Records how a run ended. */
export function finishPlanRun(db: Conn, id: number, outcome: PlanRunOutcome, at: string): void {
  const status = outcome.status;
  db.update(planRuns)
    .set({
      status,
      result: outcome,
      finishedAt: at,
      ...(status === 'planned' ? { monthsDone: outcome.months.length } : {}),
    })
    .where(eq(planRuns.id, id))
    .run();
}

/** Loads one run, or undefined. */
export function findPlanRun(db: Conn, id: number): PlanRun | undefined {
  const row = db.select().from(planRuns).where(eq(planRuns.id, id)).get();
  return row && toRun(row);
}

/** The most recent runs, newest first. */
export function listPlanRuns(db: Conn, limit = 5): PlanRun[] {
  return db.select().from(planRuns).orderBy(desc(planRuns.id)).limit(limit).all().map(toRun);
}

/** Marks the given runs, if still recorded as running, as failed with a message; returns how many changed. */
export function failRunningPlanRuns(db: Conn, ids: number[], message: string, at: string): number {
  if (ids.length === 0) return 0;
  const outcome: PlanRunOutcome = { status: 'failed', message };
  return db
    .update(planRuns)
    .set({ status: 'failed', result: outcome, finishedAt: at })
    .where(and(eq(planRuns.status, 'running'), inArray(planRuns.id, ids)))
    .run().changes;
}

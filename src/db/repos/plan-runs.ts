import { desc, eq } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import { planRuns } from '../schema.ts';
import type { Month } from '../../domain/month.ts';
import type { InfeasibleAnswer, Quality, Violation } from '../../domain/plan.ts';

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
      blocked?: InfeasibleAnswer[];
      laterBreaks?: Violation[];
      /** What the run changed in the drafts it replaced, by problem and month, in words. */
      changes?: { problem: string; month: Month; text: string }[];
    }
  | (InfeasibleAnswer & { blocked?: InfeasibleAnswer[] })
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
  run: { startedBy: number; startedAt: string; firstMonth: Month; months: number; scope?: string[] | null },
): number | undefined {
  try {
    return db.insert(planRuns).values(run).returning({ id: planRuns.id }).get().id;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return undefined;
    throw new Error('db: unable to record a plan run', { cause: error });
  }
}

/** The id of the run recorded as running, if any. */
export function findRunningPlanRun(db: Conn): number | undefined {
  return db.select({ id: planRuns.id }).from(planRuns).where(eq(planRuns.status, 'running')).get()?.id;
}

/** Records how many months a run has planned so far. */
export function updatePlanRunProgress(db: Conn, id: number, monthsDone: number): void {
  db.update(planRuns).set({ monthsDone }).where(eq(planRuns.id, id)).run();
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

/** Marks every run still recorded as running as failed with a message; returns how many there were. */
export function failRunningPlanRuns(db: Conn, message: string, at: string): number {
  const outcome: PlanRunOutcome = { status: 'failed', message };
  return db
    .update(planRuns)
    .set({ status: 'failed', result: outcome, finishedAt: at })
    .where(eq(planRuns.status, 'running'))
    .run().changes;
}

import { desc, eq } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import { planRuns } from '../schema.ts';
import type { Month } from '../../domain/month.ts';
import type { InfeasibleAnswer, Quality } from '../../domain/plan.ts';

/** What a finished run stored: the months it drafted and their quality, the infeasible answer, or the failure. */
export type PlanRunOutcome =
  | { status: 'planned'; months: Month[]; quality: Quality; droppedMonths: Month[] }
  | InfeasibleAnswer
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
}

type Row = typeof planRuns.$inferSelect;

function toRun(row: Row): PlanRun {
  const { result, ...rest } = row;
  return { ...rest, outcome: (result as PlanRunOutcome | null) ?? null };
}

/** Records the start of a run; returns its id. */
export function insertPlanRun(
  db: Conn,
  run: { startedBy: number; startedAt: string; firstMonth: Month; months: number },
): number {
  return db.insert(planRuns).values(run).returning({ id: planRuns.id }).get().id;
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

import type { Db } from '../../db/client.ts';
import { findPlanRun, listRunningPlanRuns, type PlanRun } from '../../db/repos/plan-runs.ts';
import type { PlanningDeps } from './deps.ts';
import { runIsLive } from './run-owner.ts';

/** A plan run by id, or undefined when there is none (or the id is not a whole number). */
export function findPlanRunById(db: Db, id: number): PlanRun | undefined {
  return Number.isSafeInteger(id) ? findPlanRun(db, id) : undefined;
}

/** Tells whether a plan run is being worked on now, in this app or another app process on the same database. */
export function planRunGoing(deps: Pick<PlanningDeps, 'db' | 'runs' | 'clock'>): boolean {
  return deps.runs.size > 0 || listRunningPlanRuns(deps.db).some((run) => runIsLive(run, deps.runs, deps.clock));
}

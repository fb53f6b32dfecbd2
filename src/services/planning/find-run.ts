import type { Db } from '../../db/client.ts';
import { findPlanRun, type PlanRun } from '../../db/repos/plan-runs.ts';

/** A plan run by id, or undefined when there is none (or the id is not a whole number). */
export function findPlanRunById(db: Db, id: number): PlanRun | undefined {
  return Number.isSafeInteger(id) ? findPlanRun(db, id) : undefined;
}

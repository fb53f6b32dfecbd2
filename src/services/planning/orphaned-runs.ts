import { failRunningPlanRuns } from '../../db/repos/plan-runs.ts';
import type { PlanningDeps } from './deps.ts';

/**
 * Marks runs a crash left "running" as failed, at start-up, before this process starts any run of its own: their
 * worker died with the process, so they will never finish, and nothing they planned was saved. Returns their number.
 */
export function failOrphanedRuns(deps: Pick<PlanningDeps, 'db' | 'clock'>): number {
  return failRunningPlanRuns(
    deps.db,
    'The app stopped while this run was working, so nothing was saved. Plan again.',
    deps.clock.now().toISO()!,
  );
}

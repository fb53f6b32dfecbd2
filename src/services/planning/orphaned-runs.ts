import { failRunningPlanRuns, listRunningPlanRuns } from '../../db/repos/plan-runs.ts';
import type { PlanningDeps } from './deps.ts';
import { runIsLive } from './run-owner.ts';

/**
 * Marks runs a crash left "running" as failed, at start-up, before this process starts any run of its own: their
 * worker died with their process, so they will never finish, and nothing they planned was saved. A run another live
 * app process is working on (same database file, its own owner tag, a recent heartbeat) is left alone. Returns how
 * many runs were failed.
 */
export function failOrphanedRuns(deps: Pick<PlanningDeps, 'db' | 'clock' | 'runs'>): number {
  const orphaned = listRunningPlanRuns(deps.db)
    .filter((run) => !runIsLive(run, deps.runs, deps.clock))
    .map((run) => run.id);
  return failRunningPlanRuns(
    deps.db,
    orphaned,
    'The app stopped while this run was working, so nothing was saved. Plan again.',
    deps.clock.now().toISO()!,
  );
}

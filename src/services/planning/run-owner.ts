import type { PlanRun } from '../../db/repos/plan-runs.ts';
import type { Clock } from '../../domain/clock.ts';
import type { PlanRunRegistry } from './run-registry.ts';

/** How often a process working on a run says so (ms). */
export const HEARTBEAT_MS = 30_000;

/**
 * A run whose owner has not said it is working for this long is taken as orphaned even if a process with the owner's
 * id is alive: that process id may have been reused by an unrelated process after a crash.
 */
export const HEARTBEAT_STALE_MS = 10 * HEARTBEAT_MS;

/** Tells whether a process with this id exists on this machine (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Tells whether a running run is being worked on by a live app process: this app's (in its registry), or another
 * process's whose id still exists and whose heartbeat is recent. A run without an owner (from before owners were
 * recorded) or with a dead or silent owner is orphaned.
 */
export function runIsLive(
  run: Pick<PlanRun, 'id' | 'status' | 'owner' | 'heartbeatAt'>,
  registry: PlanRunRegistry,
  clock: Clock,
): boolean {
  if (run.status !== 'running') return false;
  if (registry.has(run.id)) return true;
  if (!run.owner || run.owner === registry.owner) return false;
  const pid = Number(run.owner.split(':')[0]);
  if (!processAlive(pid)) return false;
  const beat = run.heartbeatAt ? Date.parse(run.heartbeatAt) : NaN;
  return Number.isFinite(beat) && clock.now().toMillis() - beat < HEARTBEAT_STALE_MS;
}

import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Month } from '../domain/month.ts';
import type { PlanRequest, PlanResult } from '../domain/plan.ts';
import type { PlanOptions } from '../planner/plan-request.ts';

// Node 20 does not apply `--import tsx` from a worker's execArgv to the worker's entry module, so a tiny
// JavaScript bootstrap registers the tsx loader inside the worker first and then imports the TypeScript worker.
const WORKER_BOOTSTRAP = `
import('tsx/esm/api')
  .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./plan-worker.ts', import.meta.url).href)}); });
`;

/** Where a run stands: months started so far out of all, and the month being planned. */
export interface RunProgress {
  monthIndex: number;
  months: number;
  month?: Month;
  state: 'running' | 'done' | 'failed' | 'cancelled';
}

/** A planning run in a worker thread. */
export interface PlanRun {
  id: string;
  /** Resolves with the planner's result; rejects when the run fails, is cancelled or passes its deadline. */
  promise: Promise<PlanResult>;
  progress(): RunProgress;
  cancel(): void;
}

/** Options of a run: the planner's own options, and a wall-clock limit after which the worker is terminated. */
export interface RunOptions extends Omit<PlanOptions, 'onProgress'> {
  deadlineMs?: number;
  onProgress?: (progress: RunProgress) => void;
}

/** Thrown (as the promise's rejection) when a run is cancelled or passes its deadline. */
export class PlanRunStopped extends Error {
  constructor(
    message: string,
    readonly reason: 'cancelled' | 'deadline',
  ) {
    super(message);
  }
}

/**
 * Starts planning a request in a worker thread, so that a long plan never blocks the web app's event loop.
 * The worker file is TypeScript, so the worker registers the tsx loader first; this works under `tsx`, under vitest
 * and under plain `node` (tsx is a runtime dependency).
 */
export function startPlanRun(request: PlanRequest, options: RunOptions = {}): PlanRun {
  const { deadlineMs, onProgress, ...planOptions } = options;
  const id = randomUUID();
  const current: RunProgress = { monthIndex: 0, months: request.months, month: request.startMonth, state: 'running' };
  const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { request, options: planOptions } });
  let stop: (error: Error) => void = () => undefined;
  const promise = new Promise<PlanResult>((resolve, reject) => {
    stop = reject;
    worker.on('message', (message: { type: string; progress?: RunProgress; result?: PlanResult; message?: string }) => {
      if (message.type === 'progress' && message.progress) {
        Object.assign(current, message.progress, { state: 'running' });
        onProgress?.({ ...current });
      } else if (message.type === 'done' && message.result) {
        Object.assign(current, { monthIndex: request.months, state: 'done' });
        onProgress?.({ ...current });
        resolve(message.result);
        void worker.terminate();
      } else if (message.type === 'error') {
        current.state = 'failed';
        reject(new Error(`plan run ${id}: ${message.message}`));
        void worker.terminate();
      }
    });
    worker.on('error', (error) => {
      current.state = 'failed';
      reject(new Error(`plan run ${id} failed`, { cause: error }));
    });
    worker.on('exit', (code) => {
      if (current.state === 'running') {
        current.state = 'failed';
        reject(new Error(`plan run ${id}: worker exited with code ${code}`));
      }
    });
  });
  const halt = (reason: 'cancelled' | 'deadline'): void => {
    if (current.state !== 'running') return;
    current.state = reason === 'cancelled' ? 'cancelled' : 'failed';
    stop(
      new PlanRunStopped(
        reason === 'cancelled' ? `plan run ${id} cancelled` : `plan run ${id} passed its deadline of ${deadlineMs} ms`,
        reason,
      ),
    );
    void worker.terminate();
  };
  if (deadlineMs !== undefined) {
    const timer = setTimeout(() => halt('deadline'), deadlineMs);
    timer.unref();
    promise.then(
      () => clearTimeout(timer),
      () => clearTimeout(timer),
    );
  }
  return { id, promise, progress: () => ({ ...current }), cancel: () => halt('cancelled') };
}

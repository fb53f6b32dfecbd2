import { parentPort, workerData } from 'node:worker_threads';
import type { PlanRequest } from '../domain/plan.ts';
import { planRequest, type PlanOptions } from '../planner/plan-request.ts';
import { guardedLpBackend } from './guarded-lp-backend.ts';

// The worker side of plan-runner.ts: plans one request and reports progress, off the web request thread.
const { request, options } = workerData as { request: PlanRequest; options: Omit<PlanOptions, 'onProgress'> };
const lp = guardedLpBackend();
try {
  await lp.ready();
  const result = await planRequest(request, {
    ...options,
    lpBackend: lp,
    onProgress: (progress) => parentPort!.postMessage({ type: 'progress', progress }),
  });
  parentPort!.postMessage({ type: 'done', result });
} catch (error) {
  parentPort!.postMessage({ type: 'error', message: (error as Error).message });
} finally {
  lp.close();
}

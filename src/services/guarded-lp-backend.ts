import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { readJsLpResult, toJsLpModel, type Backend } from '../planner/model.ts';

// javascript-lp-solver cannot be interrupted inside one LP (its timeout is checked only between branch-and-bound
// nodes), so each solve runs in a worker that is terminated at a wall-clock deadline. The caller blocks on an
// Atomics flag, which keeps the planner's month loop synchronous; only run this off the web request thread.
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const lp = require(workerData.solverPath);
const solver = lp.default ?? lp;
const flags = new Int32Array(workerData.flags);
// Both sides block on Atomics rather than on event loops: a message round trip then costs microseconds.
for (;;) {
  Atomics.wait(flags, 0, 0);
  Atomics.store(flags, 0, 0);
  const message = receiveMessageOnPort(workerData.requests);
  if (message === undefined) continue;
  let result;
  try { result = solver.Solve(message.message); } catch (error) { result = { feasible: false, error: String(error) }; }
  workerData.replies.postMessage(result);
  Atomics.store(flags, 1, 1);
  Atomics.notify(flags, 1);
}
`;

const solverPath = createRequire(import.meta.url).resolve('javascript-lp-solver');

/** A javascript-lp-solver backend whose solves run in a worker thread, terminated when they pass the deadline. */
export interface GuardedBackend extends Backend {
  /** Solves that passed the deadline and were abandoned. */
  timeouts(): number;
  close(): void;
}

/** Creates the guarded backend; a solve past `deadlineMs` is reported as failed, and the planner falls back. */
export function guardedLpBackend(deadlineMs = 5000, startupMs = 10000): GuardedBackend {
  let worker: { thread: Worker; requests: MessagePort; replies: MessagePort; fresh: boolean } | undefined;
  // flags[0]: a request is waiting; flags[1]: a reply is waiting.
  const flags = new Int32Array(new SharedArrayBuffer(8));
  let abandoned = 0;
  const start = (): NonNullable<typeof worker> => {
    const requests = new MessageChannel();
    const replies = new MessageChannel();
    const thread = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { solverPath, flags: flags.buffer, requests: requests.port2, replies: replies.port1 },
      transferList: [requests.port2, replies.port1],
    });
    thread.unref();
    return { thread, requests: requests.port1, replies: replies.port2, fresh: true };
  };
  return {
    name: 'lp',
    solve(model) {
      if (model.triviallyInfeasible) return { status: 'infeasible' };
      worker ??= start();
      Atomics.store(flags, 1, 0);
      worker.requests.postMessage(toJsLpModel(model, deadlineMs));
      Atomics.store(flags, 0, 1);
      Atomics.notify(flags, 0);
      // The first solve also waits for the worker to start and load the solver.
      const waited = Atomics.wait(flags, 1, 0, worker.fresh ? deadlineMs + startupMs : deadlineMs);
      worker.fresh = false;
      const reply = waited === 'timed-out' ? undefined : receiveMessageOnPort(worker.replies);
      if (reply === undefined) {
        abandoned++;
        void worker.thread.terminate();
        worker = undefined;
        return { status: 'failed', reason: `no answer within ${deadlineMs} ms` };
      }
      return readJsLpResult(model, reply.message as Record<string, unknown>);
    },
    timeouts: () => abandoned,
    close() {
      void worker?.thread.terminate();
      worker = undefined;
    },
  };
}

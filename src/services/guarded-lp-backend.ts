import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { readJsLpResult, toJsLpModel, type Backend } from '../planner/model.ts';

// javascript-lp-solver cannot be interrupted inside one LP (its timeout is checked only between branch-and-bound
// nodes), so each solve runs in a worker that is terminated at a wall-clock deadline. The caller blocks on an
// Atomics flag, which keeps the planner's month loop synchronous; only run this off the web request thread.
// Callers await ready() before planning, so that starting the worker and loading the solver never count against a
// solve's deadline. A replacement worker (after a timeout) starts in the background; until it is ready, solves
// report failure and the planner falls back to its HiGHS models rather than block.
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const lp = require(workerData.solverPath);
const solver = lp.default ?? lp;
const flags = new Int32Array(workerData.flags);
Atomics.store(flags, 2, 1);
Atomics.notify(flags, 2);
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
  /** Starts the worker if needed and resolves once it can take solves (false if it did not start in time). */
  ready(timeoutMs?: number): Promise<boolean>;
  /** Solves that passed the deadline and were abandoned. */
  timeouts(): number;
  close(): void;
}

/** Creates the guarded backend; a solve past `deadlineMs` is reported as failed, and the planner falls back. */
export function guardedLpBackend(deadlineMs = 5000): GuardedBackend {
  let worker: { thread: Worker; requests: MessagePort; replies: MessagePort } | undefined;
  // flags[0]: a request is waiting; flags[1]: a reply is waiting; flags[2]: the worker is ready.
  let flags = new Int32Array(new SharedArrayBuffer(12));
  let abandoned = 0;
  const start = (): NonNullable<typeof worker> => {
    // Fresh flags for each worker, so a terminated worker can never signal its successor's caller.
    flags = new Int32Array(new SharedArrayBuffer(12));
    const requests = new MessageChannel();
    const replies = new MessageChannel();
    const thread = new Worker(WORKER_SOURCE, {
      eval: true,
      // Plain CommonJS: the parent's flags (`--input-type=module`, `--import tsx`) must not change how it loads.
      execArgv: [],
      workerData: { solverPath, flags: flags.buffer, requests: requests.port2, replies: replies.port1 },
      transferList: [requests.port2, replies.port1],
    });
    thread.unref();
    const started = { thread, requests: requests.port1, replies: replies.port2 };
    // A worker that dies is replaced at the next solve; meanwhile solves fail over to the planner's fallbacks.
    thread.on('error', () => {
      if (worker === started) worker = undefined;
    });
    return started;
  };
  return {
    name: 'lp',
    async ready(timeoutMs = 10000) {
      worker ??= start();
      const until = Date.now() + timeoutMs;
      while (Atomics.load(flags, 2) !== 1) {
        if (Date.now() > until) return false;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return true;
    },
    solve(model) {
      if (model.triviallyInfeasible) return { status: 'infeasible' };
      if (worker === undefined || Atomics.load(flags, 2) !== 1) {
        worker ??= start();
        return { status: 'failed', reason: 'the solver worker is not ready' };
      }
      Atomics.store(flags, 1, 0);
      worker.requests.postMessage(toJsLpModel(model, deadlineMs));
      Atomics.store(flags, 0, 1);
      Atomics.notify(flags, 0);
      const waited = Atomics.wait(flags, 1, 0, deadlineMs);
      const reply = waited === 'timed-out' ? undefined : receiveMessageOnPort(worker.replies);
      if (reply === undefined) {
        abandoned++;
        void worker.thread.terminate();
        worker = start();
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

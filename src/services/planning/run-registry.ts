import { randomUUID } from 'node:crypto';

/** What the registry holds of a run: its promise (settled when the run has recorded its end) and a way to stop it. */
export interface LiveRun {
  promise: Promise<unknown>;
  cancel(): void;
}

/**
 * The plan runs working in this app, by run id: a second run waits for the first, the widget tells live from
 * orphaned runs, and shutdown settles them. Built once in `createApp` and passed in the app context.
 */
export class PlanRunRegistry {
  private readonly live = new Map<number, LiveRun>();

  /**
   * Who this app is, as a run's owner: "<process id>:<random start token>". Another app process on the same database
   * tells this app's runs from its own by it, and leaves them alone while this process lives.
   */
  readonly owner: string;

  /** A registry owned by this process, or by the given owner tag (tests simulate other processes with it). */
  constructor(owner = `${process.pid}:${randomUUID()}`) {
    this.owner = owner;
  }

  /** Records a run's worker until it finishes. */
  add(runId: number, handle: LiveRun): void {
    this.live.set(runId, handle);
  }

  /** Forgets a finished run. */
  remove(runId: number): void {
    this.live.delete(runId);
  }

  /** The worker of a live run, or undefined. */
  get(runId: number): LiveRun | undefined {
    return this.live.get(runId);
  }

  /** Tells whether a run is still working here. */
  has(runId: number): boolean {
    return this.live.has(runId);
  }

  /** How many runs are working here. */
  get size(): number {
    return this.live.size;
  }

  /** The id of some live run, or undefined when none is working. */
  anyRunning(): number | undefined {
    return [...this.live.keys()][0];
  }

  /** Resolves when every run has finished and saved its result (or its failure); for tests and shutdown. */
  async settle(): Promise<void> {
    while (this.live.size > 0) {
      await Promise.allSettled([...this.live.values()].map((h) => h.promise));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Cancels every live run (nothing they would have drafted is saved) and waits until each has recorded its end. */
  async cancelAll(): Promise<void> {
    for (const handle of this.live.values()) handle.cancel();
    await this.settle();
  }
}

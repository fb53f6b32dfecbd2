import type { Db } from '../../db/client.ts';
import type { Clock } from '../../domain/clock.ts';
import type { Violation } from '../../domain/plan.ts';
import type { PlanRunRegistry } from './run-registry.ts';

/** What the planning use cases need: the database, the app's clock and the registry of live runs. */
export interface PlanningDeps {
  db: Db;
  clock: Clock;
  runs: PlanRunRegistry;
}

/** A change to cabals that was refused, with the reasons to show. */
export type Refusal = { ok: false; message: string; violations?: Violation[] };

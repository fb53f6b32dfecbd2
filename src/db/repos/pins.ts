import { and, asc, eq, gte } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import { people, pins } from '../schema.ts';
import type { Month } from '../../domain/month.ts';
import type { Pin } from '../../domain/types.ts';

/** A pin with the pinned person's name, for the problem page. */
export interface PinView extends Pin {
  personName: string;
}

/** Lists pins from a month on (all pins when no month is given), for plan requests. */
export function listPins(db: Conn, from?: Month): Pin[] {
  return db
    .select({ month: pins.month, problem: pins.problemId, person: pins.personId, mode: pins.mode })
    .from(pins)
    .where(from ? gte(pins.month, from) : undefined)
    .orderBy(asc(pins.month), asc(pins.problemId), asc(pins.personId))
    .all();
}

/** Lists one problem's pins with the people's names. */
export function listProblemPins(db: Conn, problemId: string): PinView[] {
  return db
    .select({
      month: pins.month,
      problem: pins.problemId,
      person: pins.personId,
      mode: pins.mode,
      personName: people.name,
    })
    .from(pins)
    .innerJoin(people, eq(people.id, pins.personId))
    .where(eq(pins.problemId, problemId))
    .orderBy(asc(pins.month), asc(people.name))
    .all();
}

/** Pins a person in or out of a problem's cabal in a month, replacing an earlier pin of the same person. */
export function upsertPin(tx: Conn, pin: Pin, by: { userId: number; at: string }): void {
  tx.insert(pins)
    .values({
      problemId: pin.problem,
      month: pin.month,
      personId: pin.person,
      mode: pin.mode,
      createdBy: by.userId,
      createdAt: by.at,
    })
    .onConflictDoUpdate({
      target: [pins.problemId, pins.month, pins.personId],
      set: { mode: pin.mode, createdBy: by.userId, createdAt: by.at },
    })
    .run();
}

/** Removes a pin; returns whether there was one. */
export function deletePin(tx: Conn, pin: Omit<Pin, 'mode'>): boolean {
  return (
    tx
      .delete(pins)
      .where(and(eq(pins.problemId, pin.problem), eq(pins.month, pin.month), eq(pins.personId, pin.person)))
      .run().changes > 0
  );
}

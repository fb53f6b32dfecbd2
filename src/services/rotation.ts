import type { Db } from '../db/client.ts';
import { getPolicy } from '../db/repos/policy.ts';
import { lastScheduledMonth, rostersOf, seatsOf } from '../db/repos/rotation.ts';
import { currentMonth, type Clock } from '../domain/clock.ts';
import { buildRotation, monthsAround, type MySeat, type Rotation } from '../domain/rotation.ts';

/** A person's rotation as of the clock's month: their seats, co-members, who stays on, and their next rest. */
export function rotationOf(db: Db, clock: Clock, personId: string): Rotation & { month: string } {
  return db.transaction((tx) => {
    const month = currentMonth(clock);
    const seats = seatsOf(tx, personId);
    const problemIds = [...new Set(seats.map((s) => s.problemId))];
    const rosters = rostersOf(tx, problemIds, monthsAround(seats.map((s) => s.month)));
    const limit = getPolicy(tx).maxConsecutiveMonths;
    return {
      month,
      ...buildRotation({ personId, seats, rosters, current: month, lastScheduled: lastScheduledMonth(tx), limit }),
    };
  });
}

/** A person's seats from a month on, the first `limit` of them in month order (the dashboard's "my cabal months"). */
export function seatsFrom(db: Db, personId: string, from: string, limit: number): MySeat[] {
  return seatsOf(db, personId)
    .filter((s) => s.month >= from)
    .slice(0, limit);
}

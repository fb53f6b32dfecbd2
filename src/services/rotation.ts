import type { Db } from '../db/client.ts';
import { getPolicy } from '../db/repos/policy.ts';
import { lastScheduledMonth, rostersOf, seatsOf } from '../db/repos/rotation.ts';
import { currentMonth, type Clock } from '../domain/clock.ts';
import type { StudioCache } from './studio-cache.ts';
import { buildRotation, monthsAround, type MySeat, type Rotation } from '../domain/rotation.ts';

/**
 * A person's rotation as of the clock's month: their seats, co-members, who stays on, and their next rest. With a
 * cache it is computed once per person, month and version of the studio's data; callers must not change it.
 */
export function rotationOf(db: Db, clock: Clock, personId: string, cache?: StudioCache): Rotation & { month: string } {
  if (cache) return cache.get(`rotation:${personId}:${currentMonth(clock)}`, () => rotationOf(db, clock, personId));
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

/**
 * A person's seats from a month on, the first `limit` of them in month order (the dashboard's "my cabal months").
 * With a cache the person's seats are read once per version of the studio's data.
 */
export function seatsFrom(db: Db, personId: string, from: string, limit: number, cache?: StudioCache): MySeat[] {
  const seats = cache ? cache.get(`seats:${personId}`, () => seatsOf(db, personId)) : seatsOf(db, personId);
  return seats.filter((s) => s.month >= from).slice(0, limit);
}

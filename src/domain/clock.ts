import { DateTime } from 'luxon';
import { toMonth, type Month } from './month.ts';

/** The source of "now"; passed in so tests can fix time. */
export interface Clock {
  now(): DateTime;
}

/** The real clock, in UTC. */
export const systemClock: Clock = { now: () => DateTime.utc() };

/** A clock stuck at one instant, for tests and benchmarks. */
export function fixedClock(iso: string): Clock {
  const at = DateTime.fromISO(iso, { zone: 'utc' });
  if (!at.isValid) throw new RangeError(`fixedClock: invalid ISO date ${iso}`);
  return { now: () => at };
}

/** The current month according to a clock. */
export function currentMonth(clock: Clock): Month {
  return toMonth(clock.now());
}

import { addMonths, type Month } from './month.ts';
import type { Policy } from './types.ts';

/**
 * Consecutive-month runs: the one home of "how many months in a row", used by the planner's consecutive-month rules,
 * the checker, the lead's candidate ranking, coverage's burnout list, the rotation page and scoped re-plans.
 */

// Runs walk month by month for thousands of people; luxon arithmetic dominates, so each step is computed once.
const before = new Map<Month, Month>();
const after = new Map<Month, Month>();

/** The month before a `YYYY-MM` month, memoised (luxon arithmetic is slow in per-person loops). */
export function previousMonth(month: Month): Month {
  let m = before.get(month);
  if (m === undefined) before.set(month, (m = addMonths(month, -1)));
  return m;
}

/** The month after a `YYYY-MM` month, memoised like `previousMonth`. */
export function nextMonth(month: Month): Month {
  let m = after.get(month);
  if (m === undefined) after.set(month, (m = addMonths(month, 1)));
  return m;
}

/**
 * How many steps in a row, from `from` (inclusive) and moving by `step`, satisfy `holds`: 0 when `from` does not.
 * Generic over the step so that months (`previousMonth`) and month ordinals (k − 1) share one loop.
 */
export function runLength<T>(from: T, step: (t: T) => T, holds: (t: T) => boolean): number {
  let n = 0;
  for (let t = from; holds(t); t = step(t)) n++;
  return n;
}

/**
 * The months in a row ending at `month` (inclusive) that were served: `served` is the set of months served, or a test
 * of a month. 0 when `month` itself was not served.
 */
export function streakEndingAt(served: ReadonlySet<Month> | ((month: Month) => boolean), month: Month): number {
  return runLength(month, previousMonth, typeof served === 'function' ? served : (m) => served.has(m));
}

/**
 * The run a seat in `month` would be part of: the months in a row served before it, the month itself, and the months
 * in a row served after it (`serves` is asked only about other months). `ahead: false` counts only the months before.
 */
export function streakThrough(serves: (month: Month) => boolean, month: Month, ahead = true): number {
  const back = runLength(previousMonth(month), previousMonth, serves);
  return back + 1 + (ahead ? runLength(nextMonth(month), nextMonth, serves) : 0);
}

/** Whether a run of `run` consecutive months breaks a limit of at most `limit` months in a row. */
export function exceedsLimit(run: number, limit: number): boolean {
  return run > limit;
}

/**
 * How many months, from a month on (that month included), a change to its cabals can break hard rules in: a streak
 * through the month reaches the longest consecutive-month limit, and the month after it also counts the change as
 * carry-over. Services that check a change stop there instead of checking every later month.
 */
export function monthsAChangeReaches(
  policy: Pick<Policy, 'maxConsecutiveMonths' | 'maxConsecutiveMonthsOnProblem'>,
): number {
  return Math.max(policy.maxConsecutiveMonths, policy.maxConsecutiveMonthsOnProblem) + 1;
}

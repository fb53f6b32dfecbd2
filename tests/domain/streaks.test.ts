import { describe, expect, it } from 'vitest';
import {
  exceedsLimit,
  monthsAChangeReaches,
  nextMonth,
  previousMonth,
  runLength,
  streakEndingAt,
  streakThrough,
} from '../../src/domain/streaks.ts';

const served = new Set(['2026-11', '2026-12', '2027-01', '2027-03', '2027-04']);

describe('consecutive-month runs', () => {
  it('steps months across a year', () => {
    expect(previousMonth('2027-01')).toBe('2026-12');
    expect(nextMonth('2026-12')).toBe('2027-01');
  });

  it('counts a run by any step, 0 when the first step fails', () => {
    const has = (k: number) => [3, 4, 5, 7].includes(k);
    expect(runLength<number>(5, (k) => k - 1, has)).toBe(3);
    expect(runLength<number>(6, (k) => k - 1, has)).toBe(0);
  });

  it('counts the run ending at a month, from a set or a test, across the year boundary', () => {
    expect(streakEndingAt(served, '2027-01')).toBe(3);
    expect(streakEndingAt((m) => served.has(m), '2027-04')).toBe(2);
    expect(streakEndingAt(served, '2027-02')).toBe(0);
  });

  it('counts the run a seat would join: before it, itself, and after it unless told not to', () => {
    expect(streakThrough((m) => served.has(m), '2027-02')).toBe(6);
    expect(streakThrough((m) => served.has(m), '2027-02', false)).toBe(4);
  });

  it('breaks a limit only when the run is longer than it', () => {
    expect(exceedsLimit(3, 3)).toBe(false);
    expect(exceedsLimit(4, 3)).toBe(true);
  });

  it('reaches one month past the longer of the two consecutive limits', () => {
    expect(monthsAChangeReaches({ maxConsecutiveMonths: 3, maxConsecutiveMonthsOnProblem: 2 })).toBe(4);
    expect(monthsAChangeReaches({ maxConsecutiveMonths: 1, maxConsecutiveMonthsOnProblem: 5 })).toBe(6);
  });
});

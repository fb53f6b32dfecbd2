import { describe, expect, it } from 'vitest';
import { consecutiveSoFar, nextRest } from '../../src/domain/rotation.ts';

describe('next rest month', () => {
  it('is this month when the person holds no seat now', () => {
    expect(nextRest(new Set(['2026-12']), '2027-01', '2027-03', 3)).toEqual({
      month: '2027-01',
      planned: true,
      now: true,
    });
  });

  it('is the first month without a seat when the schedule reaches it', () => {
    expect(nextRest(new Set(['2027-01', '2027-02']), '2027-01', '2027-04', 3)).toEqual({
      month: '2027-03',
      planned: true,
      now: false,
    });
  });

  it('falls back to the month the limit forces a rest when the schedule ends first, counting earlier months', () => {
    // Served since December, scheduled to February; with a limit of 3 the rest comes in March at the latest.
    const served = new Set(['2026-12', '2027-01', '2027-02']);
    expect(nextRest(served, '2027-01', '2027-02', 3)).toEqual({ month: '2027-03', planned: false, now: false });
    // With a limit of 5, the planner may keep them on until April, so May is the latest rest.
    expect(nextRest(served, '2027-01', '2027-02', 5)).toEqual({ month: '2027-05', planned: false, now: false });
  });

  it('is not planned while this month is not scheduled yet, and then counts the run that ended last month', () => {
    // Served November and December; nothing is planned from January on.
    const served = new Set(['2026-11', '2026-12']);
    expect(nextRest(served, '2027-01', '2026-12', 3)).toEqual({ month: '2027-02', planned: false, now: false });
    expect(nextRest(new Set(), '2027-01', undefined, 3)).toEqual({ month: '2027-04', planned: false, now: false });
  });
});

describe('consecutive months so far', () => {
  const served = new Set(['2026-11', '2026-12']);
  it('counts the run through this month when this month is planned', () => {
    expect(consecutiveSoFar(new Set([...served, '2027-01']), '2027-01', '2027-03')).toBe(3);
    expect(consecutiveSoFar(served, '2027-01', '2027-03')).toBe(0);
  });

  it('counts the run that ended last month while this month is not planned yet', () => {
    expect(consecutiveSoFar(served, '2027-01', '2026-12')).toBe(2);
    expect(consecutiveSoFar(served, '2027-01', undefined)).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { carriedOver, carryOver, carryRangePhrase } from '../../../src/planner/rules/carry-over.ts';
import { request, smallProblem } from '../fixtures.ts';
import { check, failing, rowsHold } from './harness.ts';

// Carry-over range 1..2; December's cabal (history) was design1, art1, eng1, qa1.
const history = [{ month: '2026-12', problem: 'combat', members: ['design1', 'art1', 'eng1', 'qa1'] }];
const req = request({ months: 2, history });
const pool = ['design1', 'design2', 'art1', 'art2', 'eng2', 'qa2'];

describe('carry-over', () => {
  it('passes at both ends of the range, counting history as the month before', () => {
    const one = { '2027-01': { combat: ['design1', 'art2', 'eng2', 'qa2'] } };
    const two = { '2027-01': { combat: ['design1', 'art1', 'eng2', 'qa2'] } };
    expect(check(carryOver, req, one, '2027-01')).toEqual([]);
    expect(check(carryOver, req, two, '2027-01')).toEqual([]);
  });

  it('reports a count outside the range with the month before and the range', () => {
    const none = { '2027-01': { combat: ['design2', 'art2', 'eng2', 'qa2'] } };
    const three = { '2027-01': { combat: ['design1', 'art1', 'eng1', 'qa2'] } };
    expect(check(carryOver, req, none, '2027-01')).toEqual(['0 members carried over from 2026-12; the range is 1..2']);
    expect(check(carryOver, req, three, '2027-01')).toEqual(['3 members carried over from 2026-12; the range is 1..2']);
  });

  it('counts between planned months too, and not in the problem\u2019s first month', () => {
    const months = {
      '2027-01': { combat: ['design1', 'art2', 'eng2', 'qa2'] },
      '2027-02': { combat: ['design3', 'art3', 'eng3', 'qa3'] },
    };
    expect(check(carryOver, req, months, '2027-02')).toEqual([
      '0 members carried over from 2027-01; the range is 1..2',
    ]);
    const fresh = request({ months: 1 });
    expect(check(carryOver, fresh, { '2027-01': { combat: ['design3', 'art3', 'eng3', 'qa3'] } }, '2027-01')).toEqual(
      [],
    );
  });

  it('counts the members carried over as listed, and tests the count against the range', () => {
    const range = { carryOver: { min: 1, max: 2 } };
    const before = ['design1', 'art1', 'eng1', 'qa1'];
    expect(carriedOver(range, before, ['design2', 'art2'])).toEqual({ carried: 0, inRange: false });
    expect(carriedOver(range, before, ['design1', 'art2'])).toEqual({ carried: 1, inRange: true });
    expect(carriedOver(range, before, ['design1', 'art1', 'art2'])).toEqual({ carried: 2, inRange: true });
    expect(carriedOver(range, before, ['design1', 'art1', 'eng1'])).toEqual({ carried: 3, inRange: false });
    // A member listed twice counts twice, as the checker reads the cabal.
    expect(carriedOver(range, before, ['design1', 'design1', 'art1'])).toEqual({ carried: 3, inRange: false });
    expect(carryRangePhrase(range)).toBe('the range is 1..2');
  });

  it('adds a row over last month\u2019s members', () => {
    const previous = ['design1', 'art1', 'eng1', 'qa1'];
    expect(rowsHold(carryOver, req, pool, ['design2', 'art2', 'eng2'], { previous })).toBe(false);
    expect(rowsHold(carryOver, req, pool, ['design1', 'art2', 'eng2'], { previous })).toBe(true);
    expect(rowsHold(carryOver, req, pool, ['design1', 'art1', 'art2'], { previous })).toBe(true);
    expect(rowsHold(carryOver, req, [...pool, 'eng1'], ['design1', 'art1', 'eng1'], { previous })).toBe(false);
    expect(rowsHold(carryOver, req, pool, ['design2', 'art2', 'eng2'])).toBe(true);
  });

  it('explains how many of last month\u2019s members may serve, and suggests a wider range', () => {
    expect(carryOver.explain(failing(req))).toBe('needs 1..2 of the 4 members of the month before; 4 eligible');
    const [lower, raise] = carryOver.wayOuts(failing(req));
    expect(lower.map((w) => w.text)).toEqual(['lower minimum carry-over to 0']);
    expect(raise.map((w) => w.text)).toEqual([
      'raise maximum carry-over to 3',
      'raise maximum carry-over to 4',
      'raise maximum carry-over to 5',
    ]);
    expect(lower[0].patch).toEqual([{ op: 'add', path: '/problems/0/carryOver', value: { min: 0, max: 2 } }]);
  });

  it('never suggests a maximum carry-over above the maximum size, nor a minimum below 0', () => {
    const full = request({ months: 1, history, problems: [smallProblem({ carryOver: { min: 0, max: 5 } })] });
    expect(carryOver.wayOuts(failing(full))).toEqual([[], []]);
  });
});

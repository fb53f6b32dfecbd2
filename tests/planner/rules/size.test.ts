import { describe, expect, it } from 'vitest';
import { size } from '../../../src/planner/rules/size.ts';
import { carryOver } from '../../../src/planner/rules/carry-over.ts';
import { mergePatches } from '../../../src/planner/diagnose.ts';
import { request, smallProblem } from '../fixtures.ts';
import { check, failing, rowsHold } from './harness.ts';

const req = request({ months: 1 });
const pool = ['design1', 'design2', 'art1', 'art2', 'eng1', 'eng2', 'qa1'];

describe('size', () => {
  it('passes at both ends of the size range (4..5)', () => {
    expect(check(size, req, { '2027-01': { combat: ['design1', 'art1', 'eng1', 'qa1'] } }, '2027-01')).toEqual([]);
    expect(check(size, req, { '2027-01': { combat: ['design1', 'art1', 'eng1', 'qa1', 'qa2'] } }, '2027-01')).toEqual(
      [],
    );
  });

  it('reports a cabal one below or one above the range, with the count', () => {
    expect(check(size, req, { '2027-01': { combat: ['design1', 'art1', 'eng1'] } }, '2027-01')).toEqual([
      '3 members; the size range is 4..5',
    ]);
    const six = ['design1', 'art1', 'eng1', 'qa1', 'qa2', 'qa3'];
    expect(check(size, req, { '2027-01': { combat: six } }, '2027-01')).toEqual(['6 members; the size range is 4..5']);
    expect(check(size, req, { '2027-01': { combat: ['design1'] } }, '2027-01')).toEqual([
      '1 member; the size range is 4..5',
    ]);
  });

  it('adds a row that holds exactly for sizes within the range', () => {
    expect(rowsHold(size, req, pool, pool.slice(0, 3))).toBe(false);
    expect(rowsHold(size, req, pool, pool.slice(0, 4))).toBe(true);
    expect(rowsHold(size, req, pool, pool.slice(0, 5))).toBe(true);
    expect(rowsHold(size, req, pool, pool.slice(0, 6))).toBe(false);
  });

  it('explains the range against the eligible people, and suggests wider ranges nearest first', () => {
    expect(size.explain(failing(req))).toBe('size 4..5; 12 eligible');
    const [raise, lower] = size.wayOuts(failing(req));
    expect(raise.map((w) => w.text)).toEqual([
      'raise the maximum size to 6',
      'raise the maximum size to 7',
      'raise the maximum size to 8',
    ]);
    // The carry-over range is restated: a request without one would otherwise take a wider default from the size.
    expect(raise[0].patch).toEqual([
      { op: 'add', path: '/problems/0/size', value: { min: 4, max: 6 } },
      { op: 'add', path: '/problems/0/carryOver', value: req.problems[0].carryOver },
    ]);
    expect(lower.map((w) => w.text)).toEqual([
      'lower the minimum size to 3',
      'lower the minimum size to 2',
      'lower the minimum size to 1',
    ]);
  });

  it('joined with a carry-over way out, keeps the wider carry-over range whichever comes first', () => {
    const [raise] = size.wayOuts(failing(req));
    const [, wider] = carryOver.wayOuts(failing(req));
    const carry = (patch: ReturnType<typeof mergePatches>) => patch.filter((op) => op.path.endsWith('/carryOver'));
    const widest = { op: 'add', path: '/problems/0/carryOver', value: wider[0].patch[0].value };
    expect(carry(mergePatches(raise[0].patch, wider[0].patch))).toEqual([widest]);
    expect(carry(mergePatches(wider[0].patch, raise[0].patch))).toEqual([widest]);
  });

  it('never suggests a minimum size below 1', () => {
    const one = request({ months: 1, problems: [smallProblem({ size: { min: 1, max: 5 } })] });
    expect(size.wayOuts(failing(one))[1]).toEqual([]);
  });
});

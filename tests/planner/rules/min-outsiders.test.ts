import { describe, expect, it } from 'vitest';
import { minOutsiders } from '../../../src/planner/rules/min-outsiders.ts';
import { request, smallProblem } from '../fixtures.ts';
import { check, failing, rowsHold } from './harness.ts';

const req = request({
  months: 1,
  problems: [smallProblem({ affectedDepartments: ['design', 'art'], minOutsiders: 2 })],
});
const pool = ['design1', 'design2', 'art1', 'eng1', 'qa1'];

describe('min-outsiders', () => {
  it('passes with exactly the minimum of outsiders (2)', () => {
    expect(check(minOutsiders, req, { '2027-01': { combat: ['design1', 'art1', 'eng1', 'qa1'] } }, '2027-01')).toEqual(
      [],
    );
  });

  it('reports too few outsiders with the count and the minimum', () => {
    expect(
      check(minOutsiders, req, { '2027-01': { combat: ['design1', 'design2', 'art1', 'qa1'] } }, '2027-01'),
    ).toEqual(['1 outsiders; needs 2']);
  });

  it('adds a row over the outsiders\u2019 seats', () => {
    expect(rowsHold(minOutsiders, req, pool, ['design1', 'design2', 'eng1'])).toBe(false);
    expect(rowsHold(minOutsiders, req, pool, ['design1', 'eng1', 'qa1'])).toBe(true);
  });

  it('explains how many outsiders are eligible and suggests lowering the minimum step by step', () => {
    expect(minOutsiders.explain(failing(req))).toBe('needs 2 outsiders; 6 eligible');
    expect(minOutsiders.wayOuts(failing(req))[0].map((w) => w.text)).toEqual([
      'lower minimum outsiders to 1',
      'lower minimum outsiders to 0',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { minAffected } from '../../../src/planner/rules/min-affected.ts';
import { request, smallProblem } from '../fixtures.ts';
import { check, failing, rowsHold } from './harness.ts';

const req = request({ months: 1 });
const pool = ['design1', 'design2', 'art1', 'eng1', 'qa1'];

describe('min-affected', () => {
  it('passes with exactly the minimum of affected members (1, from design)', () => {
    expect(check(minAffected, req, { '2027-01': { combat: ['design1', 'art1', 'eng1', 'qa1'] } }, '2027-01')).toEqual(
      [],
    );
  });

  it('reports too few affected members with the count and the minimum', () => {
    expect(check(minAffected, req, { '2027-01': { combat: ['art1', 'eng1', 'qa1', 'qa2'] } }, '2027-01')).toEqual([
      '0 affected members; needs 1',
    ]);
    const two = request({ months: 1, problems: [smallProblem({ minAffected: 2 })] });
    expect(check(minAffected, two, { '2027-01': { combat: ['design1', 'art1', 'eng1', 'qa1'] } }, '2027-01')).toEqual([
      '1 affected member; needs 2',
    ]);
  });

  it('counts a person the problem names as affected', () => {
    const named = request({ months: 1, problems: [smallProblem({ affectedPeople: ['qa2'] })] });
    expect(check(minAffected, named, { '2027-01': { combat: ['art1', 'eng1', 'qa1', 'qa2'] } }, '2027-01')).toEqual([]);
  });

  it('adds a row over the affected seats', () => {
    expect(rowsHold(minAffected, req, pool, ['art1', 'eng1', 'qa1'])).toBe(false);
    expect(rowsHold(minAffected, req, pool, ['design2', 'eng1', 'qa1'])).toBe(true);
  });

  it('explains where affected people come from and suggests lowering the minimum', () => {
    expect(minAffected.explain(failing(req))).toBe('needs 1 affected member(s) (from design); 3 eligible');
    expect(minAffected.wayOuts(failing(req))).toEqual([
      [
        {
          text: 'lower minimum affected to 0',
          patch: [{ op: 'add', path: '/problems/0/minAffected', value: 0 }],
          rules: ['min-affected'],
        },
      ],
    ]);
  });
});

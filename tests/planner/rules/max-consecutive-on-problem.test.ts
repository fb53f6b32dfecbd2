import { describe, expect, it } from 'vitest';
import { maxConsecutiveOnProblem } from '../../../src/planner/rules/max-consecutive-on-problem.ts';
import { request, smallProblem } from '../fixtures.ts';
import { blocks, check, failing } from './harness.ts';

const policy = { maxConsecutiveMonths: 5, maxConsecutiveMonthsOnProblem: 2 };
const problems = [smallProblem({ carryOver: { min: 0, max: 4 } }), smallProblem({ id: 'economy', title: 'Economy' })];
/** design1 served these history months, on `problem`. */
const served = (problem: string, ...months: string[]) =>
  request({
    months: 2,
    policy,
    problems,
    history: months.map((month) => ({ month, problem, members: ['design1', 'art3', 'eng3', 'qa3'] })),
  });
const january = { '2027-01': { combat: ['design1', 'art1', 'eng1', 'qa1'] } };

describe('max-consecutive-on-problem', () => {
  it('passes at exactly the limit on the problem', () => {
    expect(check(maxConsecutiveOnProblem, served('combat', '2026-12'), january, '2027-01')).toEqual([]);
  });

  it('reports the run on the problem, history included, past the limit', () => {
    expect(check(maxConsecutiveOnProblem, served('combat', '2026-11', '2026-12'), january, '2027-01')).toEqual([
      'design1 serves 3 consecutive months on combat; the limit is 2',
    ]);
  });

  it('does not count months on another problem', () => {
    expect(check(maxConsecutiveOnProblem, served('economy', '2026-11', '2026-12'), january, '2027-01')).toEqual([]);
  });

  it('blocks a person from the problem only once their run on it has reached the limit', () => {
    expect(blocks(maxConsecutiveOnProblem, served('combat', '2026-12'), 'design1')).toBe(false);
    expect(blocks(maxConsecutiveOnProblem, served('combat', '2026-11', '2026-12'), 'design1')).toBe(true);
    expect(blocks(maxConsecutiveOnProblem, served('combat', '2026-11', '2026-12'), 'design1', 0, 'economy')).toBe(
      false,
    );
  });

  it('explains who rests from the problem and suggests a longer limit on it', () => {
    const req = served('combat', '2026-11', '2026-12');
    expect(maxConsecutiveOnProblem.explain(failing(req))).toBe(
      '4 people resting after 2 consecutive months on this problem',
    );
    const [raise] = maxConsecutiveOnProblem.wayOuts(failing(req));
    expect(raise[0]).toEqual({
      text: 'allow 3 consecutive months on the same problem',
      patch: [{ op: 'add', path: '/policy', value: { ...req.policy, maxConsecutiveMonthsOnProblem: 3 } }],
      rules: ['max-consecutive-on-problem'],
    });
  });

  it('words the people it keeps off a seat in the tally of a conflict', () => {
    const f = failing(served('combat', '2026-11', '2026-12'));
    expect(f.describe(f.everyone)).toBe('8 eligible (4 resting after 2 consecutive months on this problem)');
  });
});

import { describe, expect, it } from 'vitest';
import { maxConsecutiveMonths, mustRest } from '../../../src/planner/rules/max-consecutive-months.ts';
import { request, smallProblem } from '../fixtures.ts';
import { blocks, check, failing, plannerAt } from './harness.ts';

const policy = { maxConsecutiveMonths: 2, maxConsecutiveMonthsOnProblem: 5 };
const problems = [smallProblem(), smallProblem({ id: 'economy', title: 'Economy', carryOver: { min: 0, max: 2 } })];
const cabal = (...extra: string[]) => ({ combat: ['art1', 'eng1', 'qa1', ...extra] });
/** design1 served these history months, on economy. */
const served = (...months: string[]) =>
  request({
    months: 2,
    policy,
    problems,
    history: months.map((month) => ({ month, problem: 'economy', members: ['design1', 'art3', 'eng3', 'qa3'] })),
  });

describe('max-consecutive-months', () => {
  it('passes at exactly the limit, history on another problem counting', () => {
    expect(check(maxConsecutiveMonths, served('2026-12'), { '2027-01': cabal('design1') }, '2027-01')).toEqual([]);
  });

  it('reports the run, with history, that goes past the limit', () => {
    expect(
      check(maxConsecutiveMonths, served('2026-11', '2026-12'), { '2027-01': cabal('design1') }, '2027-01'),
    ).toEqual(['design1 serves 3 consecutive months; the limit is 2']);
    const planned = { '2027-01': cabal('design1'), '2027-02': cabal('design1') };
    // art1 serves January and February: exactly the limit, so only design1 (December in history) is reported.
    expect(check(maxConsecutiveMonths, served('2026-12'), planned, '2027-02')).toEqual([
      'design1 serves 3 consecutive months; the limit is 2',
    ]);
  });

  it('starts a new run after a month of rest', () => {
    expect(
      check(maxConsecutiveMonths, served('2026-10', '2026-11'), { '2027-01': cabal('design1') }, '2027-01'),
    ).toEqual([]);
  });

  it('blocks a person only once their run has reached the limit', () => {
    expect(blocks(maxConsecutiveMonths, served('2026-12'), 'design1')).toBe(false);
    expect(blocks(maxConsecutiveMonths, served('2026-11', '2026-12'), 'design1')).toBe(true);
    expect(blocks(maxConsecutiveMonths, served('2026-11', '2026-12'), 'design2')).toBe(false);
  });

  it('says who must rest this month whatever the problem (the offers ask it once per person)', () => {
    const rested = plannerAt(served('2026-12'));
    const tired = plannerAt(served('2026-11', '2026-12'));
    const at = (index: typeof rested.index, id: string): number => index.personIndex.get(id)!;
    expect(mustRest(rested.index, rested.state, at(rested.index, 'design1'))).toBe(false);
    expect(mustRest(tired.index, tired.state, at(tired.index, 'design1'))).toBe(true);
    expect(mustRest(tired.index, tired.state, at(tired.index, 'design2'))).toBe(false);
  });

  it('explains who rests and suggests a longer limit', () => {
    const req = served('2026-11', '2026-12');
    expect(maxConsecutiveMonths.explain(failing(req))).toBe('4 people resting after 2 consecutive months');
    const [raise] = maxConsecutiveMonths.wayOuts(failing(req));
    expect(raise.map((w) => w.text)).toEqual([
      'allow 3 consecutive months',
      'allow 4 consecutive months',
      'allow 5 consecutive months',
    ]);
    expect(raise[0].patch).toEqual([{ op: 'add', path: '/policy', value: { ...req.policy, maxConsecutiveMonths: 3 } }]);
  });

  it('words the people it keeps off a seat in the tally of a conflict', () => {
    const f = failing(served('2026-11', '2026-12'));
    expect(maxConsecutiveMonths.blockedPhrase!(4, f.input.index.request.policy)).toBe(
      '4 resting after 2 consecutive months',
    );
    expect(f.describe(f.everyone)).toBe('8 eligible (4 resting after 2 consecutive months)');
  });
});

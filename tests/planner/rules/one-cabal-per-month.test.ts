import { describe, expect, it } from 'vitest';
import { addOneCabalRows, oneCabalPerMonth } from '../../../src/planner/rules/one-cabal-per-month.ts';
import { addRow, addVariable, emptyModel, lpBackend } from '../../../src/planner/model.ts';
import { request, smallProblem } from '../fixtures.ts';
import { check, failing } from './harness.ts';

const twoProblems = request({
  months: 1,
  problems: [smallProblem(), smallProblem({ id: 'economy', title: 'Economy', affectedDepartments: ['art'] })],
});

describe('one-cabal-per-month', () => {
  it('passes when each person sits on one cabal of the month', () => {
    const month = { combat: ['design1', 'art1', 'eng1', 'qa1'], economy: ['art2', 'design2', 'eng2', 'qa2'] };
    expect(check(oneCabalPerMonth, twoProblems, { '2027-01': month }, '2027-01')).toEqual([]);
  });

  it('names the other cabal of a person who sits on two', () => {
    const month = { combat: ['design1', 'art1', 'eng1', 'qa1'], economy: ['art1', 'design2', 'eng2', 'qa2'] };
    expect(check(oneCabalPerMonth, twoProblems, { '2027-01': month }, '2027-01')).toEqual([
      'art1 also sits on economy',
    ]);
    expect(check(oneCabalPerMonth, twoProblems, { '2027-01': month }, '2027-01', 'economy')).toEqual([
      'art1 also sits on combat',
    ]);
  });

  it('reports a person listed twice in one cabal', () => {
    const month = { combat: ['design1', 'art1', 'art1', 'qa1'] };
    expect(check(oneCabalPerMonth, twoProblems, { '2027-01': month }, '2027-01')).toEqual([
      'a person is listed twice in the cabal',
    ]);
  });

  it('lets a joint model seat a person in at most one of two pools', () => {
    const model = emptyModel();
    const seats = [[addVariable(model, 'a', 1, true)], [addVariable(model, 'b', 1, true)]];
    addOneCabalRows(model, [[0], [0]], seats);
    expect(lpBackend().solve(model)).toMatchObject({ status: 'solved' });
    addRow(
      model,
      'both',
      [
        [seats[0][0], 1],
        [seats[1][0], 1],
      ],
      2,
      2,
    );
    expect(lpBackend().solve(model).status).toBe('infeasible');
  });

  it('explains a person pinned into two cabals, and the seats the month needs', () => {
    const pinnedTwice = request({
      ...twoProblems,
      months: 1,
      problems: twoProblems.problems,
      pins: [
        { month: '2027-01', problem: 'combat', person: 'qa3', mode: 'include' },
        { month: '2027-01', problem: 'economy', person: 'qa3', mode: 'include' },
      ],
    });
    expect(oneCabalPerMonth.explain(failing(pinnedTwice, 'combat', false))).toBe(
      "qa3 is pinned into problem 'Combat feel' and problem 'Economy'; a person sits on one cabal a month",
    );
    expect(oneCabalPerMonth.explain(failing(twoProblems, 'combat', false))).toBe(
      '2 cabals in 2027-01 need at least 8 people between them, 12 eligible; each person sits on one',
    );
  });

  it('suggests starting another active problem a month later', () => {
    expect(oneCabalPerMonth.wayOuts(failing(twoProblems))).toEqual([
      [
        {
          text: "start problem 'Economy' in 2027-02 instead",
          patch: [{ op: 'add', path: '/problems/1/startMonth', value: '2027-02' }],
          rules: ['one-cabal-per-month'],
        },
      ],
    ]);
  });
});

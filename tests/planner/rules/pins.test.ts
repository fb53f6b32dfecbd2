import { describe, expect, it } from 'vitest';
import { createCheckContext } from '../../../src/planner/check.ts';
import { pins, pinsIntoInactive } from '../../../src/planner/rules/pins.ts';
import { request, smallProblem } from '../fixtures.ts';
import { blocks, check, failing, rowsHold } from './harness.ts';

const problems = [smallProblem(), smallProblem({ id: 'economy', title: 'Economy', startMonth: '2027-02' })];
const req = request({
  months: 2,
  problems,
  pins: [
    { month: '2027-01', problem: 'combat', person: 'qa3', mode: 'include' },
    { month: '2027-01', problem: 'combat', person: 'design1', mode: 'exclude' },
    { month: '2027-01', problem: 'economy', person: 'art3', mode: 'include' },
  ],
});

describe('pins', () => {
  it('passes when the included person sits and the excluded one does not', () => {
    expect(check(pins, req, { '2027-01': { combat: ['design2', 'art1', 'eng1', 'qa3'] } }, '2027-01')).toEqual([]);
  });

  it('reports an include pin left out and an exclude pin seated', () => {
    expect(check(pins, req, { '2027-01': { combat: ['design1', 'art1', 'eng1', 'qa1'] } }, '2027-01')).toEqual([
      'qa3 is pinned in but not a member',
      'design1 is pinned out but is a member',
    ]);
  });

  it('reports an include pin into a problem that is not active that month', () => {
    const ctx = createCheckContext(req, { months: [] });
    expect(pinsIntoInactive(ctx, '2027-01', req.problems[1])).toEqual([
      'art3 is pinned in, but economy is not active in 2027-01',
    ]);
  });

  it('forces pinned people into the cabal model', () => {
    const pool = ['design2', 'art1', 'eng1', 'qa3'];
    expect(rowsHold(pins, req, pool, ['design2', 'art1'], { forced: ['qa3'] })).toBe(false);
    expect(rowsHold(pins, req, pool, ['design2', 'qa3'], { forced: ['qa3'] })).toBe(true);
    expect(rowsHold(pins, req, ['design2', 'art1'], ['design2'], { forced: ['qa3'] })).toBe(false);
  });

  it('blocks a person pinned out, and a person pinned into another cabal', () => {
    expect(blocks(pins, req, 'design1')).toBe(true);
    expect(blocks(pins, req, 'qa3')).toBe(false);
    expect(blocks(pins, req, 'qa3', 0, 'economy')).toBe(true);
    expect(blocks(pins, req, 'design1', 1)).toBe(false);
  });

  it('explains the month\u2019s pins and suggests removing each', () => {
    expect(pins.explain(failing(req))).toBe(
      "qa3 pinned into problem 'Combat feel'; design1 pinned out of problem 'Combat feel'; art3 pinned into problem 'Economy'",
    );
    expect(pins.wayOuts(failing(req)).map((d) => d.map((w) => w.text))).toEqual([
      ['remove the include pin of qa3'],
      ['remove the exclude pin of design1'],
      ['remove the include pin of art3'],
    ]);
  });

  it('names the problem by its title when a person has two pins in the month', () => {
    const twice = request({
      months: 1,
      problems,
      pins: [
        { month: '2027-01', problem: 'combat', person: 'qa3', mode: 'include' },
        { month: '2027-01', problem: 'economy', person: 'qa3', mode: 'exclude' },
      ],
    });
    expect(pins.wayOuts(failing(twice)).map((d) => d[0].text)).toEqual([
      "remove the include pin of qa3 on problem 'Combat feel'",
      "remove the exclude pin of qa3 on problem 'Economy'",
    ]);
  });

  it('words the people it keeps off a seat in the tally of a conflict', () => {
    const f = failing(req);
    expect(f.describe(f.everyone)).toBe('10 eligible (2 pinned out or pinned elsewhere)');
  });
});

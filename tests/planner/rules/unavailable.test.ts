import { describe, expect, it } from 'vitest';
import { unavailable } from '../../../src/planner/rules/unavailable.ts';
import { request, smallProblem, smallStudio } from '../fixtures.ts';
import { blocks, check, failing } from './harness.ts';

const { departments, people } = smallStudio();
const req = request({
  months: 2,
  departments,
  people: people.map((p) => (p.id === 'design1' ? { ...p, unavailable: ['2027-01'] } : p)),
});
const cabal = { combat: ['design1', 'art1', 'eng1', 'qa1'] };

describe('unavailable', () => {
  it('passes in a month the person is available', () => {
    expect(check(unavailable, req, { '2027-02': cabal }, '2027-02')).toEqual([]);
  });

  it('reports a member serving in a month they marked unavailable', () => {
    expect(check(unavailable, req, { '2027-01': cabal }, '2027-01')).toEqual(['design1 is unavailable in 2027-01']);
  });

  it('blocks the person in that month only', () => {
    expect(blocks(unavailable, req, 'design1', 0)).toBe(true);
    expect(blocks(unavailable, req, 'design1', 1)).toBe(false);
    expect(blocks(unavailable, req, 'design2', 0)).toBe(false);
  });

  it('explains who is away and suggests asking them', () => {
    expect(unavailable.explain(failing(req))).toBe('1 person unavailable in 2027-01 (design1)');
    expect(unavailable.wayOuts(failing(req))).toEqual([
      [
        {
          text: 'ask design1 whether they can make 2027-01 after all',
          patch: [{ op: 'remove', path: '/people/0/unavailable/0' }],
          rules: ['unavailable'],
        },
      ],
    ]);
  });

  it('asks the people away one more at a time, affected first, removing every entry of the month', () => {
    const away = request({
      months: 2,
      departments,
      people: people.map((p) =>
        p.id === 'art1'
          ? { ...p, unavailable: ['2027-01'] }
          : p.id === 'design2'
            ? { ...p, unavailable: ['2027-01', '2027-02', '2027-01'] }
            : p,
      ),
    });
    const ask = (text: string, ...patch: string[]) => ({
      text,
      patch: patch.map((path) => ({ op: 'remove', path })),
      rules: ['unavailable'],
    });
    // design2 (index 1) is affected by combat, art1 (index 3) is not.
    expect(unavailable.wayOuts(failing(away))).toEqual([
      [
        ask(
          'ask design2 whether they can make 2027-01 after all',
          '/people/1/unavailable/2',
          '/people/1/unavailable/0',
        ),
        ask(
          'ask design2 and art1 whether they can make 2027-01 after all',
          '/people/1/unavailable/2',
          '/people/1/unavailable/0',
          '/people/3/unavailable/0',
        ),
      ],
      [ask('ask art1 whether they can make 2027-01 after all', '/people/3/unavailable/0')],
    ]);
  });

  it('asks holders of a required skill first, then affected people', () => {
    const away = request({
      months: 2,
      departments,
      // eng1 holds netcode at 3; design2 is affected; both are away in January.
      people: people.map((p) => (p.id === 'eng1' || p.id === 'design2' ? { ...p, unavailable: ['2027-01'] } : p)),
      problems: [{ ...smallProblem(), requiredSkills: [{ skill: 'netcode', minLevel: 3 }] }],
    });
    expect(unavailable.wayOuts(failing(away)).map((d) => d.map((w) => w.text))).toEqual([
      [
        'ask eng1 whether they can make 2027-01 after all',
        'ask eng1 and design2 whether they can make 2027-01 after all',
      ],
      ['ask design2 whether they can make 2027-01 after all'],
    ]);
  });

  it('words the people it keeps off a seat in the tally of a conflict', () => {
    const f = failing(req);
    expect(f.describe(f.everyone)).toBe('11 eligible (1 unavailable)');
  });
});

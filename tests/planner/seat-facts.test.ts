import { describe, expect, it } from 'vitest';
import { fairShare } from '../../src/planner/objective.ts';
import { indexFairShare, seatFacts, servedFacts } from '../../src/planner/seat-facts.ts';
import { request, smallProblem } from './fixtures.ts';
import { plannerAt } from './rules/harness.ts';

// December's combat cabal (history): design1, art1, eng1, qa1. Combat requires netcode ≥ 1 (design1 holds 1).
const history = [{ month: '2026-12', problem: 'combat', members: ['design1', 'art1', 'eng1', 'qa1'] }];
const req = request({ history, problems: [smallProblem({ requiredSkills: [{ skill: 'netcode', minLevel: 1 }] })] });

describe('seat facts (the one home of what scoreSeat reads about a seat)', () => {
  const { index, state } = plannerAt(req);
  const at = (id: string): number => index.personIndex.get(id)!;

  it('counts months served in history apart from the plan, with the request\u2019s fair share', () => {
    // Three months of one 5-seat cabal over twelve people: 15 / 12 = 1.25 months each.
    expect(indexFairShare(index)).toBe(1.25);
    expect(indexFairShare(index)).toBe(fairShare(req));
    expect(servedFacts(index, state, at('design1'))).toEqual({ planMonths: 0, historyMonths: 1, fairShare: 1.25 });
    expect(servedFacts(index, state, at('design2'))).toEqual({ planMonths: 0, historyMonths: 0, fairShare: 1.25 });
  });

  it('reads freshness, skill fit and, only when asked, the share of last month\u2019s members already met', () => {
    expect(seatFacts(index, state, at('design1'), 0, true)).toEqual({
      planMonths: 0,
      historyMonths: 1,
      fairShare: 1.25,
      newToProblem: false,
      skillLevel: 1,
      // Of December's four members, design1 has met the three others (not themself).
      metShare: 3 / 4,
    });
    expect(seatFacts(index, state, at('design1'), 0, false).metShare).toBe(0);
    expect(seatFacts(index, state, at('design2'), 0, true)).toMatchObject({
      newToProblem: true,
      skillLevel: 0,
      metShare: 0,
    });
  });

  it('returns a fresh object each call, so a caller may change it', () => {
    const facts = seatFacts(index, state, at('design1'), 0, true);
    facts.skillLevel = 3;
    expect(seatFacts(index, state, at('design1'), 0, true).skillLevel).toBe(1);
  });
});

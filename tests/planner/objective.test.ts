import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fairShare, fairnessTerm, plannerWeights, scoreSeat, TopK } from '../../src/planner/objective.ts';
import { request } from './fixtures.ts';

describe('the seat objective', () => {
  it('scales fairness to +1 for nobody served, 0 at half the fair share and -1 at the fair share', () => {
    expect(fairnessTerm(0, 0, 4)).toBeCloseTo(1.5); // +1, and +0.5 for someone who never served
    expect(fairnessTerm(2, 0, 4)).toBeCloseTo(0);
    expect(fairnessTerm(4, 0, 4)).toBeCloseTo(-1);
  });

  it('counts history months at half weight and gives the never-served bonus only to those with no history', () => {
    expect(fairnessTerm(0, 2, 4)).toBeCloseTo(fairnessTerm(1, 0, 4));
    expect(fairnessTerm(0, 1, 4)).toBeCloseTo(0.75);
  });

  it('takes the fair share as the months each person would serve if every cabal were full', () => {
    // 12 people, one problem of size max 5 over 3 months: 15 seats, 1.25 months each.
    expect(fairShare(request())).toBeCloseTo(1.25);
  });

  it('splits a score into weighted parts that add up, skill fit counted as mean level / 3', () => {
    const facts = { planMonths: 1, historyMonths: 0, fairShare: 4, newToProblem: true, skillLevel: 3, metShare: 0.5 };
    const score = scoreSeat(
      { ...facts, departmentAdded: true },
      { fairness: 1, freshness: 1, skillFit: 1, network: 1 },
    );
    expect(score.fairness).toBeCloseTo(0.5);
    expect(score.freshness).toBe(1);
    expect(score.skillFit).toBeCloseTo(1);
    expect(score.network).toBeCloseTo(-0.5);
    expect(score.department).toBeGreaterThan(0);
    expect(score.total).toBeCloseTo(
      score.fairness + score.freshness + score.skillFit + score.network + score.department,
    );
    const noSkillWeight = scoreSeat(facts, { fairness: 1, freshness: 1, skillFit: 0, network: 1 });
    expect(noSkillWeight.skillFit).toBe(0);
    const planner = plannerWeights({ fairness: 1, freshness: 1, skillFit: 1, network: 1 });
    expect(planner.skillFit).toBeGreaterThan(1);
    expect(planner.freshness).toBeLessThan(1);
    expect(planner.fairness).toBe(1);
  });
});

describe('TopK, the bounded heap of the planner offers', () => {
  it('keeps the same k best items as a full sort, ties to the smaller key', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        (scores, k) => {
          const heap = new TopK(k);
          scores.forEach((s, key) => heap.push(key, s));
          const expected = scores
            .map((s, key) => ({ s, key }))
            .sort((a, b) => b.s - a.s || a.key - b.key)
            .slice(0, k)
            .map((x) => x.key);
          expect(heap.sorted()).toEqual(expected);
          expect(heap.length).toBe(Math.min(k, scores.length));
        },
      ),
    );
  });
});

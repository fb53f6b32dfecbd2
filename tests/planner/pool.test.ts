import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestSeats } from '../../src/planner/month-planner.ts';
import { fairShare, plannerWeights, scoreSeat } from '../../src/planner/objective.ts';
import { DEFAULT_POLICY } from '../../src/domain/types.ts';

/** What bestSeats must equal: every kept candidate scored, sorted by score (then index), the first k. */
function sortAll(
  candidates: number[],
  k: number,
  keep: (i: number) => boolean,
  score: (i: number) => number,
): number[] {
  return candidates
    .filter(keep)
    .sort((a, b) => score(b) - score(a) || a - b)
    .slice(0, k);
}

describe('bestSeats', () => {
  it('picks the same people as scoring and sorting every candidate, scoring fewer', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 12 }),
        // Scores on a coarse grid, so that ties (broken by the lower index) are common.
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 201, maxLength: 201 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 201, maxLength: 201 }),
        fc.array(fc.boolean(), { minLength: 201, maxLength: 201 }),
        (candidates, k, base, slack, kept) => {
          const score = (i: number): number => base[i] / 2;
          // An admissible bound: at least the score, sometimes equal to it.
          const upper = (i: number): number => (base[i] + slack[i]) / 2;
          const keep = (i: number): boolean => kept[i];
          let scored = 0;
          const counted = (i: number): number => {
            scored++;
            return score(i);
          };
          const got = bestSeats(candidates, k, keep, upper, counted);
          expect(got).toEqual(sortAll([...candidates], k, keep, score));
          expect(scored).toBeLessThanOrEqual(candidates.filter(keep).length);
        },
      ),
    );
  });

  it('scores only the candidates whose bound can still beat the k-th best', () => {
    const candidates = [0, 1, 2, 3, 4, 5];
    const score = (i: number): number => 10 - i;
    const scored: number[] = [];
    const got = bestSeats(
      candidates,
      2,
      () => true,
      (i) => 10 - i,
      (i) => {
        scored.push(i);
        return score(i);
      },
    );
    expect(got).toEqual([0, 1]);
    expect(scored).toEqual([0, 1]);
  });
});

describe('the network part of a seat score', () => {
  // buildPool bounds a seat's utility by its score without the network part: that holds only while meeting known
  // people never raises a seat's score.
  it('never raises the score as the share of met co-members grows', () => {
    const weights = plannerWeights(DEFAULT_POLICY.weights);
    const share = fairShare({ startMonth: '2027-01', months: 12, problems: [], people: [] });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.boolean(),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.option(fc.boolean(), { nil: undefined }),
        (planMonths, historyMonths, newToProblem, skillLevel, metShare, departmentAdded) => {
          const facts = { planMonths, historyMonths, fairShare: share, newToProblem, skillLevel, departmentAdded };
          const without = scoreSeat({ ...facts, metShare: 0 }, weights).total;
          expect(scoreSeat({ ...facts, metShare }, weights).total).toBeLessThanOrEqual(without);
        },
      ),
    );
  });
});

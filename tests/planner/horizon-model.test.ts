import highsModule, { type Highs } from 'highs';
import { describe, expect, it } from 'vitest';
import { applyMonth, buildIndex, initialState } from '../../src/planner/context.ts';
import { checkPlan } from '../../src/planner/check.ts';
import { generateRequest } from '../../src/planner/generate-request.ts';
import { planHorizon } from '../../src/planner/horizon-model.ts';
import { highsBackend } from '../../src/planner/model.ts';
import type { PlanMonth } from '../../src/domain/plan.ts';

describe('planHorizon', () => {
  it('re-plans a window of months in the middle of the horizon, over wide pools, keeping every rule', async () => {
    const exact = highsBackend(await (highsModule as unknown as () => Promise<Highs>)());
    const request = await generateRequest({ people: 80, problems: 4, seed: 5, startMonth: '2027-01', months: 3 });
    const index = buildIndex(request);
    const first = planHorizon(index, initialState(index), 1, 1, exact, 0, true);
    expect(first).toBeDefined();
    const after = initialState(index);
    applyMonth(index, after, first![0], true);
    // Months 1 and 2 together, starting from the state month 0 left: carry-over and streaks cross the window edge.
    const window = planHorizon(index, after, 2, 1, exact, 1, true);
    expect(window).toBeDefined();
    const months: PlanMonth[] = [first![0], ...window!].map((cabals, t) => ({
      month: index.months[t],
      cabals: index.problems.flatMap((problem, p) =>
        cabals[p] === undefined
          ? []
          : [
              {
                problem: problem.id,
                members: cabals[p]!.map((i) => ({ person: index.people[i].id, tags: [], why: '' })),
              },
            ],
      ),
    }));
    expect(checkPlan(request, { months }).violations).toEqual([]);
  });
});

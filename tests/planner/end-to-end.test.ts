import { describe, expect, it } from 'vitest';
import { generateRequest } from '../../src/planner/generate-request.ts';
import { planRequest } from '../../src/planner/plan-request.ts';
import { checkPlan } from '../../src/planner/check.ts';
import { rankCandidates } from '../../src/planner/rank.ts';
import { startPlanRun } from '../../src/services/plan-runner.ts';
import type { Plan } from '../../src/domain/plan.ts';

describe('a generated 150-person studio', async () => {
  const request = await generateRequest({
    people: 150,
    problems: 8,
    seed: 3,
    startMonth: '2027-01',
    months: 3,
    historyMonths: 2,
  });

  it('comes with two months of history that obey the hard rules', () => {
    expect(new Set(request.history.map((h) => h.month))).toEqual(new Set(['2026-11', '2026-12']));
    const historyAsPlan = {
      months: ['2026-11', '2026-12'].map((month) => ({
        month,
        cabals: request.history
          .filter((h) => h.month === month)
          .map((h) => ({ problem: h.problem, members: h.members.map((person) => ({ person, tags: [], why: '' })) })),
      })),
    };
    const earlier = { ...request, startMonth: '2026-11', months: 2, history: [] };
    expect(checkPlan(earlier, historyAsPlan).violations).toEqual([]);
  });

  let plan: Plan;
  it('plans three months that the checker finds no fault with', async () => {
    const result = await planRequest(request);
    expect(result.status).toBe('planned');
    if (result.status !== 'planned') return;
    plan = result.plan;
    const { violations, quality } = checkPlan(request, plan);
    expect(violations).toEqual([]);
    expect(plan.quality).toEqual({ ...quality, violations: 0 });
    for (const month of plan.months) {
      for (const cabal of month.cabals) {
        for (const member of cabal.members) {
          expect(member.tags.filter((t) => t === 'affected' || t === 'outsider')).toHaveLength(1);
          expect(member.why.length).toBeGreaterThan(10);
        }
      }
    }
    // Carry-over tags are true: the member sat on the same cabal the month before.
    const second = plan.months[1];
    for (const cabal of second.cabals) {
      const before = plan.months[0].cabals.find((c) => c.problem === cabal.problem)?.members.map((m) => m.person) ?? [];
      for (const m of cabal.members) expect(m.tags.includes('carry-over')).toBe(before.includes(m.person));
    }
  });

  it('is deterministic for a seed', async () => {
    const again = await planRequest(request);
    expect(again.status === 'planned' && again.plan).toEqual(plan);
  });

  it('ranks replacement candidates with reasons and rule effects from the checker', () => {
    const cabal = plan.months[1].cabals[0];
    const leaving = cabal.members[0].person;
    const ranked = rankCandidates(request, plan, plan.months[1].month, cabal.problem, { removing: leaving, limit: 10 });
    expect(ranked).toHaveLength(10);
    expect(ranked.map((c) => c.person)).not.toContain(leaving);
    const top = ranked[0];
    expect(top.valid).toBe(true);
    expect(top.breaks).toEqual([]);
    expect(top.reasons.join(' ')).toMatch(/served|never served/);
    // Taking the top candidate in place of the leaver keeps the whole plan valid.
    const swapped: Plan = {
      ...plan,
      months: plan.months.map((m, k) =>
        k !== 1
          ? m
          : {
              ...m,
              cabals: m.cabals.map((c) =>
                c !== cabal
                  ? c
                  : { ...c, members: c.members.map((x) => (x.person === leaving ? { ...x, person: top.person } : x)) },
              ),
            },
      ),
    };
    expect(checkPlan(request, swapped).violations, JSON.stringify(top)).toEqual([]);
    // Someone already seated elsewhere that month is ranked with the rule they would break.
    const busy = plan.months[1].cabals[1].members[0].person;
    const all = rankCandidates(request, plan, plan.months[1].month, cabal.problem, { removing: leaving, limit: 1000 });
    expect(all.find((c) => c.person === busy)!.breaks.map((b) => b.rule)).toContain('one-cabal-per-month');
  });

  it('plans the same in a worker thread, reporting progress month by month', async () => {
    const seen: number[] = [];
    const run = startPlanRun(request, { onProgress: (p) => seen.push(p.monthIndex) });
    const result = await run.promise;
    expect(result.status === 'planned' && result.plan).toEqual(plan);
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(run.progress().state).toBe('done');
  });

  it('can cancel a run', async () => {
    const run = startPlanRun(request);
    run.cancel();
    await expect(run.promise).rejects.toThrow(/cancelled/);
    expect(run.progress().state).toBe('cancelled');
  });
});

describe('small generated studios', () => {
  it.each([
    [30, 2, 8],
    [60, 5, 17],
    [30, 2, 20],
    [30, 2, 28],
  ])('%i people and %i problems (seed %i) plan a whole year', async (people, problems, seed) => {
    const request = await generateRequest({
      people,
      problems,
      seed,
      startMonth: '2027-01',
      months: 12,
      historyMonths: 2,
    });
    const result = await planRequest(request);
    expect(result.status).toBe('planned');
    if (result.status === 'planned') expect(checkPlan(request, result.plan).violations).toEqual([]);
  });
});

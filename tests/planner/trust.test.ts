import { readFileSync } from 'node:fs';
import fastJsonPatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { planRequest } from '../../src/planner/plan-request.ts';
import { checkPlan } from '../../src/planner/check.ts';
import { infeasibleSchema, parsePlanRequest, undecidedSchema } from '../../src/planner/schema.ts';
import type { InfeasibleAnswer, PlanRequest, WayOut } from '../../src/domain/plan.ts';
import { trapRequest } from './trap.ts';

function fixture(name: string): PlanRequest {
  const parsed = parsePlanRequest(JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

/** Applies a way out to the request and plans it through the failing month, as a user would. */
async function applied(request: PlanRequest, answer: InfeasibleAnswer, wayOut: WayOut): Promise<string> {
  const document = JSON.parse(JSON.stringify(request));
  fastJsonPatch.applyPatch(document, wayOut.patch as fastJsonPatch.Operation[], true);
  document.months = request.months;
  const parsed = parsePlanRequest(document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const result = await planRequest(parsed.value);
  if (result.status === 'planned') {
    expect(checkPlan(parsed.value, result.plan).violations).toEqual([]);
    return 'planned';
  }
  // Failing again later is fine; failing in the same month is not.
  return result.month > answer.month ? 'past' : `stuck in ${result.month}`;
}

describe('case-01-repeat-pairs.json: the seed only breaks ties', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seats everyone once with seed ${seed}`, async () => {
      const request = fixture('case-01-repeat-pairs.json');
      const result = await planRequest(request, { seed });
      expect(result.status).toBe('planned');
      if (result.status !== 'planned') return;
      expect(checkPlan(request, result.plan).violations).toEqual([]);
      expect(result.plan.quality).toMatchObject({ servedShare: 1, gini: 0, maxMonthsServed: 1 });
    });
  }
});

describe('case-06-tiny-affected-dept.json: ways out that work', () => {
  it('names both consecutive limits, and every way out (one combined) gets past the month when applied', async () => {
    const request = fixture('case-06-tiny-affected-dept.json');
    const result = await planRequest(request);
    expect(result.status).toBe('infeasible');
    if (result.status !== 'infeasible') return;
    expect(result.month).toBe('2027-04');
    expect(infeasibleSchema.safeParse(JSON.parse(JSON.stringify(result))).success).toBe(true);
    expect(result.conflict.map((c) => c.rule).sort()).toEqual([
      'max-consecutive-months',
      'max-consecutive-on-problem',
      'min-affected',
    ]);
    expect(result.wayOuts.length).toBeGreaterThan(0);
    const combined = result.wayOuts.filter((w) => w.rules.length === 2);
    expect(combined.map((w) => w.rules.sort())).toEqual([['max-consecutive-months', 'max-consecutive-on-problem']]);
    for (const wayOut of result.wayOuts)
      expect(await applied(request, result, wayOut), wayOut.text).not.toMatch(/stuck/);
    // Raising one limit alone is not offered: applied alone, the other limit still binds the same person.
    const texts = result.wayOuts.map((w) => w.text);
    expect(texts.some((t) => /^allow \d consecutive months on the same problem$/.test(t))).toBe(false);
    expect(result.conflict.find((c) => c.rule === 'max-consecutive-on-problem')?.wayOuts).toEqual([]);
  });

  it('says so when no single change works', async () => {
    const base = fixture('case-06-tiny-affected-dept.json');
    // Min-affected cannot be lowered below 1 here: the affected person is also the only one who holds the skill.
    const request = {
      ...base,
      people: base.people.map((p) =>
        base.problems[0].affectedDepartments.includes(p.department) ? { ...p, skills: { rating: 2 } } : p,
      ),
      problems: [{ ...base.problems[0], requiredSkills: [{ skill: 'rating', minLevel: 2 }] }],
      pins: ['2027-01', '2027-02', '2027-03', '2027-04'].map((month) => ({
        month,
        problem: base.problems[0].id,
        person: base.people.find((p) => base.problems[0].affectedDepartments.includes(p.department))!.id,
        mode: 'include' as const,
      })),
    };
    const result = await planRequest(request);
    expect(result.status).toBe('infeasible');
    if (result.status !== 'infeasible') return;
    for (const wayOut of result.wayOuts)
      expect(await applied(request, result, wayOut), wayOut.text).not.toMatch(/stuck/);
    // Removing the last pin or the skill leaves the same person pinned or needed; either limit alone still binds.
    expect(result.noSingleChange).toBe(true);
    expect(result.message).toContain('No single change works');
    expect(result.wayOuts.map((w) => w.rules.sort())).toEqual([
      ['max-consecutive-months', 'max-consecutive-on-problem'],
    ]);
  });

  it('gives no advice for a studio with no people', async () => {
    const base = fixture('case-06-tiny-affected-dept.json');
    const result = await planRequest({ ...base, people: [] });
    expect(result.status).toBe('infeasible');
    if (result.status !== 'infeasible') return;
    expect(result.wayOuts).toEqual([]);
    expect(result.message).toContain('no people');
  });
});

describe('the trap: a skill held by two people with staggered unavailability', () => {
  for (const [people, problems] of [
    [120, 10],
    [400, 16],
  ]) {
    it(`plans ${people} people × ${problems} problems × 8 months with no violation`, async () => {
      const request = trapRequest(people, problems);
      const result = await planRequest(request);
      expect(result.status).toBe('planned');
      if (result.status === 'planned') expect(checkPlan(request, result.plan).violations).toEqual([]);
    }, 600_000);
  }

  it('says "undecided", never "infeasible", when its budget allows neither a plan nor a proof', async () => {
    const result = await planRequest(trapRequest(120, 10), { limits: { wholeHorizon: 0, window: 0, horizon: 0 } });
    expect(result).toMatchObject({ status: 'undecided', month: '2027-06', problem: 'problem-0' });
    expect(undecidedSchema.safeParse(result).success).toBe(true);
  }, 600_000);
});

import { describe, expect, it } from 'vitest';
import { planRequest } from '../../src/planner/plan-request.ts';
import { checkPlan } from '../../src/planner/check.ts';
import type { Plan, PlanRequest, RuleName } from '../../src/domain/plan.ts';
import { isAffected } from '../../src/domain/types.ts';
import { request, smallProblem } from './fixtures.ts';

async function planned(req: PlanRequest): Promise<Plan> {
  const result = await planRequest(req);
  if (result.status !== 'planned') throw new Error(`expected a plan, got: ${result.message}`);
  expect(checkPlan(req, result.plan).violations).toEqual([]);
  return result.plan;
}

async function conflictOf(
  req: PlanRequest,
): Promise<{ rules: RuleName[]; details: string[]; wayOuts: string[]; month: string; problem: string }> {
  const result = await planRequest(req);
  if (result.status !== 'infeasible') throw new Error('expected infeasible');
  return {
    rules: result.conflict.map((c) => c.rule),
    details: result.conflict.map((c) => c.detail),
    wayOuts: result.conflict.map((c) => c.wayOut),
    month: result.month,
    problem: result.problem,
  };
}

const members = (plan: Plan, month: number, problem = 'combat'): string[] =>
  plan.months[month].cabals.find((c) => c.problem === problem)!.members.map((m) => m.person);

describe('one-cabal-per-month', () => {
  const two = [smallProblem(), smallProblem({ id: 'economy', title: 'Economy', affectedDepartments: ['art'] })];
  it('never seats a person in two cabals of one month', async () => {
    const plan = await planned(request({ problems: two }));
    for (let m = 0; m < 3; m++) {
      const a = members(plan, m, 'combat');
      const b = members(plan, m, 'economy');
      expect(a.filter((p) => b.includes(p))).toEqual([]);
    }
  });
  it('is named when the cabals need more people than there are', async () => {
    const big = two.map((p) => ({ ...p, size: { min: 7, max: 7 }, carryOver: { min: 0, max: 3 } }));
    const c = await conflictOf(request({ problems: big, months: 1 }));
    expect(c.rules).toContain('one-cabal-per-month');
    expect(c.month).toBe('2027-01');
  });
});

describe('size', () => {
  it('keeps every cabal within its size range', async () => {
    const plan = await planned(request());
    for (let m = 0; m < 3; m++) expect(members(plan, m).length).toBeGreaterThanOrEqual(4);
    for (let m = 0; m < 3; m++) expect(members(plan, m).length).toBeLessThanOrEqual(5);
  });
  it('is named when the studio is smaller than the minimum size', async () => {
    const c = await conflictOf(
      request({ problems: [smallProblem({ size: { min: 13, max: 14 }, carryOver: { min: 0, max: 7 } })], months: 1 }),
    );
    expect(c.rules).toEqual(['size']);
    expect(c.details[0]).toContain('12 eligible');
  });
});

describe('min-affected', () => {
  it('seats at least the minimum of affected people', async () => {
    const req = request({ problems: [smallProblem({ minAffected: 2 })] });
    const plan = await planned(req);
    const problem = req.problems[0];
    for (let m = 0; m < 3; m++) {
      const affected = members(plan, m).filter((id) =>
        isAffected(
          problem,
          req.people.find((p) => p.id === id)!,
        ),
      );
      expect(affected.length).toBeGreaterThanOrEqual(2);
    }
  });
  it('is named when fewer people are affected than required', async () => {
    const c = await conflictOf(request({ problems: [smallProblem({ minAffected: 4 })], months: 1 }));
    expect(c.rules).toEqual(['min-affected']);
    expect(c.details[0]).toContain('needs 4 affected');
  });
});

describe('min-outsiders', () => {
  it('seats at least the minimum of outsiders', async () => {
    const req = request({ problems: [smallProblem({ minOutsiders: 3 })] });
    const plan = await planned(req);
    for (let m = 0; m < 3; m++)
      expect(members(plan, m).filter((id) => !id.startsWith('design')).length).toBeGreaterThanOrEqual(3);
  });
  it('is named with its counts when too few outsiders can serve', async () => {
    const everyoneAffected = smallProblem({ affectedDepartments: ['design', 'art', 'eng'], minOutsiders: 4 });
    const c = await conflictOf(request({ problems: [everyoneAffected], months: 1 }));
    expect(c.rules).toContain('min-outsiders');
    expect(c.details[c.rules.indexOf('min-outsiders')]).toBe('needs 4 outsiders; 3 eligible');
    expect(c.wayOuts[c.rules.indexOf('min-outsiders')]).toBe('lower minimum outsiders to 3');
  });
});

describe('min-departments', () => {
  it('draws members from at least the minimum of departments', async () => {
    const req = request({ problems: [smallProblem({ minDepartments: 4 })] });
    const plan = await planned(req);
    for (let m = 0; m < 3; m++) expect(new Set(members(plan, m).map((id) => id.replace(/\d$/, ''))).size).toBe(4);
  });
  it('is named when the studio has fewer departments than required', async () => {
    const c = await conflictOf(request({ problems: [smallProblem({ minDepartments: 5 })], months: 1 }));
    expect(c.rules).toEqual(['min-departments']);
  });
});

describe('required-skills', () => {
  it('seats a holder of every required skill at its level', async () => {
    const plan = await planned(
      request({ problems: [smallProblem({ requiredSkills: [{ skill: 'netcode', minLevel: 3 }] })], months: 1 }),
    );
    expect(members(plan, 0)).toContain('eng1');
    const member = plan.months[0].cabals[0].members.find((m) => m.person === 'eng1')!;
    expect(member.tags).toContain('skill:netcode');
    expect(member.why).toContain('holds netcode at level 3');
  });
  it('is named when nobody holds the skill at that level', async () => {
    const c = await conflictOf(
      request({ problems: [smallProblem({ requiredSkills: [{ skill: 'shaders', minLevel: 2 }] })], months: 1 }),
    );
    expect(c.rules).toEqual(['required-skills']);
    expect(c.details[0]).toContain('skill shaders ≥ 2: 0 eligible');
  });
});

describe('carry-over', () => {
  const history = [{ month: '2026-12', problem: 'combat', members: ['design1', 'art2', 'eng2', 'qa2'] }];
  it('carries over within the range, from history and between planned months', async () => {
    const plan = await planned(request({ history }));
    const carried = (a: string[], b: string[]): number => a.filter((p) => b.includes(p)).length;
    expect(carried(members(plan, 0), history[0].members)).toBeGreaterThanOrEqual(1);
    expect(carried(members(plan, 0), history[0].members)).toBeLessThanOrEqual(2);
    for (let m = 1; m < 3; m++) expect(carried(members(plan, m), members(plan, m - 1))).toBeGreaterThanOrEqual(1);
    expect(
      plan.months[0].cabals[0].members
        .filter((m) => m.tags.includes('carry-over'))
        .every((m) => history[0].members.includes(m.person)),
    ).toBe(true);
  });
  it('is named when last month had fewer members than the minimum carry-over', async () => {
    const c = await conflictOf(
      request({
        history: [{ month: '2026-12', problem: 'combat', members: ['design1'] }],
        problems: [smallProblem({ carryOver: { min: 2, max: 2 } })],
      }),
    );
    expect(c.rules).toEqual(['carry-over']);
    expect(c.details[0]).toContain('needs 2..2 of the 1 members');
  });
});

describe('max-consecutive-months', () => {
  const streak = ['2026-10', '2026-11', '2026-12'].map((month) => ({ month, problem: 'other', members: ['design1'] }));
  const other = smallProblem({ id: 'other', title: 'Other', endMonth: '2026-12', startMonth: '2026-10' });
  it('rests a person whose history reaches the limit', async () => {
    const plan = await planned(request({ problems: [smallProblem(), other], history: streak, months: 1 }));
    expect(members(plan, 0)).not.toContain('design1');
  });
  it('is named when a pin asks for a person who must rest', async () => {
    const pins = [{ month: '2027-01', problem: 'combat', person: 'design1', mode: 'include' }];
    const c = await conflictOf(request({ problems: [smallProblem(), other], history: streak, pins, months: 1 }));
    expect(c.rules.sort()).toEqual(['max-consecutive-months', 'pins']);
    expect(c.wayOuts.sort()).toEqual(['allow 4 consecutive months', 'remove the include pin of design1']);
  });
});

describe('max-consecutive-on-problem', () => {
  it('never keeps a person on one problem longer than the policy allows', async () => {
    const req = request({ months: 4, policy: { maxConsecutiveMonths: 4, maxConsecutiveMonthsOnProblem: 2 } });
    const plan = await planned(req);
    for (let m = 2; m < 4; m++) {
      const thrice = members(plan, m).filter(
        (p) => members(plan, m - 1).includes(p) && members(plan, m - 2).includes(p),
      );
      expect(thrice).toEqual([]);
    }
  });
  it('is named when carry-over needs people who must leave the problem', async () => {
    const history = [{ month: '2026-12', problem: 'combat', members: ['design1', 'art1', 'eng1', 'qa1'] }];
    const c = await conflictOf(request({ history, months: 1, policy: { maxConsecutiveMonthsOnProblem: 1 } }));
    expect(c.rules.sort()).toEqual(['carry-over', 'max-consecutive-on-problem']);
  });
});

describe('unavailable', () => {
  it('never seats a person in a month they marked unavailable', async () => {
    const base = request();
    const people = base.people.map((p) =>
      ['design1', 'design2'].includes(p.id) ? { ...p, unavailable: ['2027-02'] } : p,
    );
    const plan = await planned({ ...base, people });
    expect(members(plan, 1)).not.toContain('design1');
    expect(members(plan, 1)).not.toContain('design2');
    expect(members(plan, 1)).toContain('design3');
  });
  it('is named when the only affected people are away', async () => {
    const base = request({ months: 2, problems: [smallProblem({ minAffected: 1 })] });
    const people = base.people.map((p) => (p.department === 'design' ? { ...p, unavailable: ['2027-02'] } : p));
    const c = await conflictOf({ ...base, people });
    expect(c.month).toBe('2027-02');
    expect(c.rules.sort()).toEqual(['min-affected', 'unavailable']);
  });
});

describe('pins', () => {
  it('holds include and exclude pins', async () => {
    const pins = [
      { month: '2027-02', problem: 'combat', person: 'qa3', mode: 'include' },
      { month: '2027-01', problem: 'combat', person: 'design1', mode: 'exclude' },
      { month: '2027-01', problem: 'combat', person: 'design2', mode: 'exclude' },
    ];
    const plan = await planned(request({ pins }));
    expect(members(plan, 1)).toContain('qa3');
    expect(plan.months[1].cabals[0].members.find((m) => m.person === 'qa3')!.tags).toContain('pinned');
    expect(members(plan, 0)).not.toContain('design1');
    expect(members(plan, 0)).not.toContain('design2');
  });
  it('is named when one person is pinned into two cabals of a month', async () => {
    const pins = [
      { month: '2027-01', problem: 'combat', person: 'qa3', mode: 'include' },
      { month: '2027-01', problem: 'economy', person: 'qa3', mode: 'include' },
    ];
    const problems = [smallProblem(), smallProblem({ id: 'economy', title: 'Economy', affectedDepartments: ['art'] })];
    const c = await conflictOf(request({ pins, problems, months: 1 }));
    expect(c.rules.sort()).toEqual(['one-cabal-per-month', 'pins']);
    expect(c.details.join(' ')).toContain("qa3 is pinned into problem 'Combat feel' and problem 'Economy'");
  });
});

describe('staggered tenures', () => {
  it('keeps carry-over possible month after month on a tight rotation', async () => {
    // Size 4, carry-over exactly 2, at most 2 months in a row: whole cohorts may never reach the limit together.
    const tight = smallProblem({ size: { min: 4, max: 4 }, carryOver: { min: 2, max: 2 }, minDepartments: 2 });
    const req = request({
      months: 8,
      problems: [tight],
      policy: { maxConsecutiveMonths: 2, maxConsecutiveMonthsOnProblem: 2 },
    });
    const plan = await planned(req);
    for (let m = 1; m < 8; m++) {
      const carried = members(plan, m).filter((p) => members(plan, m - 1).includes(p));
      expect(carried).toHaveLength(2);
    }
  });
});

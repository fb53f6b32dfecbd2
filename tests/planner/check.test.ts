import { describe, expect, it } from 'vitest';
import { checkPlan, createCheckContext, gini, unresolvedReferences } from '../../src/planner/check.ts';
import type { Plan, PlanRequest } from '../../src/domain/plan.ts';
import { request, smallProblem } from './fixtures.ts';

const plan = (months: { month: string; members: string[] }[], problem = 'combat'): Plan => ({
  status: 'planned',
  months: months.map((m) => ({
    month: m.month,
    cabals: [{ problem, members: m.members.map((person) => ({ person, tags: [], why: '' })) }],
  })),
  quality: { violations: 0, servedShare: 0, maxMonthsServed: 0, gini: 0, meanSkillFit: 0, newPairShare: 0 },
});

const rules = (req: PlanRequest, p: Plan): string[] =>
  [...new Set(checkPlan(req, p).violations.map((v) => v.rule))].sort();

describe('checkPlan', () => {
  const req = request({ months: 2 });
  const good = plan([
    { month: '2027-01', members: ['design1', 'art1', 'eng1', 'qa1'] },
    { month: '2027-02', members: ['design1', 'art2', 'eng2', 'qa2'] },
  ]);

  it('finds nothing wrong with a plan that keeps every rule', () => {
    expect(checkPlan(req, good).violations).toEqual([]);
  });

  it('names each broken rule', () => {
    const tooSmall = plan([
      { month: '2027-01', members: ['design1', 'art1', 'eng1'] },
      { month: '2027-02', members: ['design1', 'art2', 'eng2', 'qa2'] },
    ]);
    expect(rules(req, tooSmall)).toEqual(['size']);
    const outsidersOnly = plan([
      { month: '2027-01', members: ['art1', 'art2', 'eng1', 'qa1'] },
      { month: '2027-02', members: ['design1', 'art1', 'eng2', 'qa2'] },
    ]);
    expect(rules(req, outsidersOnly)).toEqual(['min-affected']);
    const twoDepartments = plan([
      { month: '2027-01', members: ['design1', 'design2', 'art1', 'art2'] },
      { month: '2027-02', members: ['design1', 'art3', 'eng2', 'qa2'] },
    ]);
    expect(rules(req, twoDepartments)).toEqual(['min-departments']);
    const noCarry = plan([
      { month: '2027-01', members: ['design1', 'art1', 'eng1', 'qa1'] },
      { month: '2027-02', members: ['design2', 'art2', 'eng2', 'qa2'] },
    ]);
    expect(rules(req, noCarry)).toEqual(['carry-over']);
  });

  it('counts history toward consecutive months and carry-over', () => {
    const history = ['2026-10', '2026-11', '2026-12'].map((month) => ({
      month,
      problem: 'combat',
      members: ['design1', 'art3', 'eng3', 'qa3'],
    }));
    const withHistory = request({ months: 2, history });
    expect(rules(withHistory, good)).toEqual(['max-consecutive-months', 'max-consecutive-on-problem']);
    const dropsEveryone = plan([
      { month: '2027-01', members: ['design2', 'art1', 'eng1', 'qa1'] },
      { month: '2027-02', members: ['design2', 'art2', 'eng2', 'qa2'] },
    ]);
    expect(rules(withHistory, dropsEveryone)).toEqual(['carry-over']);
  });

  it('flags absences, pins and double seats', () => {
    const base = request({ months: 2, problems: [smallProblem(), smallProblem({ id: 'economy', title: 'Economy' })] });
    const people = base.people.map((p) => (p.id === 'qa1' ? { ...p, unavailable: ['2027-01'] } : p));
    const pins = [{ month: '2027-01', problem: 'combat', person: 'qa3', mode: 'include' as const }];
    const twoCabals: Plan = {
      ...good,
      months: [
        {
          month: '2027-01',
          cabals: [
            {
              problem: 'combat',
              members: ['design1', 'art1', 'eng1', 'qa1'].map((person) => ({ person, tags: [], why: '' })),
            },
            {
              problem: 'economy',
              members: ['design1', 'art2', 'eng2', 'qa2'].map((person) => ({ person, tags: [], why: '' })),
            },
          ],
        },
      ],
    };
    expect(rules({ ...base, months: 1, people, pins }, twoCabals)).toEqual([
      'one-cabal-per-month',
      'pins',
      'unavailable',
    ]);
  });

  it('reports unknown people, unknown problems and months outside the plan as malformed, not under a rule', () => {
    const strays: Plan = {
      ...good,
      months: [
        {
          month: '2027-01',
          cabals: [
            {
              problem: 'combat',
              members: ['design1', 'art1', 'zed', 'eng1', 'qa1'].map((person) => ({ person, tags: [], why: '' })),
            },
            { problem: 'nope', members: [{ person: 'art2', tags: [], why: '' }] },
          ],
        },
        { month: '2027-02', cabals: good.months[1].cabals },
        { month: '2030-01', cabals: [] },
      ],
    };
    const expected = [
      {
        path: 'months[0].cabals[0].members[2].person',
        message: 'unknown person "zed"',
        month: '2027-01',
        problem: 'combat',
      },
      { path: 'months[0].cabals[1].problem', message: 'unknown problem "nope"', month: '2027-01', problem: 'nope' },
      { path: 'months[2].month', message: '2030-01 is outside the planned months', month: '2030-01', problem: '' },
    ];
    const result = checkPlan(req, strays);
    expect(result.malformed).toEqual(expected);
    expect(unresolvedReferences(createCheckContext(req, strays), strays)).toEqual(expected);
    // The known cabal keeps every rule with zed listed (5 members fit 4..5), so nothing is said under a rule's name.
    expect(result.violations).toEqual([]);
    expect(result.quality.violations).toBe(0);
    expect(checkPlan(req, good).malformed).toEqual([]);
  });

  it('computes the quality figures as plan-format.md defines them', () => {
    const skilled = request({
      months: 2,
      problems: [smallProblem({ requiredSkills: [{ skill: 'netcode', minLevel: 1 }] })],
    });
    const { quality } = checkPlan(skilled, good);
    // 7 of 12 people serve; design1 twice.
    expect(quality.servedShare).toBeCloseTo(7 / 12, 4);
    expect(quality.maxMonthsServed).toBe(2);
    expect(quality.gini).toBeCloseTo(gini([2, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]), 4);
    // Month 1: design1, art1, eng1, qa1 hold netcode 1, 1, 3, 1; month 2 only design1 holds it (1): 7 over 8 seats.
    expect(quality.meanSkillFit).toBeCloseTo(7 / 8, 4);
    // 6 pairs a month; in month 2 none of the pairs met before (design1 is the only one carried over).
    expect(quality.newPairShare).toBeCloseTo(1, 4);
    expect(quality.violations).toBe(0);
  });

  it('gives 0 for an even spread and grows with inequality', () => {
    expect(gini([2, 2, 2])).toBe(0);
    expect(gini([0, 0, 3])).toBeCloseTo(2 / 3, 6);
  });
});

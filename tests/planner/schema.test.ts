import { describe, expect, it } from 'vitest';
import {
  formatErrors,
  MAX_CABAL_COUNT,
  MAX_STREAK_LIMIT,
  MAX_WEIGHT,
  parsePlan,
  parsePlanRequest,
  planJsonSchemas,
} from '../../src/planner/schema.ts';
import { smallProblem, smallStudio } from './fixtures.ts';

const valid = (): Record<string, unknown> => ({ startMonth: '2027-01', ...smallStudio(), problems: [smallProblem()] });

describe('parsePlanRequest', () => {
  it('applies the documented defaults', () => {
    const parsed = parsePlanRequest({
      startMonth: '2027-01',
      departments: [{ id: 'd', name: 'D' }],
      people: [{ id: 'a', name: 'A', department: 'd' }],
      problems: [{ id: 'x', title: 'X', size: { min: 4, max: 7 } }],
    });
    if (!parsed.ok) throw new Error(formatErrors(parsed.errors));
    const r = parsed.value;
    expect(r.months).toBe(12);
    expect(r.policy).toEqual({
      maxConsecutiveMonths: 3,
      maxConsecutiveMonthsOnProblem: 3,
      weights: { fairness: 1, freshness: 1, skillFit: 1, network: 1 },
    });
    expect(r.people[0]).toMatchObject({ skills: {}, unavailable: [] });
    expect(r.problems[0]).toMatchObject({
      minAffected: 2,
      minOutsiders: 2,
      minDepartments: 3,
      carryOver: { min: 2, max: 4 },
      startMonth: '2027-01',
      requiredSkills: [],
    });
    expect(r.problems[0].endMonth).toBeUndefined();
    expect(r.history).toEqual([]);
    expect(r.pins).toEqual([]);
  });

  it('fills minLevel 1 for a required skill without one', () => {
    const parsed = parsePlanRequest({
      ...valid(),
      problems: [smallProblem({ requiredSkills: [{ skill: 'netcode' }] })],
    });
    expect(parsed.ok && parsed.value.problems[0].requiredSkills).toEqual([{ skill: 'netcode', minLevel: 1 }]);
  });

  it('names the field path of an unknown department', () => {
    const request = valid();
    (request.people as Record<string, unknown>[])[2].department = 'artt';
    const parsed = parsePlanRequest(request);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(formatErrors(parsed.errors)).toBe('people[2].department: unknown department "artt"');
  });

  it('reports shape errors by path', () => {
    const parsed = parsePlanRequest({
      ...valid(),
      startMonth: '2027-13',
      problems: [smallProblem({ size: { min: 'five', max: 7 } })],
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => e.path)).toEqual(['startMonth', 'problems[0].size.min']);
  });

  it('checks cross-references, ranges and duplicates', () => {
    const request = valid();
    const people = request.people as Record<string, unknown>[];
    people[1].id = people[0].id;
    const parsed = parsePlanRequest({
      ...request,
      problems: [smallProblem({ affectedPeople: ['ghost'], size: { min: 6, max: 5 }, carryOver: { min: 3, max: 1 } })],
      history: [{ month: '2027-01', problem: 'nope', members: [] }],
      pins: [{ month: '2027-02', problem: 'combat', person: 'nobody', mode: 'include' }],
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors.map((e) => e.path)).toEqual([
        'people[1].id',
        'problems[0].affectedPeople[0]',
        'problems[0].size',
        'problems[0].carryOver',
        'history[0].month',
        'history[0].problem',
        'pins[0].person',
      ]);
      expect(parsed.errors[0].message).toBe('duplicate id "design1" (also people[0])');
    }
  });

  it('refuses numbers beyond the documented bounds by path, so a huge one never reaches the planner', () => {
    const parsed = parsePlanRequest({
      ...valid(),
      policy: { maxConsecutiveMonths: 1e9, weights: { fairness: 1e308 } },
      problems: [
        smallProblem({
          minAffected: 1e9,
          minOutsiders: 1001,
          size: { min: 1, max: 1e15 },
          carryOver: { min: 0, max: 1e9 },
        }),
      ],
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.errors.map((e) => e.path)).toEqual([
        'policy.maxConsecutiveMonths',
        'policy.weights.fairness',
        'problems[0].size.max',
        'problems[0].minAffected',
        'problems[0].minOutsiders',
        'problems[0].carryOver.max',
      ]);
    // The bounds themselves are accepted.
    const edge = parsePlanRequest({
      ...valid(),
      policy: { maxConsecutiveMonths: MAX_STREAK_LIMIT, weights: { fairness: MAX_WEIGHT } },
      problems: [smallProblem({ minAffected: MAX_CABAL_COUNT, size: { min: 1, max: MAX_CABAL_COUNT } })],
    });
    expect(edge.ok).toBe(true);
  });
});

describe('parsePlan and the JSON Schemas', () => {
  it('rejects a plan naming an unknown person', () => {
    const parsed = parsePlanRequest(valid());
    if (!parsed.ok) throw new Error('fixture');
    const result = parsePlan(
      {
        status: 'planned',
        months: [
          {
            month: '2027-01',
            cabals: [{ problem: 'combat', members: [{ person: 'zed', tags: ['outsider'], why: '' }] }],
          },
        ],
      },
      parsed.value,
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(formatErrors(result.errors)).toBe('months[0].cabals[0].members[0].person: unknown person "zed"');
  });

  it('exports JSON Schemas that name the format fields', () => {
    const { request, plan } = planJsonSchemas() as {
      request: { properties: Record<string, unknown> };
      plan: { properties: Record<string, unknown> };
    };
    expect(Object.keys(request.properties)).toEqual(
      expect.arrayContaining(['startMonth', 'people', 'problems', 'history', 'pins', 'policy']),
    );
    expect(Object.keys(plan.properties)).toEqual(expect.arrayContaining(['status', 'months', 'quality']));
  });
});

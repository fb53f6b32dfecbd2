import { parsePlanRequest } from '../../src/planner/schema.ts';
import type { PlanRequest } from '../../src/domain/plan.ts';

/** Twelve people in four departments, three each; design and art people hold a few skills. */
export function smallStudio(): { departments: { id: string; name: string }[]; people: Record<string, unknown>[] } {
  const departments = ['design', 'art', 'eng', 'qa'].map((id) => ({ id, name: id.toUpperCase() }));
  const people = departments.flatMap((d, k) =>
    [1, 2, 3].map((n) => ({
      id: `${d.id}${n}`,
      name: `${d.name} ${n}`,
      department: d.id,
      skills: n === 1 ? { netcode: k === 2 ? 3 : 1 } : {},
    })),
  );
  return { departments, people };
}

/** A problem affecting design, small enough for twelve people: size 4..5, 1 affected, 1 outsider, 3 departments. */
export function smallProblem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'combat',
    title: 'Combat feel',
    affectedDepartments: ['design'],
    size: { min: 4, max: 5 },
    minAffected: 1,
    minOutsiders: 1,
    minDepartments: 3,
    carryOver: { min: 1, max: 2 },
    ...overrides,
  };
}

/** Builds a request through the real parser, so defaults apply exactly as for users; throws on a malformed fixture. */
export function request(overrides: Record<string, unknown> = {}): PlanRequest {
  const parsed = parsePlanRequest({
    startMonth: '2027-01',
    months: 3,
    seed: 7,
    ...smallStudio(),
    problems: [smallProblem()],
    ...overrides,
  });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return parsed.value;
}

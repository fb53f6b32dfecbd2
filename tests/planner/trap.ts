import { parsePlanRequest } from '../../src/planner/schema.ts';
import type { PlanRequest } from '../../src/domain/plan.ts';

/**
 * The trap of issue #10: problem 0 needs a skill that only two people hold, one unavailable early in the horizon
 * (months 0–1) and one in a later run of months (5–7). Planned month by month, the first holder's consecutive-month
 * allowance is easily spent in the middle months, leaving nobody for the last ones; a plan exists (seat the first
 * holder earlier, rest them, seat them again).
 */
export function trapRequest(people: number, problems: number, months = 8): PlanRequest {
  const departments = Array.from({ length: 8 }, (_, d) => ({ id: `d${d}`, name: `Department ${d}` }));
  const month = (k: number): string => `2027-${String(k + 1).padStart(2, '0')}`;
  const parsed = parsePlanRequest({
    startMonth: '2027-01',
    months,
    seed: 1,
    departments,
    people: Array.from({ length: people }, (_, i) => ({
      id: `p${String(i).padStart(4, '0')}`,
      name: `Person ${i}`,
      department: `d${i % 8}`,
      skills: i < 2 ? { shaders: 3 } : i % 5 === 0 ? { shaders: 1 } : {},
      unavailable: i === 0 ? [month(0), month(1)] : i === 1 ? [month(5), month(6), month(7)] : [],
    })),
    problems: Array.from({ length: problems }, (_, p) => ({
      id: `problem-${p}`,
      title: `Problem ${p}`,
      affectedDepartments: [`d${p % 8}`],
      requiredSkills: p === 0 ? [{ skill: 'shaders', minLevel: 3 }] : [],
    })),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

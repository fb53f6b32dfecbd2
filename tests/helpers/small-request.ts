import { addMonths } from '../../src/domain/month.ts';
import type { PlanRequest } from '../../src/domain/plan.ts';
import { parsePlanRequest } from '../../src/planner/schema.ts';

/** A person of a small generated request: a department number (0–2), skills and at most one month away. */
export interface SmallPerson {
  department: number;
  skills: { [skill: string]: number | undefined };
  /** A month the person is unavailable, if any. */
  away?: string;
}

/** A problem of a small generated request, in the vocabulary of PRODUCT.md with numbers for departments and people. */
export interface SmallProblem {
  affectedDepartment: number;
  /** Index of a named affected person; ignored when it names no one. */
  affectedPerson?: number;
  requiredSkill?: { skill: string; minLevel: number };
  size: { min: number; max: number };
  minAffected: number;
  minOutsiders: number;
  minDepartments: number;
  carryOver: { min: number; max: number };
  /** The second problem may start a month late. */
  late: boolean;
}

/** What a small request is made of; people are `p<i>` named `P<i>`, problems `q<k>`, departments `d0`–`d2`. */
export interface SmallRequestSpec {
  months: string[];
  seed: number;
  maxConsecutive: number;
  maxOnProblem: number;
  people: SmallPerson[];
  problems: SmallProblem[];
  /** Indexes of the people who sat on q0 the month before the first (only when q0 starts in the first month). */
  history: number[];
  /** One pin (indexes); ignored when it names a person, problem or month that does not exist. */
  pin: { person: number; problem: number; month: number; include: boolean } | null;
}

/**
 * Builds and validates the plan request the planner's property tests generate (three departments, people `p<i>`,
 * problems `q<k>`, history on q0 the month before, one optional pin); throws when the schema refuses it.
 */
export function smallRequest(spec: SmallRequestSpec): PlanRequest {
  const { months } = spec;
  const people = spec.people.map((p, i) => ({
    id: `p${i}`,
    name: `P${i}`,
    department: `d${p.department}`,
    skills: p.skills,
    unavailable: p.away === undefined ? [] : [p.away],
  }));
  const problems = spec.problems.map((q, k) => ({
    id: `q${k}`,
    title: `Q${k}`,
    affectedDepartments: [`d${q.affectedDepartment}`],
    affectedPeople:
      q.affectedPerson !== undefined && q.affectedPerson >= 0 && q.affectedPerson < people.length
        ? [`p${q.affectedPerson}`]
        : [],
    requiredSkills: q.requiredSkill ? [q.requiredSkill] : [],
    size: q.size,
    minAffected: q.minAffected,
    minOutsiders: q.minOutsiders,
    minDepartments: q.minDepartments,
    carryOver: q.carryOver,
    startMonth: k === 1 && q.late ? months[1] : months[0],
  }));
  const history =
    problems[0].startMonth === months[0] && spec.history.length > 0
      ? [{ month: addMonths(months[0], -1), problem: 'q0', members: spec.history.map((i) => `p${i}`) }]
      : [];
  const { pin } = spec;
  const pins =
    pin !== null && pin.person < people.length && pin.problem < problems.length && pin.month < months.length
      ? [
          {
            month: months[pin.month],
            problem: `q${pin.problem}`,
            person: `p${pin.person}`,
            mode: pin.include ? 'include' : 'exclude',
          },
        ]
      : [];
  const parsed = parsePlanRequest({
    startMonth: months[0],
    months: months.length,
    seed: spec.seed,
    policy: { maxConsecutiveMonths: spec.maxConsecutive, maxConsecutiveMonthsOnProblem: spec.maxOnProblem },
    departments: [0, 1, 2].map((d) => ({ id: `d${d}`, name: `D${d}` })),
    people,
    problems,
    history,
    pins,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

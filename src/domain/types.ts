import type { Month } from './month.ts';

/** A department of the studio. */
export interface Department {
  id: string;
  name: string;
}

/** Skill name → level 1..3. */
export type SkillLevels = Record<string, number>;

/** A person as the planner and the community layer see them (HR fields plus self-owned fields). */
export interface Person {
  id: string;
  name: string;
  department: string;
  grade?: string;
  title?: string;
  location?: string;
  timeZone?: string;
  email?: string;
  skills: SkillLevels;
  interests?: string[];
  unavailable: Month[];
}

/** A skill a problem's cabal must hold, at or above a level. */
export interface RequiredSkill {
  skill: string;
  minLevel: number;
}

/** An inclusive integer range. */
export interface Range {
  min: number;
  max: number;
}

/** A design problem with every default already applied. */
export interface Problem {
  id: string;
  title: string;
  description?: string;
  lead?: string;
  affectedDepartments: string[];
  affectedPeople: string[];
  requiredSkills: RequiredSkill[];
  size: Range;
  minAffected: number;
  minOutsiders: number;
  minDepartments: number;
  carryOver: Range;
  startMonth: Month;
  /** Inclusive; undefined means open-ended. */
  endMonth?: Month;
}

/** Weights of the soft goals. */
export interface GoalWeights {
  fairness: number;
  freshness: number;
  skillFit: number;
  network: number;
}

/** The organisation-wide rotation policy. */
export interface Policy {
  maxConsecutiveMonths: number;
  maxConsecutiveMonthsOnProblem: number;
  weights: GoalWeights;
}

/** A published cabal: one problem, one month, its members. */
export interface HistoryCabal {
  month: Month;
  problem: string;
  members: string[];
}

/** A lead's pin: include or exclude a person from a problem's cabal in a month. */
export interface Pin {
  month: Month;
  problem: string;
  person: string;
  mode: 'include' | 'exclude';
}

/** The default rotation policy of PRODUCT.md. */
export const DEFAULT_POLICY: Policy = {
  maxConsecutiveMonths: 3,
  maxConsecutiveMonthsOnProblem: 3,
  weights: { fairness: 1, freshness: 1, skillFit: 1, network: 1 },
};

/** Problem defaults of PRODUCT.md: size 5..7, 2 affected, 2 outsiders, 3 departments. */
export const PROBLEM_DEFAULTS = {
  size: { min: 5, max: 7 },
  minAffected: 2,
  minOutsiders: 2,
  minDepartments: 3,
} as const;

/** The default carry-over range for a size range: min 2, max ⌈size.max/2⌉. */
export function defaultCarryOver(size: Range): Range {
  return { min: 2, max: Math.ceil(size.max / 2) };
}

/** The member tags of the plan format. */
export type MemberTag = 'affected' | 'outsider' | 'carry-over' | 'pinned' | `skill:${string}`;

/** Tells whether a person counts as affected by a problem (affected department or named person). */
export function isAffected(
  problem: Pick<Problem, 'affectedDepartments' | 'affectedPeople'>,
  person: Pick<Person, 'id' | 'department'>,
): boolean {
  return problem.affectedDepartments.includes(person.department) || problem.affectedPeople.includes(person.id);
}

/** Tells whether a problem is active in a month (between its start and end month, inclusive). */
export function isActiveIn(problem: Pick<Problem, 'startMonth' | 'endMonth'>, month: Month): boolean {
  return month >= problem.startMonth && (problem.endMonth === undefined || month <= problem.endMonth);
}

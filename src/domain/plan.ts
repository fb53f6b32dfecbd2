import { compareMonths, type Month } from './month.ts';
import type { Department, HistoryCabal, MemberTag, Person, Pin, Policy, Problem } from './types.ts';

/** A plan request with every default applied: what the planner, the checker and the web app work on. */
export interface PlanRequest {
  startMonth: Month;
  months: number;
  seed: number;
  policy: Policy;
  departments: Department[];
  people: Person[];
  problems: Problem[];
  history: HistoryCabal[];
  pins: Pin[];
}

/** The hard rules of PRODUCT.md, by the names the plan format gives them. */
export const RULE_NAMES = [
  'one-cabal-per-month',
  'size',
  'min-affected',
  'min-outsiders',
  'min-departments',
  'required-skills',
  'carry-over',
  'max-consecutive-months',
  'max-consecutive-on-problem',
  'unavailable',
  'pins',
] as const;

/** The name of one hard rule. */
export type RuleName = (typeof RULE_NAMES)[number];

/** One member of a planned cabal, with the tags and the sentence that say why they are there. */
export interface PlanMember {
  person: string;
  tags: MemberTag[];
  why: string;
}

/** One problem's cabal in one month. */
export interface PlanCabal {
  problem: string;
  members: PlanMember[];
}

/** Every cabal of one month. */
export interface PlanMonth {
  month: Month;
  cabals: PlanCabal[];
}

/** The quality figures of plan-format.md. */
export interface Quality {
  violations: number;
  servedShare: number;
  maxMonthsServed: number;
  gini: number;
  meanSkillFit: number;
  newPairShare: number;
}

/** A planned rotation, exactly as the plan format writes it. */
export interface Plan {
  status: 'planned';
  months: PlanMonth[];
  quality: Quality;
}

/** One operation of an RFC 6902 JSON Patch. */
export interface PatchOperation {
  op: 'add' | 'remove' | 'replace';
  path: string;
  value?: unknown;
}

/**
 * A change to the request that, applied as a JSON Patch to the request (defaults filled in) and planned again, gets
 * past the failing month; `rules` are the rules it relaxes (two for a combined change).
 */
export interface WayOut {
  text: string;
  patch: PatchOperation[];
  rules: RuleName[];
}

/** One rule of an infeasibility conflict, with the numbers behind it and its verified ways out. */
export interface RuleConflict {
  rule: RuleName;
  detail: string;
  /** The first verified way out's sentence, or why there is none: kept for readers of the older format. */
  wayOut: string;
  /** Verified single changes of this rule alone. */
  wayOuts: WayOut[];
}

/** The infeasible answer, exactly as the plan format writes it. */
export interface InfeasibleAnswer {
  status: 'infeasible';
  month: Month;
  problem: string;
  conflict: RuleConflict[];
  /** Every verified way out, single changes first, then combined changes (only when no single change works). */
  wayOuts: WayOut[];
  /** True when no change to one rule alone gets past the month. */
  noSingleChange: boolean;
  message: string;
}

/**
 * The planner found no plan and could not prove, within its budget, that none exists: never reported as infeasible.
 * Names the month and problem it could not get past.
 */
export interface UndecidedAnswer {
  status: 'undecided';
  month: Month;
  problem: string;
  message: string;
}

/** What the planner returns: a plan, a proven infeasibility with its ways out, or an honest "undecided". */
export type PlanResult = { status: 'planned'; plan: Plan } | InfeasibleAnswer | UndecidedAnswer;

/** One hard-rule violation found by the checker. */
export interface Violation {
  rule: RuleName;
  month: Month;
  problem: string;
  detail: string;
}

/** Turns a planner result into the JSON document the plan format defines. */
export function planResultDocument(result: PlanResult): Plan | InfeasibleAnswer | UndecidedAnswer {
  return result.status === 'planned' ? result.plan : result;
}

/** Re-exported for callers that only import the plan vocabulary. */
export type { Department, HistoryCabal, MemberTag, Person, Pin, Policy, Problem };

/**
 * Months of a plan with other months laid over them: a cabal of `over` replaces the same problem's cabal in the same
 * month of `base`; other cabals and months are kept. Months come back in calendar order.
 */
export function mergePlanMonths(base: PlanMonth[], over: PlanMonth[]): PlanMonth[] {
  const byMonth = new Map(base.map((m) => [m.month, new Map(m.cabals.map((c) => [c.problem, c]))]));
  for (const m of over) {
    const cabals = byMonth.get(m.month) ?? new Map<string, PlanCabal>();
    for (const c of m.cabals) cabals.set(c.problem, c);
    byMonth.set(m.month, cabals);
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => compareMonths(a, b))
    .map(([month, cabals]) => ({ month, cabals: [...cabals.values()] }));
}

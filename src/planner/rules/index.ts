import { carryOver } from './carry-over.ts';
import { maxConsecutiveMonths } from './max-consecutive-months.ts';
import { maxConsecutiveOnProblem } from './max-consecutive-on-problem.ts';
import { minAffected } from './min-affected.ts';
import { minDepartments } from './min-departments.ts';
import { minOutsiders } from './min-outsiders.ts';
import { oneCabalPerMonth } from './one-cabal-per-month.ts';
import { pins } from './pins.ts';
import { requiredSkills } from './required-skills.ts';
import { size } from './size.ts';
import { unavailable } from './unavailable.ts';
import type { RuleName } from '../../domain/plan.ts';
import type { HardRule } from './types.ts';

export type { CabalUnderCheck, FailingCabal, HardRule, Tally } from './types.ts';
export {
  carryOver,
  maxConsecutiveMonths,
  maxConsecutiveOnProblem,
  minAffected,
  minDepartments,
  minOutsiders,
  oneCabalPerMonth,
  pins,
  requiredSkills,
  size,
  unavailable,
};

/** The eleven hard rules in PRODUCT.md's order; the checker, the models and the diagnosis iterate over them. */
export const HARD_RULES: readonly HardRule[] = [
  oneCabalPerMonth,
  size,
  minAffected,
  minOutsiders,
  minDepartments,
  requiredSkills,
  carryOver,
  maxConsecutiveMonths,
  maxConsecutiveOnProblem,
  unavailable,
  pins,
];

const byId = new Map<RuleName, HardRule>(HARD_RULES.map((rule) => [rule.id, rule]));

/** The rule module of a rule name (every `RuleName` has one). */
export function ruleById(id: RuleName): HardRule {
  return byId.get(id)!;
}

/** The rules that keep a person off a seat (unavailable, both consecutive limits, pins), in PRODUCT.md's order. */
export const BLOCKING_RULES: readonly HardRule[] = HARD_RULES.filter((rule) => rule.block !== undefined);

import type { RuleName } from '../domain/plan.ts';
import { addVariable, type LinearModel } from './model.ts';
import type { PlannerIndex } from './context.ts';
import { HARD_RULES } from './rules/index.ts';

/** One cabal to staff: its candidate pool, their utilities and the rule inputs that concern it. */
export interface CabalSpec {
  /** Problem index. */
  p: number;
  /** Candidate people (indices). */
  pool: number[];
  /** Utility of each pool member, aligned with pool. */
  utility: number[];
  /** People pinned in; each must be chosen. */
  forced: number[];
  /** Last month's members when the problem had a cabal then (the carry-over rule applies), else undefined. */
  previous?: number[];
  /** Flags (by person index) of who could still serve on this problem next month; null when not looking ahead. */
  continuable: Uint8Array | null;
  /** Rules left out of the model, when diagnosing which rules conflict. */
  drop: ReadonlySet<RuleName>;
  /** Objective value of each department the cabal includes (objective.ts's department part); 0 when undefined. */
  departmentReward?: number;
}

/** The rules that add rows to one cabal's model, in PRODUCT.md's order (so the models keep their row order). */
const CABAL_ROW_RULES = HARD_RULES.filter((rule) => rule.addCabalRows !== undefined);

/**
 * Adds one cabal's seat variables (one integer 0/1 seat per pool member, with its utility as objective) and each
 * hard rule's rows for it (src/planner/rules/, skipping the rules in `spec.drop`); returns the seat variable of each
 * pool member. Rules across cabals (one cabal a month) and across months (streaks) are added by the joint models.
 */
export function addCabal(model: LinearModel, index: PlannerIndex, spec: CabalSpec): number[] {
  const tag = `c${spec.p}`;
  const x = spec.pool.map((i, k) => addVariable(model, `${tag}_${i}`, spec.utility[k], true));
  for (const rule of CABAL_ROW_RULES) if (!spec.drop.has(rule.id)) rule.addCabalRows!(model, index, spec, x);
  return x;
}

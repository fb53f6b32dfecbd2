import { holdsSkill } from '../domain/skills.ts';
import type { RuleName } from '../domain/plan.ts';
import { addRow, addVariable, type LinearModel } from './model.ts';
import type { PlannerIndex } from './context.ts';

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

/** Adds one cabal's variables and rules to a model, returning the seat variable of each pool member. */
export function addCabal(model: LinearModel, index: PlannerIndex, spec: CabalSpec): number[] {
  const problem = index.problems[spec.p];
  const tag = `c${spec.p}`;
  const x = spec.pool.map((i, k) => addVariable(model, `${tag}_${i}`, spec.utility[k], true));
  const all = x.map((v): [number, number] => [v, 1]);
  const has = (rule: RuleName): boolean => !spec.drop.has(rule);
  addRow(model, `${tag}_size`, all, has('size') ? problem.size.min : 0, has('size') ? problem.size.max : Infinity);
  const affected = index.affected[spec.p];
  if (has('min-affected') && problem.minAffected > 0) {
    addRow(
      model,
      `${tag}_aff`,
      x.flatMap((v, k) => (affected[spec.pool[k]] ? [[v, 1] as [number, number]] : [])),
      problem.minAffected,
      Infinity,
    );
  }
  if (has('min-outsiders') && problem.minOutsiders > 0) {
    addRow(
      model,
      `${tag}_out`,
      x.flatMap((v, k) => (affected[spec.pool[k]] ? [] : [[v, 1] as [number, number]])),
      problem.minOutsiders,
      Infinity,
    );
  }
  if (has('min-departments') && problem.minDepartments > 0) {
    // A department counts once it has a member; the indicator may stay continuous because x is integral.
    const byDepartment = new Map<number, [number, number][]>();
    x.forEach((v, k) => {
      const d = index.department[spec.pool[k]];
      if (!byDepartment.has(d)) byDepartment.set(d, []);
      byDepartment.get(d)!.push([v, -1]);
    });
    const indicators: [number, number][] = [];
    for (const [d, terms] of byDepartment) {
      const y = addVariable(model, `${tag}_d${d}`, spec.departmentReward ?? 0, false, 1);
      addRow(model, `${tag}_dl${d}`, [[y, 1], ...terms], -Infinity, 0);
      indicators.push([y, 1]);
    }
    addRow(model, `${tag}_dep`, indicators, problem.minDepartments, Infinity);
  }
  if (has('required-skills')) {
    problem.requiredSkills.forEach((r, s) => {
      const terms = x.flatMap((v, k) =>
        holdsSkill(index.people[spec.pool[k]], r) ? [[v, 1] as [number, number]] : [],
      );
      addRow(model, `${tag}_sk${s}`, terms, 1, Infinity);
    });
  }
  if (has('carry-over') && spec.previous !== undefined) {
    const before = new Set(spec.previous);
    const terms = x.flatMap((v, k) => (before.has(spec.pool[k]) ? [[v, 1] as [number, number]] : []));
    addRow(model, `${tag}_carry`, terms, problem.carryOver.min, problem.carryOver.max);
  }
  if (spec.continuable !== null && problem.carryOver.min > 0) {
    // Look-ahead: keep enough members who may serve again next month, so that next month's carry-over stays possible.
    const flags = spec.continuable;
    const terms = x.flatMap((v, k) => (flags[spec.pool[k]] ? [[v, 1] as [number, number]] : []));
    addRow(model, `${tag}_next`, terms, problem.carryOver.min, Infinity);
  }
  if (has('pins')) {
    const position = new Map(spec.pool.map((i, k) => [i, k]));
    for (const i of spec.forced) {
      const k = position.get(i);
      if (k === undefined) model.triviallyInfeasible = true;
      else addRow(model, `${tag}_pin${i}`, [[x[k], 1]], 1, Infinity);
    }
  }
  return x;
}

/** Adds "one cabal per person" rows for people who sit in more than one pool of a joint model. */
export function addOneCabalRows(model: LinearModel, pools: number[][], seats: number[][]): void {
  const byPerson = new Map<number, [number, number][]>();
  pools.forEach((pool, c) =>
    pool.forEach((i, k) => {
      if (!byPerson.has(i)) byPerson.set(i, []);
      byPerson.get(i)!.push([seats[c][k], 1]);
    }),
  );
  for (const [i, terms] of byPerson) if (terms.length > 1) addRow(model, `one_${i}`, terms, -Infinity, 1);
}

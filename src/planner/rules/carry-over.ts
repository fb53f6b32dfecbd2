import type { Problem } from '../../domain/types.ts';
import { addRow, addVariable, type LinearModel } from '../model.ts';
import type { PlannerIndex } from '../context.ts';
import { count, downTo, upTo, type HardRule } from './types.ts';

/**
 * Carry-over between two months of a horizon model, for problem p in month t: z = now ∧ before for each person with
 * a seat in both (`now` and `before` map person index → seat variable), and the problem's range on Σ z.
 */
export function addCarryRowsBetweenMonths(
  model: LinearModel,
  index: PlannerIndex,
  t: number,
  p: number,
  now: ReadonlyMap<number, number>,
  before: ReadonlyMap<number, number>,
): void {
  const problem = index.problems[p];
  const carried: [number, number][] = [];
  for (const [i, x] of now) {
    const b = before.get(i);
    if (b === undefined) continue;
    const z = addVariable(model, `z${t}_${p}_${i}`, 0, false, 1);
    addRow(
      model,
      `zn${t}_${p}_${i}`,
      [
        [z, 1],
        [x, -1],
      ],
      -Infinity,
      0,
    );
    addRow(
      model,
      `zb${t}_${p}_${i}`,
      [
        [z, 1],
        [b, -1],
      ],
      -Infinity,
      0,
    );
    addRow(
      model,
      `zl${t}_${p}_${i}`,
      [
        [z, 1],
        [x, -1],
        [b, -1],
      ],
      -1,
      Infinity,
    );
    carried.push([z, 1]);
  }
  addRow(model, `carry${t}_${p}`, carried, problem.carryOver.min, problem.carryOver.max);
}

/**
 * The carry-over test of rule 7 on one cabal: how many of `members` (person ids as listed) were in `before` (the
 * problem's cabal the month before), and whether that count lies within the problem's carry-over range. The checker
 * and the lead's candidate ranking (which asks it of next month's cabal) both call it.
 */
export function carriedOver(
  problem: Pick<Problem, 'carryOver'>,
  before: readonly string[],
  members: readonly string[],
): { carried: number; inRange: boolean } {
  const carried = members.filter((id) => before.includes(id)).length;
  return { carried, inRange: carried >= problem.carryOver.min && carried <= problem.carryOver.max };
}

/** The carry-over range as violation details end: "the range is 1..2". */
export function carryRangePhrase(problem: Pick<Problem, 'carryOver'>): string {
  return `the range is ${problem.carryOver.min}..${problem.carryOver.max}`;
}

/**
 * Rule 7: if the problem had a cabal the month before, the number of members who were also in that cabal lies within
 * the problem's carry-over range; in the problem's first month there is no carry-over. History counts as the month
 * before the start month.
 */
export const carryOver: HardRule = {
  id: 'carry-over',
  statement: 'If the problem had a cabal the month before, the members carried over lie within the carry-over range.',
  check({ ctx, month, problem, members }) {
    const previous = ctx.previous(month);
    const before = ctx.cabals.get(previous)?.get(problem.id);
    if (before === undefined) return [];
    const { carried, inRange } = carriedOver(problem, before, members);
    if (inRange) return [];
    return [`${count(carried, 'member')} carried over from ${previous}; ${carryRangePhrase(problem)}`];
  },
  dependsOnEarlierMonths: true,
  addCabalRows(model, index, spec, seats) {
    const problem = index.problems[spec.p];
    const tag = `c${spec.p}`;
    if (spec.previous !== undefined) {
      const before = new Set(spec.previous);
      const terms = seats.flatMap((v, k) => (before.has(spec.pool[k]) ? [[v, 1] as [number, number]] : []));
      addRow(model, `${tag}_carry`, terms, problem.carryOver.min, problem.carryOver.max);
    }
    if (spec.continuable !== null && problem.carryOver.min > 0) {
      // Look-ahead (a heuristic, not a rule): keep enough members who may serve again next month, so that next
      // month's carry-over stays possible. Models that leave carry-over out never look ahead either.
      const flags = spec.continuable;
      const terms = seats.flatMap((v, k) => (flags[spec.pool[k]] ? [[v, 1] as [number, number]] : []));
      addRow(model, `${tag}_next`, terms, problem.carryOver.min, Infinity);
    }
  },
  explain({ input, p, tally, describe }) {
    const problem = input.index.problems[p];
    const before = input.state.previous[p] ?? [];
    const t = tally(p, (i) => before.includes(i));
    return `needs ${problem.carryOver.min}..${problem.carryOver.max} of the ${before.length} members of the month before; ${describe(t)}`;
  },
  wayOuts({ input, p }) {
    const problem = input.index.problems[p];
    const at = `/problems/${p}`;
    return [
      downTo(problem.carryOver.min - 1, 0).map((v) => ({
        text: `lower minimum carry-over to ${v}`,
        patch: [{ op: 'add', path: `${at}/carryOver`, value: { min: v, max: problem.carryOver.max } }],
        rules: ['carry-over'],
      })),
      upTo(problem.carryOver.max + 1, problem.size.max).map((v) => ({
        text: `raise maximum carry-over to ${v}`,
        patch: [{ op: 'add', path: `${at}/carryOver`, value: { min: problem.carryOver.min, max: v } }],
        rules: ['carry-over'],
      })),
    ];
  },
};

import type { Month } from '../../domain/month.ts';
import type { Problem } from '../../domain/types.ts';
import type { CheckContext } from '../check.ts';
import { BLOCK, type MonthPins, type PlannerIndex } from '../context.ts';
import { addRow } from '../model.ts';
import { problemName, type HardRule } from './types.ts';

/** Whether a month's pins keep person i (of N) off problem p: pinned out of it, or pinned into another cabal. */
export function pinnedOff(pins: MonthPins, N: number, i: number, p: number): boolean {
  if (pins.exclude.has(p * N + i)) return true;
  const pinnedTo = pins.includeOf.get(i);
  return pinnedTo !== undefined && !pinnedTo.includes(p);
}

/** Include pins into a problem that is not active in the month: they can never hold (details for the checker). */
export function pinsIntoInactive(ctx: CheckContext, month: Month, problem: Problem): string[] {
  return ctx.request.pins
    .filter((pin) => pin.month === month && pin.problem === problem.id && pin.mode === 'include')
    .map((pin) => `${pin.person} is pinned in, but ${problem.id} is not active in ${month}`);
}

/** A pin's problem as sentences name it, by its title (its id when the request does not know it). */
function pinnedProblem(index: PlannerIndex, id: string): string {
  const q = index.problemIndex.get(id);
  return q === undefined ? id : problemName(index.problems[q]);
}

/** Rule 11: pins hold: a lead's "include" puts the person in that cabal, and an "exclude" keeps them out. */
export const pins: HardRule = {
  id: 'pins',
  statement: 'Pins hold: a lead\'s "include" puts the person in that cabal, and an "exclude" keeps them out.',
  check({ ctx, month, problem, distinct }) {
    const out: string[] = [];
    for (const pin of ctx.request.pins) {
      if (pin.month !== month || pin.problem !== problem.id) continue;
      if (pin.mode === 'include' && !distinct.has(pin.person)) out.push(`${pin.person} is pinned in but not a member`);
      if (pin.mode === 'exclude' && distinct.has(pin.person)) out.push(`${pin.person} is pinned out but is a member`);
    }
    return out;
  },
  addCabalRows(model, _index, spec, seats) {
    const position = new Map(spec.pool.map((i, k) => [i, k]));
    for (const i of spec.forced) {
      const k = position.get(i);
      if (k === undefined) model.triviallyInfeasible = true;
      else addRow(model, `c${spec.p}_pin${i}`, [[seats[k], 1]], 1, Infinity);
    }
  },
  block: BLOCK.pins,
  blockedPhrase: (n) => `${n} pinned out or pinned elsewhere`,
  blocks: (index, _state, mi, i, p) => pinnedOff(index.pins[mi], index.people.length, i, p),
  explain({ input, p }) {
    const { index, mi } = input;
    const month = index.months[mi];
    const problem = index.problems[p];
    const pins = index.request.pins.filter(
      (x) => x.month === month && (x.problem === problem.id || x.mode === 'include'),
    );
    const text = pins.map(
      (x) => `${x.person} pinned ${x.mode === 'include' ? 'into' : 'out of'} ${pinnedProblem(index, x.problem)}`,
    );
    return text.join('; ') || 'pins of this month';
  },
  wayOuts({ input }) {
    const { index, mi } = input;
    const month = index.months[mi];
    return index.request.pins
      .flatMap((pin, k) => (pin.month === month ? [{ pin, k }] : []))
      .slice(0, 4)
      .map(({ pin, k }, _, all) => [
        {
          // The problem is named only when it tells this person's pins of the month apart.
          text:
            all.filter((other) => other.pin.person === pin.person).length > 1
              ? `remove the ${pin.mode} pin of ${pin.person} on ${pinnedProblem(index, pin.problem)}`
              : `remove the ${pin.mode} pin of ${pin.person}`,
          patch: [{ op: 'remove', path: `/pins/${k}` }],
          rules: ['pins'],
        },
      ]);
  },
};

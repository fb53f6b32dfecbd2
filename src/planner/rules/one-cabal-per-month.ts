import { addMonths } from '../../domain/month.ts';
import { addRow, type LinearModel } from '../model.ts';
import { problemName, type HardRule } from './types.ts';

/**
 * Adds "one cabal per person" rows to a joint model of several cabals of one month: `seats[c][k]` is the seat of
 * `pools[c][k]`; a person in more than one pool may take at most one of those seats.
 */
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

/** Rule 1: no person is in more than one cabal in a month. */
export const oneCabalPerMonth: HardRule = {
  id: 'one-cabal-per-month',
  statement: 'No person is in more than one cabal in a month.',
  check({ ctx, month, problem, members, distinct }) {
    const out: string[] = [];
    if (distinct.size < members.length) out.push('a person is listed twice in the cabal');
    for (const id of distinct) {
      const elsewhere = (ctx.seats.get(month)?.get(id) ?? []).filter((q) => q !== problem.id);
      if (elsewhere.length > 0) out.push(`${id} also sits on ${elsewhere.join(', ')}`);
    }
    return out;
  },
  explain({ input, active, everyone }) {
    const { index, mi } = input;
    const doubly = [...index.pins[mi].includeOf].find(([, into]) => into.filter((q) => index.active[mi][q]).length > 1);
    if (doubly !== undefined) {
      const [i, into] = doubly;
      // People by id and problems by title, as every rule's explanation names them.
      const problems = into.map((q) => problemName(index.problems[q])).join(' and ');
      return `${index.people[i].id} is pinned into ${problems}; a person sits on one cabal a month`;
    }
    const seats = active.reduce((n, q) => n + index.problems[q].size.min, 0);
    return `${active.length} cabals in ${index.months[mi]} need at least ${seats} people between them, ${everyone.eligible.length} eligible; each person sits on one`;
  },
  wayOuts({ input, p, active }) {
    const { index, mi } = input;
    const next = addMonths(index.months[mi], 1);
    return active
      .filter((q) => q !== p)
      .slice(0, 3)
      .map((q) => [
        {
          text: `start ${problemName(index.problems[q])} in ${next} instead`,
          patch: [{ op: 'add', path: `/problems/${q}/startMonth`, value: next }],
          rules: ['one-cabal-per-month'],
        },
      ]);
  },
};

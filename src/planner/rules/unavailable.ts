import { BLOCK, type PlannerIndex } from '../context.ts';
import { people, type HardRule } from './types.ts';

/** Whether person i marked month index mi (the horizon plus the month after it) unavailable. */
export function unavailableIn(index: PlannerIndex, mi: number, i: number): boolean {
  return index.unavailable[mi][i] === 1;
}

/** Rule 10: nobody serves in a month they marked unavailable. */
export const unavailable: HardRule = {
  id: 'unavailable',
  statement: 'Nobody serves in a month they marked unavailable.',
  check({ ctx, month, distinct }) {
    const out: string[] = [];
    for (const id of distinct) if (ctx.unavailable.get(id)?.has(month)) out.push(`${id} is unavailable in ${month}`);
    return out;
  },
  block: BLOCK.unavailable,
  blockedPhrase: (n) => `${n} unavailable`,
  blocks: (index, _state, mi, i) => unavailableIn(index, mi, i),
  explain({ input, ids }) {
    const { index, mi } = input;
    const away = index.people.flatMap((_, i) => (index.unavailable[mi][i] ? [i] : []));
    return `${people(away.length)} unavailable in ${index.months[mi]}${away.length > 0 ? ` (${ids(away)})` : ''}`;
  },
  wayOuts({ input, p }) {
    const { index, mi } = input;
    const month = index.months[mi];
    return index.request.people
      .flatMap((person, i) => {
        const k = person.unavailable.indexOf(month);
        return k < 0 ? [] : [{ person, i, k }];
      })
      .sort((a, b) => index.affected[p][b.i] - index.affected[p][a.i] || a.i - b.i)
      .slice(0, 3)
      .map(({ person, i, k }) => [
        {
          text: `ask ${person.id} whether they can make ${month} after all`,
          patch: [{ op: 'remove', path: `/people/${i}/unavailable/${k}` }],
          rules: ['unavailable'],
        },
      ]);
  },
};

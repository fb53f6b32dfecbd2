import { BLOCK, type PlannerIndex } from '../context.ts';
import type { PatchOperation, WayOut } from '../../domain/plan.ts';
import { holdsSkill } from '../../domain/skills.ts';
import type { Person } from '../../domain/types.ts';
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
    const away = index.people.flatMap((_, i) => (unavailableIn(index, mi, i) ? [i] : []));
    return `${people(away.length)} unavailable in ${index.months[mi]}${away.length > 0 ? ` (${ids(away)})` : ''}`;
  },
  wayOuts({ input, p }) {
    const { index, mi } = input;
    const month = index.months[mi];
    // Holders of the problem's required skills first (often the scarce ones the month lacks), then affected people.
    const required = index.problems[p].requiredSkills;
    const holds = (person: Person): number => required.filter((r) => holdsSkill(person, r)).length;
    const away = index.request.people
      .flatMap((person, i) => (person.unavailable.includes(month) ? [{ person, i }] : []))
      .sort(
        (a, b) => holds(b.person) - holds(a.person) || index.affected[p][b.i] - index.affected[p][a.i] || a.i - b.i,
      );
    // Every entry of the month, last first, so that the indices of the ones before stay right.
    const removals = ({ person, i }: (typeof away)[number]): PatchOperation[] =>
      person.unavailable
        .flatMap((m, k) => (m === month ? [k] : []))
        .reverse()
        .map((k) => ({ op: 'remove', path: `/people/${i}/unavailable/${k}` }));
    const ask = (asked: typeof away): WayOut => ({
      text: `ask ${names(asked.map((a) => a.person.id))} whether they can make ${month} after all`,
      patch: asked.flatMap(removals),
      rules: ['unavailable'],
    });
    // Nearest first: the first person away, then the first two, and so on (a month everyone marked away needs a whole
    // cabal asked); then the second and third person alone.
    const together = away.slice(0, MAX_ASKED).map((_, k) => ask(away.slice(0, k + 1)));
    return [together, ...away.slice(1, 3).map((a) => [ask([a])])].filter((d) => d.length > 0);
  },
};

/** The most people one way out asks to come back in the same month. */
const MAX_ASKED = 30;

/** "a", "a and b", "a, b and c"; after six, "and N more". */
function names(ids: string[]): string {
  const shown = ids.length > 7 ? [...ids.slice(0, 6), `${ids.length - 6} more`] : ids;
  return shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

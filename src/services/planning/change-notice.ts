import type { Db } from '../../db/client.ts';
import { namesOf } from '../../db/repos/people.ts';

/** Joins names as a sentence does: "A", "A and B", "A, B and C". */
export function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** A lookup of people's names by id (an unknown id stays as it is), loaded once for a set of ids. */
export function nameLookup(db: Db, ids: Iterable<string>): (id: string) => string {
  const names = new Map(namesOf(db, [...new Set(ids)]).map((p) => [p.id, p.name]));
  return (id) => names.get(id) ?? id;
}

/**
 * Says how a cabal's members changed, with names: "Aiko Holm replaces Ben Ode", "Aiko Holm and Cleo Park join;
 * Ben Ode leaves", or undefined when nobody joined or left.
 */
export function describeMoves(name: (id: string) => string, joined: string[], left: string[]): string | undefined {
  if (joined.length === 0 && left.length === 0) return undefined;
  if (joined.length === 1 && left.length === 1) return `${name(joined[0])} replaces ${name(left[0])}`;
  const parts: string[] = [];
  if (joined.length) parts.push(`${listNames(joined.map(name))} ${joined.length === 1 ? 'joins' : 'join'}`);
  if (left.length) parts.push(`${listNames(left.map(name))} ${left.length === 1 ? 'leaves' : 'leave'}`);
  return parts.join('; ');
}

/** Who joined and who left between two rosters (person ids). */
export function rosterMoves(before: Iterable<string>, after: Iterable<string>): { joined: string[]; left: string[] } {
  const was = new Set(before);
  const is = new Set(after);
  return { joined: [...is].filter((p) => !was.has(p)), left: [...was].filter((p) => !is.has(p)) };
}

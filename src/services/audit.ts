import type { AuditEntry } from '../db/repos/audit.ts';
import type { PlanMonth } from '../domain/plan.ts';

/**
 * The audit entries for every person who moved into or out of a cabal between two versions of some months: one
 * `cabal.join` or `cabal.leave` per person, cabal and month, so the log answers "who was moved where, when, by whom".
 */
export function membershipMoves(before: PlanMonth[], after: PlanMonth[], detail: string): AuditEntry[] {
  const members = (months: PlanMonth[]) => {
    const out = new Map<string, Set<string>>();
    for (const m of months)
      for (const c of m.cabals) out.set(`${m.month}|${c.problem}`, new Set(c.members.map((x) => x.person)));
    return out;
  };
  const old = members(before);
  const now = members(after);
  const entries: AuditEntry[] = [];
  for (const key of new Set([...old.keys(), ...now.keys()])) {
    const [month, problemId] = key.split('|') as [string, string];
    const was = old.get(key) ?? new Set<string>();
    const is = now.get(key) ?? new Set<string>();
    for (const personId of is)
      if (!was.has(personId)) entries.push({ action: 'cabal.join', problemId, month, personId, detail });
    for (const personId of was)
      if (!is.has(personId)) entries.push({ action: 'cabal.leave', problemId, month, personId, detail });
  }
  return entries;
}

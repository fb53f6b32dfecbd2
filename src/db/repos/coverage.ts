import { and, asc, eq, gte, inArray, lte, max, min } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import { cabalMembers, cabals, people, problems } from '../schema.ts';
import type { CoveragePerson, Seat } from '../../domain/coverage.ts';
import type { Month } from '../../domain/month.ts';

type Statuses = ('draft' | 'published')[];

/** The active people, with the department their seats count towards. */
export function coveragePeople(db: Conn): CoveragePerson[] {
  return db
    .select({ id: people.id, name: people.name, department: people.departmentId })
    .from(people)
    .where(eq(people.active, true))
    .orderBy(asc(people.id))
    .all();
}

/** Every seat of the cabals from `from` to `to` (inclusive) with one of the statuses. */
export function seatsInRange(db: Conn, from: Month, to: Month, statuses: Statuses): Seat[] {
  return db
    .select({
      month: cabals.month,
      problem: cabals.problemId,
      problemTitle: problems.title,
      person: cabalMembers.personId,
    })
    .from(cabals)
    .innerJoin(cabalMembers, eq(cabalMembers.cabalId, cabals.id))
    .innerJoin(problems, eq(problems.id, cabals.problemId))
    .where(and(gte(cabals.month, from), lte(cabals.month, to), inArray(cabals.status, statuses)))
    .all();
}

/** The months each person held a seat, from `from` to `to` (inclusive), for streaks and months served. */
export function servedMonths(db: Conn, from: Month, to: Month, statuses: Statuses): Map<string, Set<Month>> {
  const rows = db
    .selectDistinct({ person: cabalMembers.personId, month: cabals.month })
    .from(cabals)
    .innerJoin(cabalMembers, eq(cabalMembers.cabalId, cabals.id))
    .where(and(gte(cabals.month, from), lte(cabals.month, to), inArray(cabals.status, statuses)))
    .all();
  const out = new Map<string, Set<Month>>();
  for (const r of rows) {
    const set = out.get(r.person);
    if (set) set.add(r.month);
    else out.set(r.person, new Set([r.month]));
  }
  return out;
}

/** The first and last month that have any cabal, or undefined when nothing has been planned yet. */
export function scheduleSpan(db: Conn): { first: Month; last: Month } | undefined {
  const row = db
    .select({ first: min(cabals.month), last: max(cabals.month) })
    .from(cabals)
    .get();
  return row?.first && row.last ? { first: row.first, last: row.last } : undefined;
}

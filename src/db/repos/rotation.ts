import { and, asc, eq, inArray, max } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Conn } from '../client.ts';
import { cabalMembers, cabals, departments, people, problems } from '../schema.ts';
import type { MySeat, Roster } from '../../domain/rotation.ts';
import type { Month } from '../../domain/month.ts';

/** Every cabal seat a person holds, drafts and published, in month order. */
export function seatsOf(db: Conn, personId: string): MySeat[] {
  const lead = alias(people, 'lead');
  return db
    .select({
      month: cabals.month,
      status: cabals.status,
      problemId: problems.id,
      problemTitle: problems.title,
      leadId: problems.leadPersonId,
      leadName: lead.name,
      tags: cabalMembers.tags,
      why: cabalMembers.why,
    })
    .from(cabalMembers)
    .innerJoin(cabals, eq(cabals.id, cabalMembers.cabalId))
    .innerJoin(problems, eq(problems.id, cabals.problemId))
    .leftJoin(lead, eq(lead.id, problems.leadPersonId))
    .where(eq(cabalMembers.personId, personId))
    .orderBy(asc(cabals.month))
    .all();
}

/** The members of the given problems' cabals in the given months, one roster per cabal. */
export function rostersOf(db: Conn, problemIds: string[], months: Month[]): Roster[] {
  if (problemIds.length === 0 || months.length === 0) return [];
  const rows = db
    .select({
      problemId: cabals.problemId,
      month: cabals.month,
      id: people.id,
      name: people.name,
      departmentName: departments.name,
      tags: cabalMembers.tags,
    })
    .from(cabals)
    .innerJoin(cabalMembers, eq(cabalMembers.cabalId, cabals.id))
    .innerJoin(people, eq(people.id, cabalMembers.personId))
    .innerJoin(departments, eq(departments.id, people.departmentId))
    .where(and(inArray(cabals.problemId, problemIds), inArray(cabals.month, months)))
    .orderBy(asc(cabals.month), asc(people.name))
    .all();
  const out = new Map<string, Roster>();
  for (const { problemId, month, ...member } of rows) {
    const k = `${problemId}\u0000${month}`;
    const roster = out.get(k) ?? { problemId, month, members: [] };
    roster.members.push(member);
    out.set(k, roster);
  }
  return [...out.values()];
}

/** The last month that has any cabal, draft or published: how far the schedule reaches. */
export function lastScheduledMonth(db: Conn): Month | undefined {
  return (
    db
      .select({ m: max(cabals.month) })
      .from(cabals)
      .get()?.m ?? undefined
  );
}

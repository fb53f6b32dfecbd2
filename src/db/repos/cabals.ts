import { and, asc, desc, eq, gte, inArray, lt, max, min, sql } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import { cabalMembers, cabals, departments, people } from '../schema.ts';
import type { PlanCabal, PlanMonth } from '../../domain/plan.ts';
import type { HistoryCabal, MemberTag } from '../../domain/types.ts';
import type { Month } from '../../domain/month.ts';
import { insertChunked } from './studio.ts';

/** Writes planned months as cabals with the given status; drafts of those months are replaced, published months are never touched. */
export function writePlanMonths(
  tx: Conn,
  months: PlanMonth[],
  status: 'draft' | 'published',
  at: string,
  by?: number,
): void {
  for (const m of months) {
    const problemIds = m.cabals.map((c) => c.problem);
    if (problemIds.length === 0) continue;
    const published = tx
      .select({ problemId: cabals.problemId })
      .from(cabals)
      .where(and(eq(cabals.month, m.month), eq(cabals.status, 'published'), inArray(cabals.problemId, problemIds)))
      .all();
    if (published.length)
      throw new Error(
        `db: ${m.month} is published for ${published.map((p) => p.problemId).join(', ')}; history is never rewritten`,
      );
    tx.delete(cabals)
      .where(and(eq(cabals.month, m.month), inArray(cabals.problemId, problemIds)))
      .run();
    for (const c of m.cabals) {
      const { id } = tx
        .insert(cabals)
        .values({
          problemId: c.problem,
          month: m.month,
          status,
          publishedAt: status === 'published' ? at : null,
          publishedBy: status === 'published' ? (by ?? null) : null,
          createdAt: at,
        })
        .returning({ id: cabals.id })
        .get();
      insertChunked(c.members, 200, (chunk) =>
        tx
          .insert(cabalMembers)
          .values(chunk.map((mem) => ({ cabalId: id, personId: mem.person, tags: mem.tags, why: mem.why })))
          .run(),
      );
    }
  }
}

/** One member of a cabal as the problem page shows them. */
export interface CabalMemberView {
  personId: string;
  name: string;
  departmentName: string;
  grade: string;
  location: string;
  tags: MemberTag[];
  why: string;
}

/** One problem's cabal in one month, with its members, for the problem timeline. */
export interface CabalView {
  id: number;
  problemId: string;
  month: Month;
  status: 'draft' | 'published';
  publishedAt: string | null;
  members: CabalMemberView[];
}

/** Lists a problem's cabals month by month with each member's department, grade, location, tags and why. */
export function listProblemCabals(db: Conn, problemId: string): CabalView[] {
  const rows = db
    .select({
      id: cabals.id,
      problemId: cabals.problemId,
      month: cabals.month,
      status: cabals.status,
      publishedAt: cabals.publishedAt,
    })
    .from(cabals)
    .where(eq(cabals.problemId, problemId))
    .orderBy(asc(cabals.month))
    .all();
  if (rows.length === 0) return [];
  const members = db
    .select({
      cabalId: cabalMembers.cabalId,
      personId: cabalMembers.personId,
      name: people.name,
      departmentName: departments.name,
      grade: people.grade,
      location: people.location,
      tags: cabalMembers.tags,
      why: cabalMembers.why,
    })
    .from(cabalMembers)
    .innerJoin(people, eq(people.id, cabalMembers.personId))
    .innerJoin(departments, eq(departments.id, people.departmentId))
    .where(
      inArray(
        cabalMembers.cabalId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(people.name))
    .all();
  const byCabal = new Map<number, CabalMemberView[]>();
  for (const { cabalId, ...m } of members) {
    const member = { ...m, tags: m.tags as MemberTag[] };
    const list = byCabal.get(cabalId);
    if (list) list.push(member);
    else byCabal.set(cabalId, [member]);
  }
  return rows.map((r) => ({ ...r, members: byCabal.get(r.id) ?? [] }));
}

/** Loads every cabal of the months in a range (both ends inclusive), in the plan format's shape. */
export function listPlanMonths(
  db: Conn,
  range: { from?: Month; before?: Month; status?: 'draft' | 'published' },
): PlanMonth[] {
  const conditions = [
    range.from ? gte(cabals.month, range.from) : undefined,
    range.before ? lt(cabals.month, range.before) : undefined,
    range.status ? eq(cabals.status, range.status) : undefined,
  ];
  const rows = db
    .select({
      month: cabals.month,
      problem: cabals.problemId,
      person: cabalMembers.personId,
      tags: cabalMembers.tags,
      why: cabalMembers.why,
    })
    .from(cabals)
    .innerJoin(cabalMembers, eq(cabalMembers.cabalId, cabals.id))
    .where(and(...conditions))
    .orderBy(asc(cabals.month), asc(cabals.problemId), asc(cabalMembers.personId))
    .all();
  const months: PlanMonth[] = [];
  let cabal: PlanCabal | undefined;
  for (const r of rows) {
    let month = months.at(-1);
    if (month?.month !== r.month) {
      month = { month: r.month, cabals: [] };
      months.push(month);
      cabal = undefined;
    }
    if (cabal?.problem !== r.problem) {
      cabal = { problem: r.problem, members: [] };
      month.cabals.push(cabal);
    }
    cabal.members.push({ person: r.person, tags: r.tags as MemberTag[], why: r.why });
  }
  return months;
}

/** Lists the cabals before a month (published or not) as history for a plan request. */
export function listHistory(db: Conn, before: Month): HistoryCabal[] {
  return listPlanMonths(db, { before }).flatMap((m) =>
    m.cabals.map((c) => ({ month: m.month, problem: c.problem, members: c.members.map((x) => x.person) })),
  );
}

/** The latest published month (of one problem, when given), if any was published. */
export function lastPublishedMonth(db: Conn, problemId?: string): Month | undefined {
  return (
    db
      .select({ month: max(cabals.month) })
      .from(cabals)
      .where(and(eq(cabals.status, 'published'), problemId ? eq(cabals.problemId, problemId) : undefined))
      .get()?.month ?? undefined
  );
}

/** The latest published month of each problem that has one. */
export function lastPublishedMonths(db: Conn): Map<string, Month> {
  const rows = db
    .select({ problemId: cabals.problemId, month: max(cabals.month) })
    .from(cabals)
    .where(eq(cabals.status, 'published'))
    .groupBy(cabals.problemId)
    .all();
  return new Map(rows.filter((r) => r.month).map((r) => [r.problemId, r.month!]));
}

/** The first and last month holding draft cabals (of one problem, when given), if there are drafts. */
export function draftMonthSpan(db: Conn, problemId?: string): { first: Month; last: Month } | undefined {
  const row = db
    .select({ first: min(cabals.month), last: max(cabals.month) })
    .from(cabals)
    .where(and(eq(cabals.status, 'draft'), problemId ? eq(cabals.problemId, problemId) : undefined))
    .get();
  return row?.first && row.last ? { first: row.first, last: row.last } : undefined;
}

/** The distinct months with draft cabals, in order. */
export function listDraftMonths(db: Conn): Month[] {
  return db
    .selectDistinct({ month: cabals.month })
    .from(cabals)
    .where(eq(cabals.status, 'draft'))
    .orderBy(asc(cabals.month))
    .all()
    .map((r) => r.month);
}

/** Deletes every draft cabal from a month on (published cabals are never touched). */
export function deleteDraftsFrom(tx: Conn, from: Month, problemId?: string): void {
  tx.delete(cabals)
    .where(
      and(eq(cabals.status, 'draft'), gte(cabals.month, from), problemId ? eq(cabals.problemId, problemId) : undefined),
    )
    .run();
}

/** Deletes the draft cabals of some problems in the months from `from` up to (not including) `before`. */
export function deleteProblemDrafts(tx: Conn, range: { from: Month; before: Month }, problemIds: string[]): void {
  if (problemIds.length === 0) return;
  tx.delete(cabals)
    .where(
      and(
        eq(cabals.status, 'draft'),
        gte(cabals.month, range.from),
        lt(cabals.month, range.before),
        inArray(cabals.problemId, problemIds),
      ),
    )
    .run();
}

/** Publishes the draft cabals of some problems in a month; returns how many cabals were frozen. */
export function publishProblemsMonth(tx: Conn, month: Month, problemIds: string[], at: string, by: number): number {
  try {
    return tx
      .update(cabals)
      .set({ status: 'published', publishedAt: at, publishedBy: by })
      .where(and(eq(cabals.month, month), eq(cabals.status, 'draft'), inArray(cabals.problemId, problemIds)))
      .run().changes;
  } catch (cause) {
    throw new Error(`db: unable to publish ${month}`, { cause });
  }
}

/** Finds the status of one problem's cabal in one month, or undefined when there is none. */
export function findCabalStatus(
  db: Conn,
  problemId: string,
  month: Month,
): { id: number; status: 'draft' | 'published' } | undefined {
  return db
    .select({ id: cabals.id, status: cabals.status })
    .from(cabals)
    .where(and(eq(cabals.problemId, problemId), eq(cabals.month, month)))
    .get();
}

/** Swaps one member of a draft cabal for another person, with the newcomer's tags and why. */
export function replaceMember(
  tx: Conn,
  cabalId: number,
  out: string,
  incoming: { person: string; tags: MemberTag[]; why: string },
): void {
  tx.delete(cabalMembers)
    .where(and(eq(cabalMembers.cabalId, cabalId), eq(cabalMembers.personId, out)))
    .run();
  tx.insert(cabalMembers).values({ cabalId, personId: incoming.person, tags: incoming.tags, why: incoming.why }).run();
}

/** The published months, newest first, with how many cabals each froze. */
export function listPublishedMonths(
  db: Conn,
  limit = 12,
): { month: Month; cabals: number; publishedAt: string | null }[] {
  return db
    .select({ month: cabals.month, cabals: sqlCount(), publishedAt: max(cabals.publishedAt) })
    .from(cabals)
    .where(eq(cabals.status, 'published'))
    .groupBy(cabals.month)
    .orderBy(desc(cabals.month))
    .limit(limit)
    .all();
}

/** The draft months with how many cabals and seats each holds. */
export function listDraftMonthSummaries(db: Conn): { month: Month; cabals: number; seats: number }[] {
  return db
    .select({
      month: cabals.month,
      cabals: sql<number>`count(distinct ${cabals.id})`,
      seats: sql<number>`count(${cabalMembers.personId})`,
    })
    .from(cabals)
    .leftJoin(cabalMembers, eq(cabalMembers.cabalId, cabals.id))
    .where(eq(cabals.status, 'draft'))
    .groupBy(cabals.month)
    .orderBy(asc(cabals.month))
    .all();
}

function sqlCount() {
  return sql<number>`count(*)`;
}

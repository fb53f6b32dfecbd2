import { and, eq, inArray } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import { cabalMembers, cabals } from '../schema.ts';
import type { PlanMonth } from '../../domain/plan.ts';
import { insertChunked } from './studio.ts';


/** Writes planned months as cabals with the given status; drafts of those months are replaced, published months are never touched. */
export function writePlanMonths(tx: Conn, months: PlanMonth[], status: 'draft' | 'published', at: string, by?: number): void {
  for (const m of months) {
    const problemIds = m.cabals.map((c) => c.problem);
    if (problemIds.length === 0) continue;
    const published = tx
      .select({ problemId: cabals.problemId })
      .from(cabals)
      .where(and(eq(cabals.month, m.month), eq(cabals.status, 'published'), inArray(cabals.problemId, problemIds)))
      .all();
    if (published.length) throw new Error(`db: ${m.month} is published for ${published.map((p) => p.problemId).join(', ')}; history is never rewritten`);
    tx.delete(cabals).where(and(eq(cabals.month, m.month), inArray(cabals.problemId, problemIds))).run();
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
        tx.insert(cabalMembers).values(chunk.map((mem) => ({ cabalId: id, personId: mem.person, tags: mem.tags, why: mem.why }))).run(),
      );
    }
  }
}

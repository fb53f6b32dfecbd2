import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import { cabals, departments, people, problemAffectedDepartments, problems } from '../schema.ts';

/** A row of the problem list. */
export interface ProblemSummary {
  id: string;
  title: string;
  status: 'draft' | 'active' | 'closed';
  leadPersonId: string | null;
  leadName: string | null;
  startMonth: string;
  endMonth: string | null;
  affectedDepartments: string[];
  cabalMonths: number;
}

/** Lists problems with their lead and affected departments, optionally only those a person leads. */
export function listProblemSummaries(db: Conn, filter: { leadPersonId?: string } = {}): ProblemSummary[] {
  const rows = db
    .select({
      id: problems.id,
      title: problems.title,
      status: problems.status,
      leadPersonId: problems.leadPersonId,
      leadName: people.name,
      startMonth: problems.startMonth,
      endMonth: problems.endMonth,
      cabalMonths: sql<number>`(select count(*) from ${cabals} where ${cabals.problemId} = ${problems.id})`,
    })
    .from(problems)
    .leftJoin(people, eq(people.id, problems.leadPersonId))
    .where(filter.leadPersonId ? eq(problems.leadPersonId, filter.leadPersonId) : undefined)
    .orderBy(asc(problems.status), asc(problems.title))
    .all();
  if (rows.length === 0) return [];
  const affected = db
    .select({ problemId: problemAffectedDepartments.problemId, name: departments.name })
    .from(problemAffectedDepartments)
    .innerJoin(departments, eq(departments.id, problemAffectedDepartments.departmentId))
    .where(inArray(problemAffectedDepartments.problemId, rows.map((r) => r.id)))
    .all();
  const byProblem = new Map<string, string[]>();
  for (const a of affected) byProblem.set(a.problemId, [...(byProblem.get(a.problemId) ?? []), a.name]);
  return rows.map((r) => ({ ...r, affectedDepartments: byProblem.get(r.id) ?? [] }));
}

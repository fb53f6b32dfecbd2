import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import {
  cabals,
  departments,
  people,
  problemAffectedDepartments,
  problemAffectedPeople,
  problemRequiredSkills,
  problems,
} from '../schema.ts';
import type { Problem } from '../../domain/types.ts';
import type { ProblemRecord, ProblemStatus, ProblemSummary } from '../../domain/problem-record.ts';

// Kept while other branches move their imports to src/domain/problem-record.ts; removed with the src/web → src/db rule.
export type { ProblemRecord, ProblemStatus, ProblemSummary };

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
    .where(
      inArray(
        problemAffectedDepartments.problemId,
        rows.map((r) => r.id),
      ),
    )
    .all();
  const byProblem = new Map<string, string[]>();
  for (const a of affected) byProblem.set(a.problemId, [...(byProblem.get(a.problemId) ?? []), a.name]);
  return rows.map((r) => ({ ...r, affectedDepartments: byProblem.get(r.id) ?? [] }));
}

type ProblemRow = typeof problems.$inferSelect;

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function toProblem(
  row: ProblemRow,
  affectedDepartments: string[],
  affectedPeople: string[],
  requiredSkills: Problem['requiredSkills'],
): Problem & { status: ProblemStatus } {
  const problem: Problem & { status: ProblemStatus } = {
    id: row.id,
    title: row.title,
    description: row.description,
    affectedDepartments,
    affectedPeople,
    requiredSkills,
    size: { min: row.sizeMin, max: row.sizeMax },
    minAffected: row.minAffected,
    minOutsiders: row.minOutsiders,
    minDepartments: row.minDepartments,
    carryOver: { min: row.carryOverMin, max: row.carryOverMax },
    startMonth: row.startMonth,
    status: row.status,
  };
  if (row.leadPersonId) problem.lead = row.leadPersonId;
  if (row.endMonth) problem.endMonth = row.endMonth;
  return problem;
}

/** Loads one problem with its affected departments and people and its required skills, or undefined. */
export function findProblem(db: Conn, id: string): ProblemRecord | undefined {
  const row = db.select().from(problems).where(eq(problems.id, id)).get();
  if (!row) return undefined;
  const depts = db
    .select({ id: departments.id, name: departments.name })
    .from(problemAffectedDepartments)
    .innerJoin(departments, eq(departments.id, problemAffectedDepartments.departmentId))
    .where(eq(problemAffectedDepartments.problemId, id))
    .orderBy(asc(departments.name))
    .all();
  const folks = db
    .select({ id: people.id, name: people.name })
    .from(problemAffectedPeople)
    .innerJoin(people, eq(people.id, problemAffectedPeople.personId))
    .where(eq(problemAffectedPeople.problemId, id))
    .orderBy(asc(people.name))
    .all();
  const skills = db
    .select({ skill: problemRequiredSkills.skill, minLevel: problemRequiredSkills.minLevel })
    .from(problemRequiredSkills)
    .where(eq(problemRequiredSkills.problemId, id))
    .orderBy(asc(problemRequiredSkills.skill))
    .all();
  const lead = row.leadPersonId
    ? db.select({ name: people.name }).from(people).where(eq(people.id, row.leadPersonId)).get()
    : undefined;
  return {
    ...toProblem(
      row,
      depts.map((d) => d.id),
      folks.map((p) => p.id),
      skills,
    ),
    leadName: lead?.name ?? null,
    affectedDepartmentNames: depts.map((d) => d.name),
    affectedPeopleNames: folks,
  };
}

/** Loads every problem with its children (four queries, whatever the count), for planning and checking. */
export function listProblems(db: Conn): (Problem & { status: ProblemStatus })[] {
  const rows = db.select().from(problems).orderBy(asc(problems.id)).all();
  const depts = new Map<string, string[]>();
  for (const r of db.select().from(problemAffectedDepartments).all()) push(depts, r.problemId, r.departmentId);
  const folks = new Map<string, string[]>();
  for (const r of db.select().from(problemAffectedPeople).all()) push(folks, r.problemId, r.personId);
  const skills = new Map<string, Problem['requiredSkills']>();
  for (const r of db.select().from(problemRequiredSkills).all())
    push(skills, r.problemId, { skill: r.skill, minLevel: r.minLevel });
  return rows.map((r) => toProblem(r, depts.get(r.id) ?? [], folks.get(r.id) ?? [], skills.get(r.id) ?? []));
}

/** Tells whether a problem id is already used. */
export function problemIdTaken(db: Conn, id: string): boolean {
  return db.select({ id: problems.id }).from(problems).where(eq(problems.id, id)).get() !== undefined;
}

/** Inserts or replaces a problem and its children; the caller runs it inside a transaction. */
export function saveProblem(tx: Conn, problem: Problem & { status: ProblemStatus }, at: string): void {
  const values = {
    title: problem.title,
    description: problem.description ?? '',
    leadPersonId: problem.lead ?? null,
    sizeMin: problem.size.min,
    sizeMax: problem.size.max,
    minAffected: problem.minAffected,
    minOutsiders: problem.minOutsiders,
    minDepartments: problem.minDepartments,
    carryOverMin: problem.carryOver.min,
    carryOverMax: problem.carryOver.max,
    startMonth: problem.startMonth,
    endMonth: problem.endMonth ?? null,
    status: problem.status,
    updatedAt: at,
  };
  try {
    tx.insert(problems)
      .values({ id: problem.id, ...values, createdAt: at })
      .onConflictDoUpdate({ target: problems.id, set: values })
      .run();
    tx.delete(problemAffectedDepartments).where(eq(problemAffectedDepartments.problemId, problem.id)).run();
    tx.delete(problemAffectedPeople).where(eq(problemAffectedPeople.problemId, problem.id)).run();
    tx.delete(problemRequiredSkills).where(eq(problemRequiredSkills.problemId, problem.id)).run();
    if (problem.affectedDepartments.length)
      tx.insert(problemAffectedDepartments)
        .values(problem.affectedDepartments.map((departmentId) => ({ problemId: problem.id, departmentId })))
        .run();
    if (problem.affectedPeople.length)
      tx.insert(problemAffectedPeople)
        .values(problem.affectedPeople.map((personId) => ({ problemId: problem.id, personId })))
        .run();
    if (problem.requiredSkills.length)
      tx.insert(problemRequiredSkills)
        .values(problem.requiredSkills.map((s) => ({ problemId: problem.id, skill: s.skill, minLevel: s.minLevel })))
        .run();
  } catch (cause) {
    throw new Error(`db: unable to save problem ${problem.id}`, { cause });
  }
}

/** Sets a problem's status (closing it, for instance). */
export function setProblemStatus(tx: Conn, id: string, status: ProblemStatus, at: string): void {
  tx.update(problems).set({ status, updatedAt: at }).where(eq(problems.id, id)).run();
}

import type { Conn } from '../client.ts';
import {
  departments,
  people,
  personInterests,
  personSkills,
  personUnavailableMonths,
  problemAffectedDepartments,
  problemAffectedPeople,
  problemRequiredSkills,
  problems,
} from '../schema.ts';
import { reindexPeople } from './search.ts';
import type { Department, Person, Problem } from '../../domain/types.ts';

/** Inserts rows in chunks, to stay under SQLite's limit on bound variables. */
export function insertChunked<T>(rows: T[], size: number, insert: (chunk: T[]) => void): void {
  for (let i = 0; i < rows.length; i += size) insert(rows.slice(i, i + size));
}

/** Tells whether the database holds no people yet. */
export function isStudioEmpty(db: Conn): boolean {
  return db.select({ id: people.id }).from(people).limit(1).all().length === 0;
}

/** Writes a whole studio (departments, people with their self-owned fields, problems) and its search index, inside a transaction. */
export function insertStudio(
  tx: Conn,
  studio: {
    departments: Department[];
    people: Person[];
    problems: (Problem & { status?: 'draft' | 'active' | 'closed' })[];
  },
  hrSource: string,
  at: string,
): void {
  tx.insert(departments).values(studio.departments).run();
  insertChunked(studio.people, 400, (chunk) =>
    tx
      .insert(people)
      .values(
        chunk.map((p) => ({
          id: p.id,
          name: p.name,
          email: p.email ?? `${p.id}@example.invalid`,
          departmentId: p.department,
          title: p.title ?? '',
          grade: p.grade ?? '',
          location: p.location ?? '',
          timeZone: p.timeZone ?? 'UTC',
          hrSource,
          hrUpdatedAt: at,
        })),
      )
      .run(),
  );
  const skills = studio.people.flatMap((p) =>
    Object.entries(p.skills).map(([skill, level]) => ({ personId: p.id, skill, level })),
  );
  insertChunked(skills, 800, (chunk) => tx.insert(personSkills).values(chunk).run());
  const interests = studio.people.flatMap((p) => (p.interests ?? []).map((interest) => ({ personId: p.id, interest })));
  insertChunked(interests, 800, (chunk) => tx.insert(personInterests).values(chunk).run());
  const unavailable = studio.people.flatMap((p) => p.unavailable.map((month) => ({ personId: p.id, month })));
  insertChunked(unavailable, 800, (chunk) => tx.insert(personUnavailableMonths).values(chunk).run());
  reindexPeople(
    tx,
    studio.people.map((p) => p.id),
  );
  for (const pr of studio.problems) {
    tx.insert(problems)
      .values({
        id: pr.id,
        title: pr.title,
        description: pr.description ?? '',
        leadPersonId: pr.lead ?? null,
        sizeMin: pr.size.min,
        sizeMax: pr.size.max,
        minAffected: pr.minAffected,
        minOutsiders: pr.minOutsiders,
        minDepartments: pr.minDepartments,
        carryOverMin: pr.carryOver.min,
        carryOverMax: pr.carryOver.max,
        startMonth: pr.startMonth,
        endMonth: pr.endMonth ?? null,
        status: pr.status ?? 'active',
        createdAt: at,
      })
      .run();
    if (pr.affectedDepartments.length)
      tx.insert(problemAffectedDepartments)
        .values(pr.affectedDepartments.map((departmentId) => ({ problemId: pr.id, departmentId })))
        .run();
    if (pr.affectedPeople.length)
      tx.insert(problemAffectedPeople)
        .values(pr.affectedPeople.map((personId) => ({ problemId: pr.id, personId })))
        .run();
    if (pr.requiredSkills.length)
      tx.insert(problemRequiredSkills)
        .values(pr.requiredSkills.map((s) => ({ problemId: pr.id, skill: s.skill, minLevel: s.minLevel })))
        .run();
  }
}

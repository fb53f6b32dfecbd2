import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import { departments, people, personInterests, personSkills, personUnavailableMonths } from '../schema.ts';
import type { Person } from '../../domain/types.ts';
import { skillLevelsFrom } from '../../domain/skills.ts';

/** A person with the HR-owned fields and where they came from, for profile pages. */
export interface PersonRecord extends Person {
  departmentName: string;
  title: string;
  grade: string;
  location: string;
  timeZone: string;
  email: string;
  interests: string[];
  hrSource: string;
  hrUpdatedAt: string | null;
  profileUpdatedAt: string | null;
}

function groupBy<T, V>(rows: T[], key: (r: T) => string, value: (r: T) => V): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(value(r));
    else out.set(k, [value(r)]);
  }
  return out;
}

// The columns of a person's record, shared by the bulk load and the single-person load.
const PERSON_COLUMNS = {
  id: people.id,
  name: people.name,
  email: people.email,
  department: people.departmentId,
  departmentName: departments.name,
  title: people.title,
  grade: people.grade,
  location: people.location,
  timeZone: people.timeZone,
  hrSource: people.hrSource,
  hrUpdatedAt: people.hrUpdatedAt,
  profileUpdatedAt: people.profileUpdatedAt,
};

/** Loads every active person with skills, interests and unavailable months: four queries, whatever the headcount. */
export function listPeople(db: Conn): PersonRecord[] {
  const rows = db
    .select(PERSON_COLUMNS)
    .from(people)
    .innerJoin(departments, eq(departments.id, people.departmentId))
    .where(eq(people.active, true))
    .orderBy(asc(people.id))
    .all();
  const skills = groupBy(
    db.select().from(personSkills).all(),
    (r) => r.personId,
    (r) => [r.skill, r.level] as const,
  );
  const interests = groupBy(
    db.select().from(personInterests).all(),
    (r) => r.personId,
    (r) => r.interest,
  );
  const unavailable = groupBy(
    db.select().from(personUnavailableMonths).all(),
    (r) => r.personId,
    (r) => r.month,
  );
  return rows.map((r) => ({
    ...r,
    skills: Object.fromEntries(skills.get(r.id) ?? []),
    interests: (interests.get(r.id) ?? []).sort(),
    unavailable: (unavailable.get(r.id) ?? []).sort(),
  }));
}

/** Loads one person with everything on their profile, or undefined. */
export function findPerson(db: Conn, id: string): PersonRecord | undefined {
  const row = db
    .select(PERSON_COLUMNS)
    .from(people)
    .innerJoin(departments, eq(departments.id, people.departmentId))
    .where(eq(people.id, id))
    .get();
  if (!row) return undefined;
  const skills = db.select().from(personSkills).where(eq(personSkills.personId, id)).all();
  const interests = db.select().from(personInterests).where(eq(personInterests.personId, id)).all();
  const unavailable = db.select().from(personUnavailableMonths).where(eq(personUnavailableMonths.personId, id)).all();
  return {
    ...row,
    skills: Object.fromEntries(skills.map((s) => [s.skill, s.level])),
    interests: interests.map((i) => i.interest).sort(),
    unavailable: unavailable.map((u) => u.month).sort(),
  };
}

/** Lists departments by name. */
export function listDepartments(db: Conn): { id: string; name: string }[] {
  return db.select().from(departments).orderBy(asc(departments.name)).all();
}

/** Lists the skill names people hold, for the problem form's suggestions. */
export function listSkillNames(db: Conn): string[] {
  return db
    .selectDistinct({ skill: personSkills.skill })
    .from(personSkills)
    .orderBy(asc(personSkills.skill))
    .all()
    .map((r) => r.skill);
}

/** Loads the names of some people by id, for showing picked people back on a form. */
export function namesOf(db: Conn, ids: string[]): { id: string; name: string }[] {
  if (ids.length === 0) return [];
  return db
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(inArray(people.id, ids))
    .orderBy(asc(people.name))
    .all();
}

/** Loads every active person with only what planning needs (no interests, no HR bookkeeping): three queries. */
export function listPlanningPeople(db: Conn): Person[] {
  const rows = db
    .select({
      id: people.id,
      name: people.name,
      department: people.departmentId,
      grade: people.grade,
      location: people.location,
    })
    .from(people)
    .where(eq(people.active, true))
    .orderBy(asc(people.id))
    .all();
  // Skill names are user-supplied ("__proto__" included): collect entries, then build own keys.
  const entries = new Map<string, [string, number][]>();
  for (const s of db.select().from(personSkills).all()) {
    const held = entries.get(s.personId);
    if (held) held.push([s.skill, s.level]);
    else entries.set(s.personId, [[s.skill, s.level]]);
  }
  const skills = new Map([...entries].map(([id, held]) => [id, skillLevelsFrom(held)]));
  const unavailable = groupBy(
    db.select().from(personUnavailableMonths).all(),
    (r) => r.personId,
    (r) => r.month,
  );
  return rows.map((r) => ({
    ...r,
    skills: skills.get(r.id) ?? skillLevelsFrom([]),
    unavailable: (unavailable.get(r.id) ?? []).sort(),
  }));
}

/** How many active people hold each of some skills at each level: skill → level → headcount. */
export function skillSupply(db: Conn, skills: string[]): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>(skills.map((s) => [s, new Map()]));
  if (skills.length === 0) return out;
  const rows = db
    .select({ skill: personSkills.skill, level: personSkills.level, n: count() })
    .from(personSkills)
    .innerJoin(people, eq(people.id, personSkills.personId))
    .where(and(eq(people.active, true), inArray(personSkills.skill, skills)))
    .groupBy(personSkills.skill, personSkills.level)
    .all();
  for (const r of rows) out.get(r.skill)?.set(r.level, r.n);
  return out;
}

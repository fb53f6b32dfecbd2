import { asc, eq, sql } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import { departments, people } from '../schema.ts';
import { reindexPeople } from './search.ts';

/** One checked row of an HR file, with its spreadsheet row number (the header is row 1). */
export interface HrPersonRow {
  row: number;
  id: string;
  name: string;
  email: string;
  department: string;
  title: string;
  grade: string;
  location: string;
}

/** A person's HR-owned fields as stored, with the department by id. */
export interface HrPersonFields {
  id: string;
  name: string;
  email: string;
  departmentId: string;
  title: string;
  grade: string;
  location: string;
}

/** What the import compares a file with: every person's HR fields and whether they are active, and the departments. */
export interface HrState {
  people: (HrPersonFields & { active: boolean })[];
  departments: { id: string; name: string }[];
}

/** Reads the whole HR state in two full scans (no bound variables, so any studio size works), ordered by id. */
export function readHrState(db: Conn): HrState {
  return {
    people: db
      .select({
        id: people.id,
        name: people.name,
        email: people.email,
        departmentId: people.departmentId,
        title: people.title,
        grade: people.grade,
        location: people.location,
        active: people.active,
      })
      .from(people)
      .orderBy(asc(people.id))
      .all(),
    departments: db
      .select({ id: departments.id, name: departments.name })
      .from(departments)
      .orderBy(asc(departments.id))
      .all(),
  };
}

/** The writes of one previewed import: new departments, new people, changed people (reactivated) and people who left. */
export interface HrWrite {
  departments: { id: string; name: string }[];
  create: HrPersonFields[];
  update: HrPersonFields[];
  deactivate: string[];
}

/**
 * Applies an import's writes inside the caller's transaction, stamping each written person with the import's source
 * and time. Each kind of write is one prepared statement run row by row, so no statement binds more variables than
 * SQLite allows, whatever the file's size, and no SQL is rebuilt per row. The people search index is updated for
 * every person written, in the same transaction, so a rolled-back import leaves it as it was.
 */
export function writeHrImport(tx: Conn, write: HrWrite, stamp: { at: string; source: string }): void {
  const p = (name: string) => sql.placeholder(name);
  const insertDepartment = tx
    .insert(departments)
    .values({ id: p('id'), name: p('name') })
    .prepare();
  for (const d of write.departments) insertDepartment.run(d);
  const hrFields = {
    name: p('name'),
    email: p('email'),
    departmentId: p('departmentId'),
    title: p('title'),
    grade: p('grade'),
    location: p('location'),
    hrSource: p('hrSource'),
    hrUpdatedAt: p('hrUpdatedAt'),
  };
  const stamped = { hrSource: stamp.source, hrUpdatedAt: stamp.at };
  const insertPerson = tx
    .insert(people)
    .values({ id: p('id'), ...hrFields })
    .prepare();
  for (const person of write.create) insertPerson.run({ ...person, ...stamped });
  // update().set() takes SQL, not bare placeholders: the same placeholders, wrapped.
  const s = (name: string) => sql`${sql.placeholder(name)}`;
  const updatePerson = tx
    .update(people)
    .set({
      name: s('name'),
      email: s('email'),
      departmentId: s('departmentId'),
      title: s('title'),
      grade: s('grade'),
      location: s('location'),
      hrSource: s('hrSource'),
      hrUpdatedAt: s('hrUpdatedAt'),
      active: true,
    })
    .where(eq(people.id, p('id')))
    .prepare();
  for (const person of write.update) updatePerson.run({ ...person, ...stamped });
  const deactivate = tx
    .update(people)
    .set({ active: false, hrSource: s('hrSource'), hrUpdatedAt: s('hrUpdatedAt') })
    .where(eq(people.id, p('id')))
    .prepare();
  for (const id of write.deactivate) deactivate.run({ id, ...stamped });
  // Names, titles, departments and who is active may have changed: the search index follows in this transaction.
  reindexPeople(tx, [...write.create.map((c) => c.id), ...write.update.map((u) => u.id), ...write.deactivate]);
}

import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import { departments, people } from '../schema.ts';

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

/** What an import needs to know of what is already there: who owns which email, and the departments by id and name. */
export function hrSnapshot(db: Conn): { emailOwner: Map<string, string>; departments: Set<string> } {
  const rows = db.select({ id: people.id, email: people.email }).from(people).all();
  const depts = db.select().from(departments).all();
  return {
    emailOwner: new Map(rows.map((r) => [r.email.toLowerCase(), r.id])),
    departments: new Set(depts.flatMap((d) => [d.id.toLowerCase(), d.name.toLowerCase()])),
  };
}

/**
 * Writes HR rows: departments are matched by id or name (created when new), people are created or have their
 * HR-owned fields updated; with deactivateMissing, active people absent from the rows are deactivated.
 */
export function applyHrImport(
  tx: Conn,
  rows: HrPersonRow[],
  options: { at: string; source: string; deactivateMissing: boolean; departmentId: (name: string) => string },
): { created: number; updated: number; unchanged: number; deactivated: number; departmentsCreated: string[] } {
  const depts = tx.select().from(departments).all();
  const byKey = new Map<string, string>();
  for (const d of depts) {
    byKey.set(d.id.toLowerCase(), d.id);
    byKey.set(d.name.toLowerCase(), d.id);
  }
  const departmentsCreated: string[] = [];
  const resolve = (value: string) => {
    const known = byKey.get(value.toLowerCase());
    if (known) return known;
    let id = options.departmentId(value);
    for (let k = 2; depts.some((d) => d.id === id) || departmentsCreated.includes(id); k++)
      id = `${options.departmentId(value)}-${k}`;
    tx.insert(departments).values({ id, name: value }).run();
    departmentsCreated.push(id);
    byKey.set(value.toLowerCase(), id);
    return id;
  };

  const existing = new Map(
    tx
      .select()
      .from(people)
      .where(
        inArray(
          people.id,
          rows.map((r) => r.id),
        ),
      )
      .all()
      .map((p) => [p.id, p]),
  );
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  for (const r of rows) {
    const fields = {
      name: r.name,
      email: r.email,
      departmentId: resolve(r.department),
      title: r.title,
      grade: r.grade,
      location: r.location,
    };
    const before = existing.get(r.id);
    if (!before) {
      tx.insert(people)
        .values({ id: r.id, ...fields, hrSource: options.source, hrUpdatedAt: options.at })
        .run();
      created++;
      continue;
    }
    const same =
      (Object.keys(fields) as (keyof typeof fields)[]).every((k) => before[k] === fields[k]) && before.active;
    if (same) {
      unchanged++;
      continue;
    }
    tx.update(people)
      .set({ ...fields, active: true, hrSource: options.source, hrUpdatedAt: options.at })
      .where(eq(people.id, r.id))
      .run();
    updated++;
  }
  let deactivated = 0;
  if (options.deactivateMissing) {
    deactivated = tx
      .update(people)
      .set({ active: false, hrSource: options.source, hrUpdatedAt: options.at })
      .where(
        and(
          eq(people.active, true),
          notInArray(
            people.id,
            rows.map((r) => r.id),
          ),
        ),
      )
      .run().changes;
  }
  return { created, updated, unchanged, deactivated, departmentsCreated };
}

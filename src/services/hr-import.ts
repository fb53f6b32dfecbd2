import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { insertAudit } from '../db/repos/audit.ts';
import { applyHrImport, hrSnapshot, type HrPersonRow } from '../db/repos/hr.ts';
import { reindexPeople } from '../db/repos/search.ts';
import type { Account } from '../domain/account.ts';
import type { Clock } from '../domain/clock.ts';

/** One problem with an imported file: the CSV line (header is line 1), the column, and what is wrong. */
export interface ImportError {
  row: number;
  column: string;
  message: string;
}

/** What an import did, or why it did nothing. */
export type ImportResult =
  | { ok: true; created: number; updated: number; unchanged: number; deactivated: number; departmentsCreated: string[] }
  | { ok: false; errors: ImportError[] };

/** The columns of the HR file; the first four are required. */
export const HR_COLUMNS = ['id', 'name', 'email', 'department', 'title', 'grade', 'location'] as const;
const REQUIRED = ['id', 'name', 'email', 'department'] as const;

const rowSchema = z.object({
  id: z
    .string()
    .trim()
    .min(1, 'is empty')
    .max(64, 'is longer than 64 characters')
    .regex(/^[A-Za-z0-9._-]+$/, 'may hold only letters, digits, ".", "_" and "-"'),
  name: z.string().trim().min(1, 'is empty').max(200, 'is longer than 200 characters'),
  email: z.string().trim().toLowerCase().pipe(z.email('is not a valid email address')),
  department: z.string().trim().min(1, 'is empty').max(100, 'is longer than 100 characters'),
  title: z.string().trim().max(200, 'is longer than 200 characters').default(''),
  grade: z.string().trim().max(50, 'is longer than 50 characters').default(''),
  location: z.string().trim().max(100, 'is longer than 100 characters').default(''),
});

/** Makes a department id from its name, e.g. "Game Design" → "game-design". */
export function departmentId(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'department'
  );
}

/** Parses and checks an HR CSV file completely; any bad row makes the whole file fail, with every error listed. */
export function parseHrCsv(text: string): { ok: true; rows: HrPersonRow[] } | { ok: false; errors: ImportError[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: false,
    });
  } catch (err) {
    const e = err as { lines?: number; message: string };
    return {
      ok: false,
      errors: [{ row: e.lines ?? 1, column: '—', message: `the file is not valid CSV: ${e.message}` }],
    };
  }
  const header = records.length ? Object.keys(records[0]!.record) : parseHeader(text);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length)
    return {
      ok: false,
      errors: missing.map((c) => ({ row: 1, column: c, message: 'required column is missing from the header' })),
    };
  if (records.length === 0)
    return { ok: false, errors: [{ row: 2, column: '—', message: 'the file has a header but no people' }] };

  const errors: ImportError[] = [];
  const rows: HrPersonRow[] = [];
  const seenIds = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const parsed = rowSchema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ row: line, column: String(issue.path[0]), message: `${String(issue.path[0])} ${issue.message}` });
      continue;
    }
    const r = parsed.data;
    const idAt = seenIds.get(r.id);
    if (idAt) errors.push({ row: line, column: 'id', message: `id "${r.id}" already appears on row ${idAt}` });
    const emailAt = seenEmails.get(r.email);
    if (emailAt)
      errors.push({ row: line, column: 'email', message: `email "${r.email}" already appears on row ${emailAt}` });
    seenIds.set(r.id, line);
    seenEmails.set(r.email, line);
    rows.push({ ...r, line });
  }
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

function parseHeader(text: string): string[] {
  return (text.split(/\r?\n/)[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
}

/**
 * Imports people from an HR CSV, all or nothing: HR-owned fields (name, email, department, title, grade, location)
 * are created or updated, self-owned fields are never touched, and with `complete` the people missing from the file
 * are deactivated. Any bad row rejects the file and nothing is written.
 */
export function importHrCsv(
  db: Db,
  clock: Clock,
  account: Account,
  text: string,
  options: { complete: boolean; newDepartments: boolean },
): ImportResult {
  const parsed = parseHrCsv(text);
  if (!parsed.ok) return parsed;
  const snapshot = hrSnapshot(db);
  const errors: ImportError[] = [];
  for (const r of parsed.rows) {
    // A misspelt department must not quietly become a new one: new departments are created only when asked for.
    if (!options.newDepartments && !snapshot.departments.has(r.department.toLowerCase())) {
      errors.push({
        row: r.line,
        column: 'department',
        message: `unknown department "${r.department}"; tick "create new departments" to add it`,
      });
    }
    const owner = snapshot.emailOwner.get(r.email);
    if (owner && owner !== r.id)
      errors.push({ row: r.line, column: 'email', message: `email "${r.email}" belongs to another person (${owner})` });
  }
  if (errors.length) return { ok: false, errors };

  const at = clock.now().toISO()!;
  try {
    return db.transaction((tx) => {
      const outcome = applyHrImport(tx, parsed.rows, {
        at,
        source: `HR import ${at.slice(0, 10)}`,
        deactivateMissing: options.complete,
        departmentId,
      });
      // Names, titles, departments and who is active may all have changed: rebuild the search index in this transaction.
      reindexPeople(tx);
      insertAudit(
        tx,
        [
          {
            action: 'hr.import',
            detail: `HR import: ${outcome.created} created, ${outcome.updated} updated, ${outcome.deactivated} deactivated`,
          },
        ],
        { userId: account.id, at },
      );
      return { ok: true as const, ...outcome };
    });
  } catch (cause) {
    throw new Error('hr import: unable to write the imported people', { cause });
  }
}

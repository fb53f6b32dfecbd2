import type { Db } from '../../db/client.ts';
import { insertAudit } from '../../db/repos/audit.ts';
import { applyHrImport, hrSnapshot } from '../../db/repos/hr.ts';
import { reindexPeople } from '../../db/repos/search.ts';
import type { Account } from '../../domain/account.ts';
import type { Clock } from '../../domain/clock.ts';
import type { HrEncoding } from './decode.ts';
import { parseHrFile, type HrDelimiter, type ImportError } from './parse.ts';

/** What an import did, or why it did nothing; either way, how the file was read. */
export type ImportResult =
  | {
      ok: true;
      created: number;
      updated: number;
      unchanged: number;
      deactivated: number;
      departmentsCreated: string[];
      encoding: HrEncoding;
      delimiter: HrDelimiter;
      skippedRows: number[];
    }
  | { ok: false; errors: ImportError[]; encoding?: HrEncoding; delimiter?: HrDelimiter };

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

/**
 * Imports people from an HR CSV, all or nothing: HR-owned fields (name, email, department, title, grade, location)
 * are created or updated, self-owned fields are never touched, and with `complete` the people missing from the file
 * are deactivated. Any bad row rejects the file and nothing is written.
 */
export function importHrCsv(
  db: Db,
  clock: Clock,
  account: Account,
  bytes: Uint8Array,
  options: { complete: boolean; newDepartments: boolean },
): ImportResult {
  const parsed = parseHrFile(bytes);
  if (!parsed.ok) return parsed;
  const { rows, encoding, delimiter, skippedRows } = parsed.file;
  const snapshot = hrSnapshot(db);
  const errors: ImportError[] = [];
  for (const r of rows) {
    // A misspelt department must not quietly become a new one: new departments are created only when asked for.
    if (!options.newDepartments && !snapshot.departments.has(r.department.toLowerCase())) {
      errors.push({
        row: r.row,
        column: 'department',
        message: `unknown department "${r.department}"; tick "create new departments" to add it`,
      });
    }
    const owner = snapshot.emailOwner.get(r.email);
    if (owner && owner !== r.id)
      errors.push({ row: r.row, column: 'email', message: `email "${r.email}" belongs to another person (${owner})` });
  }
  if (errors.length) return { ok: false, errors };

  const at = clock.now().toISO()!;
  try {
    return db.transaction((tx) => {
      const outcome = applyHrImport(tx, rows, {
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
      return { ok: true as const, ...outcome, encoding, delimiter, skippedRows };
    });
  } catch (cause) {
    throw new Error('hr import: unable to write the imported people', { cause });
  }
}

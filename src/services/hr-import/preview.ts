import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { readHrState, type HrPersonFields, type HrState, type HrWrite } from '../../db/repos/hr.ts';
import type { HrEncoding } from './decode.ts';
import { parseHrFile, type HrDelimiter, type HrField, type ImportError, type ParsedHrFile } from './parse.ts';

/** How an import is asked for: is the file the complete staff list, and may it create departments. */
export interface ImportOptions {
  complete: boolean;
  newDepartments: boolean;
}

/** One HR field that a row changes, with the value before and after (departments by name). */
export interface FieldChange {
  field: HrField;
  from: string;
  to: string;
}

/** A person as the preview lists them. */
export interface PreviewPerson {
  id: string;
  name: string;
  email: string;
  department: string;
}

/**
 * What an import would do, computed against one state of the database (`dataHash`): who is new, who changes and in
 * which field, who would be deactivated, whom the guard keeps, the rows skipped; and the exact writes it would make.
 */
export interface ImportPreview {
  encoding: HrEncoding;
  delimiter: HrDelimiter;
  columns: { label: string; field: HrField }[];
  skippedRows: number[];
  rowsRead: number;
  options: ImportOptions;
  created: (PreviewPerson & { row: number })[];
  changed: (PreviewPerson & { row: number; changes: FieldChange[]; reactivated: boolean })[];
  unchanged: number;
  deactivated: PreviewPerson[];
  keptActive: (PreviewPerson & { reason: string })[];
  departmentsCreated: string[];
  write: HrWrite;
  dataHash: string;
}

/** More deactivations than this need an explicit second confirmation. */
export const DEACTIVATION_CONFIRM_THRESHOLD = 5;

/** A preview, or the rows the database refuses (an unknown department, an email that belongs to someone else). */
export type PreviewResult = { ok: true; preview: ImportPreview } | { ok: false; errors: ImportError[] };

/** A SHA-256 of the HR state, so a confirmation can tell whether the data changed since its preview. */
export function hrStateHash(state: HrState): string {
  const hash = createHash('sha256');
  for (const p of state.people)
    hash.update(JSON.stringify([p.id, p.name, p.email, p.departmentId, p.title, p.grade, p.location, p.active]) + '\n');
  hash.update('departments\n');
  for (const d of state.departments) hash.update(JSON.stringify([d.id, d.name]) + '\n');
  return hash.digest('hex');
}

/** A previewed upload (with the parsed file and options kept for its confirmation), or every error in the file. */
export type PreviewUploadResult =
  | { ok: true; parsed: { file: ParsedHrFile; options: ImportOptions }; preview: ImportPreview }
  | { ok: false; errors: ImportError[]; encoding?: HrEncoding; delimiter?: HrDelimiter; skippedRows?: number[] };

/** Decodes, parses and previews an uploaded HR file against the database, writing nothing. */
export function previewUpload(
  db: Db,
  bytes: Uint8Array,
  options: ImportOptions,
  actorPersonId: string | undefined,
): PreviewUploadResult {
  const parsed = parseHrFile(bytes);
  if (!parsed.ok) return parsed;
  const result = previewImport(db, parsed.file, options, actorPersonId);
  if (!result.ok) return { ...result, ...parsed.file };
  return { ok: true, parsed: { file: parsed.file, options }, preview: result.preview };
}

/** Reads the database and previews a parsed file against it; see computePreview. */
export function previewImport(
  db: Db,
  file: ParsedHrFile,
  options: ImportOptions,
  actorPersonId: string | undefined,
): PreviewResult {
  return computePreview(readHrState(db), file, options, actorPersonId);
}

/**
 * Compares a parsed HR file with the HR state, writing nothing: departments match by id or name (a new one is an
 * error unless `newDepartments`), a person's email may not belong to someone else, and with `complete` every active
 * person missing from the file would be deactivated, except the acting admin, who is kept and listed as kept.
 */
export function computePreview(
  state: HrState,
  file: ParsedHrFile,
  options: ImportOptions,
  actorPersonId: string | undefined,
): PreviewResult {
  const departmentById = new Map(state.departments.map((d) => [d.id, d.name]));
  const departmentByKey = new Map<string, string>();
  for (const d of state.departments) {
    departmentByKey.set(d.id.toLowerCase(), d.id);
    departmentByKey.set(d.name.toLowerCase(), d.id);
  }
  const newDepartments: { id: string; name: string }[] = [];
  const takenIds = new Set(state.departments.map((d) => d.id));
  const resolveDepartment = (name: string): string => {
    const known = departmentByKey.get(name.toLowerCase());
    if (known) return known;
    const base = departmentId(name);
    let id = base;
    for (let k = 2; takenIds.has(id); k++) id = `${base}-${k}`;
    takenIds.add(id);
    newDepartments.push({ id, name });
    departmentByKey.set(name.toLowerCase(), id);
    departmentById.set(id, name);
    return id;
  };

  const byId = new Map(state.people.map((p) => [p.id, p]));
  const emailOwner = new Map(state.people.map((p) => [p.email.toLowerCase(), p.id]));
  const errors: ImportError[] = [];
  const departmentColumn = file.columns.find((c) => c.field === 'department')?.label ?? 'department';
  const emailColumn = file.columns.find((c) => c.field === 'email')?.label ?? 'email';
  for (const r of file.rows) {
    if (!options.newDepartments && !departmentByKey.has(r.department.toLowerCase()))
      errors.push({
        row: r.row,
        column: departmentColumn,
        message: `unknown department "${r.department}"; tick "create new departments" to add it`,
      });
    const owner = emailOwner.get(r.email);
    if (owner !== undefined && owner !== r.id)
      errors.push({
        row: r.row,
        column: emailColumn,
        message: `email "${r.email}" belongs to ${byId.get(owner)?.name ?? 'another person'} (id ${owner})`,
      });
  }
  if (errors.length) return { ok: false, errors };

  const fields: readonly (keyof HrPersonFields & HrField)[] = ['name', 'email', 'title', 'grade', 'location'];
  const preview: Omit<ImportPreview, 'dataHash'> = {
    encoding: file.encoding,
    delimiter: file.delimiter,
    columns: file.columns,
    skippedRows: file.skippedRows,
    rowsRead: file.rows.length,
    options,
    created: [],
    changed: [],
    unchanged: 0,
    deactivated: [],
    keptActive: [],
    departmentsCreated: [],
    write: { departments: newDepartments, create: [], update: [], deactivate: [] },
  };
  const inFile = new Set<string>();
  for (const r of file.rows) {
    inFile.add(r.id);
    const after: HrPersonFields = {
      id: r.id,
      name: r.name,
      email: r.email,
      departmentId: resolveDepartment(r.department),
      title: r.title,
      grade: r.grade,
      location: r.location,
    };
    const shown = { id: r.id, name: r.name, email: r.email, department: departmentById.get(after.departmentId)! };
    const before = byId.get(r.id);
    if (!before) {
      preview.created.push({ ...shown, row: r.row });
      preview.write.create.push(after);
      continue;
    }
    const changes: FieldChange[] = fields
      .filter((f) => before[f] !== after[f])
      .map((f) => ({ field: f, from: before[f], to: after[f] }));
    if (before.departmentId !== after.departmentId)
      changes.splice(2, 0, {
        field: 'department',
        from: departmentById.get(before.departmentId) ?? before.departmentId,
        to: shown.department,
      });
    if (changes.length === 0 && before.active) {
      preview.unchanged++;
      continue;
    }
    preview.changed.push({ ...shown, row: r.row, changes, reactivated: !before.active });
    preview.write.update.push(after);
  }
  if (options.complete) {
    for (const p of state.people) {
      if (!p.active || inFile.has(p.id)) continue;
      const shown = { id: p.id, name: p.name, email: p.email, department: departmentById.get(p.departmentId) ?? '' };
      if (p.id === actorPersonId) {
        preview.keptActive.push({ ...shown, reason: 'you, the admin importing the file, stay active' });
        continue;
      }
      preview.deactivated.push(shown);
      preview.write.deactivate.push(p.id);
    }
  }
  preview.departmentsCreated = newDepartments.map((d) => d.name);
  return { ok: true, preview: { ...preview, dataHash: hrStateHash(state) } };
}

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

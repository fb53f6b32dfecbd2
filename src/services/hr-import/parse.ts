import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { HrPersonRow } from '../../db/repos/hr.ts';
import { decodeHrFile, type HrEncoding } from './decode.ts';

/** One problem with an imported file: the spreadsheet row (the header is row 1), the column, and what is wrong. */
export interface ImportError {
  row: number;
  column: string;
  message: string;
}

/** The fields of the HR file, in the order an export writes them; the first four are required. */
export const HR_COLUMNS = ['id', 'name', 'email', 'department', 'title', 'grade', 'location'] as const;

/** One field of the HR file. */
export type HrField = (typeof HR_COLUMNS)[number];

const REQUIRED: readonly HrField[] = ['id', 'name', 'email', 'department'];

/**
 * The header names each field is recognised by, besides its own name. Matching ignores case, accents, spaces,
 * hyphens, underscores and dots, so "E-mail", "EMAIL" and "e_mail" are all `email`. The README lists these.
 */
export const HEADER_VARIANTS: Readonly<Record<HrField, readonly string[]>> = {
  id: ['Employee ID', 'Employee Number', 'Employee No', 'Staff ID', 'Person ID', 'Emp ID', 'Worker ID'],
  name: ['Full Name', 'Employee Name', 'Display Name'],
  email: ['E-mail', 'Email Address', 'E-mail Address', 'Work Email', 'Work E-mail', 'Mail'],
  department: ['Dept', 'Department Name'],
  title: ['Job Title', 'Position'],
  grade: ['Level', 'Job Level', 'Seniority', 'Band', 'Pay Grade'],
  location: ['Office', 'Site', 'Work Location', 'City'],
};

/** The separators a file may use, as the preview names them. */
export type HrDelimiter = 'comma' | 'semicolon' | 'tab';
const DELIMITERS: ReadonlyArray<{ name: HrDelimiter; char: string }> = [
  { name: 'comma', char: ',' },
  { name: 'semicolon', char: ';' },
  { name: 'tab', char: '\t' },
];

/** A read and checked HR file: how it was read, which header named which field, its people and its blank rows. */
export interface ParsedHrFile {
  encoding: HrEncoding;
  delimiter: HrDelimiter;
  columns: { label: string; field: HrField }[];
  rows: HrPersonRow[];
  skippedRows: number[];
}

/** A parsed file, or every error found in it (with how it was read, when that far was reached). */
export type ParseResult =
  | { ok: true; file: ParsedHrFile }
  | { ok: false; errors: ImportError[]; encoding?: HrEncoding; delimiter?: HrDelimiter };

const rowSchema = z.object({
  id: z
    .string()
    .trim()
    .min(1, 'is empty')
    .max(64, 'is longer than 64 characters')
    .regex(/^[A-Za-z0-9._-]+$/, 'may hold only letters, digits, ".", "_" and "-"')
    // An id is the last part of the person's address (/people/<id>), where "." and ".." would name another page.
    .refine((id) => !/^\.+$/.test(id), 'may not be only dots'),
  name: z.string().trim().min(1, 'is empty').max(200, 'is longer than 200 characters'),
  email: z.string().trim().toLowerCase().pipe(z.email('is not a valid email address')),
  department: z.string().trim().min(1, 'is empty').max(100, 'is longer than 100 characters'),
  title: z.string().trim().max(200, 'is longer than 200 characters').default(''),
  grade: z.string().trim().max(50, 'is longer than 50 characters').default(''),
  location: z.string().trim().max(100, 'is longer than 100 characters').default(''),
});

const headerKey = (label: string) =>
  label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

const FIELD_BY_HEADER = new Map<string, HrField>(
  HR_COLUMNS.flatMap((field) => [field, ...HEADER_VARIANTS[field]].map((label) => [headerKey(label), field] as const)),
);

/** The field a header cell names, matched without regard to case, accents or punctuation; undefined when unknown. */
export function fieldForHeader(label: string): HrField | undefined {
  return FIELD_BY_HEADER.get(headerKey(label));
}

// Control characters other than tab, line feed and carriage return never belong in a name or an address.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Decodes and parses an HR file's bytes; see parseHrText. */
export function parseHrFile(bytes: Uint8Array): ParseResult {
  const decoded = decodeHrFile(bytes);
  if (!decoded.ok) return { ok: false, errors: [{ row: 1, column: '—', message: decoded.message }] };
  return parseHrText(decoded.text, decoded.encoding);
}

/**
 * Parses and checks an HR CSV completely, all or nothing: the separator (comma, semicolon or tab) is the one whose
 * header cells name the most known fields; a repeated, unknown or missing required column refuses the file; rows
 * whose every cell is blank are skipped and counted; every other row must be valid, and every error is listed.
 */
export function parseHrText(text: string, encoding: HrEncoding = 'UTF-8'): ParseResult {
  const delimiter = detectDelimiter(text);
  const fail = (errors: ImportError[]): ParseResult => ({ ok: false, errors, encoding, delimiter: delimiter.name });
  let records: { record: string[]; info: { records: number } }[];
  try {
    records = parse(text, {
      delimiter: delimiter.char,
      info: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: false,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as { code?: string; records?: number; message: string };
    return fail([{ row: (e.records ?? 0) + 1, column: '—', message: csvSyntaxMessage(e) }]);
  }
  if (records.length === 0) return fail([{ row: 1, column: '—', message: 'the file is empty' }]);

  const labels = records[0]!.record;
  const header = checkHeader(labels);
  if (!header.ok) return fail(header.errors);
  const { columns } = header;

  const errors: ImportError[] = [];
  const rows: HrPersonRow[] = [];
  const skippedRows: number[] = [];
  const seenIds = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const row = info.records;
    if (record.every((cell) => cell.trim() === '')) {
      skippedRows.push(row);
      continue;
    }
    if (record.length < labels.length || record.slice(labels.length).some((cell) => cell.trim() !== '')) {
      errors.push({
        row,
        column: '—',
        message: `the row has ${record.length} cells and the header ${labels.length} (is a ${delimiter.name} missing or extra?)`,
      });
      continue;
    }
    const values: Partial<Record<HrField, string>> = {};
    let damaged = false;
    columns.forEach(({ label, field }, i) => {
      const cell = record[i]!;
      const bad = badCharacter(cell);
      if (bad) {
        errors.push({ row, column: label, message: `${label} ${bad}` });
        damaged = true;
      }
      values[field] = cell;
    });
    if (damaged) continue;
    const parsed = rowSchema.safeParse(values);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const label = columns.find((c) => c.field === issue.path[0])?.label ?? String(issue.path[0]);
        errors.push({ row, column: label, message: `${label} ${issue.message}` });
      }
      continue;
    }
    const r = parsed.data;
    const idAt = seenIds.get(r.id);
    if (idAt)
      errors.push({ row, column: labelOf(columns, 'id'), message: `id "${r.id}" already appears on row ${idAt}` });
    const emailAt = seenEmails.get(r.email);
    if (emailAt)
      errors.push({
        row,
        column: labelOf(columns, 'email'),
        message: `email "${r.email}" already appears on row ${emailAt}`,
      });
    if (!idAt) seenIds.set(r.id, row);
    if (!emailAt) seenEmails.set(r.email, row);
    rows.push({ ...r, row });
  }
  if (errors.length) return fail(errors);
  if (rows.length === 0) return fail([{ row: 2, column: '—', message: 'the file has a header but no people' }]);
  return { ok: true, file: { encoding, delimiter: delimiter.name, columns, rows, skippedRows } };
}

function labelOf(columns: { label: string; field: HrField }[], field: HrField): string {
  return columns.find((c) => c.field === field)?.label ?? field;
}

function detectDelimiter(text: string): { name: HrDelimiter; char: string } {
  const firstLine = (text.split(/\r?\n/, 1)[0] ?? '').replace(/"[^"]*"/g, '""');
  let best = DELIMITERS[0]!;
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const cells = firstLine.split(d.char);
    const score = cells.length > 1 ? cells.filter((c) => fieldForHeader(c.replace(/"/g, '')) !== undefined).length : 0;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

function checkHeader(
  labels: string[],
): { ok: true; columns: { label: string; field: HrField }[] } | { ok: false; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const columns: { label: string; field: HrField }[] = [];
  const seen = new Map<HrField, { label: string; index: number }>();
  labels.forEach((raw, index) => {
    const label = raw.trim();
    const bad = badCharacter(label);
    if (bad) return errors.push({ row: 1, column: label, message: `the header ${label} ${bad}` });
    if (label === '')
      return errors.push({ row: 1, column: `column ${index + 1}`, message: `column ${index + 1} has no name` });
    const field = fieldForHeader(label);
    if (!field)
      return errors.push({
        row: 1,
        column: label,
        message: `unknown column "${label}"; the columns are ${HR_COLUMNS.join(', ')} (the README lists the other names each may have)`,
      });
    const before = seen.get(field);
    if (before)
      return errors.push({
        row: 1,
        column: label,
        message:
          before.label === label
            ? `column "${label}" appears twice (columns ${before.index + 1} and ${index + 1}); keep one`
            : `column "${label}" (column ${index + 1}) is the same field as "${before.label}" (column ${before.index + 1}); keep one`,
      });
    seen.set(field, { label, index });
    columns.push({ label, field });
  });
  for (const field of REQUIRED)
    if (!seen.has(field)) errors.push({ row: 1, column: field, message: 'required column is missing from the header' });
  return errors.length ? { ok: false, errors } : { ok: true, columns };
}

function badCharacter(cell: string): string | undefined {
  if (cell.includes('\uFFFD'))
    return 'holds "\uFFFD", a character lost in an earlier conversion: correct it at the source, then save the file as "CSV UTF-8"';
  const control = CONTROL.exec(cell);
  if (control)
    return `holds the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}, which no name or address has`;
  return undefined;
}

function csvSyntaxMessage(e: { code?: string; message: string }): string {
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted cell is never closed: a " is missing';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'a quote inside a quoted cell must be doubled ("")';
    default:
      return `the file is not valid CSV: ${e.message}`;
  }
}

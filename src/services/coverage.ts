import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { coveragePeople, scheduleSpan, seatsInRange, servedMonths } from '../db/repos/coverage.ts';
import { listDepartments } from '../db/repos/people.ts';
import { getPolicy } from '../db/repos/policy.ts';
import { currentMonth, type Clock } from '../domain/clock.ts';
import {
  coverageMatrix,
  DEFAULT_THRESHOLDS,
  participation,
  type CoverageMatrix,
  type MatrixSort,
  type Participation,
} from '../domain/coverage.ts';
import { addMonths, compareMonths, isMonth, monthRange, monthsBetween, type Month } from '../domain/month.ts';
import type { StudioCache } from './studio-cache.ts';

/** The longest range the coverage pages accept, so a request cannot ask for decades. */
export const MAX_RANGE_MONTHS = 36;

/**
 * Which months coverage looks at, whether it counts drafts as well as published months, the month burnout is
 * read as of, and the order of the matrix rows.
 */
export interface CoverageQuery {
  from: Month;
  to: Month;
  status: 'all' | 'published';
  asOf: Month;
  sort: MatrixSort;
  dir: 'asc' | 'desc';
}

/** The range and status coverage shows when none is chosen. */
export type CoverageDefaults = Pick<CoverageQuery, 'from' | 'to' | 'status'>;

/** The query as typed, for re-rendering a rejected filter form. */
export type CoverageQueryValues = Record<'from' | 'to' | 'status' | 'asOf' | 'sort' | 'dir', string>;

/** The month burnout is read as of by default: this month, or the range's nearest end when it lies outside. */
export function defaultAsOf(now: Month, from: Month, to: Month): Month {
  return compareMonths(now, from) < 0 ? from : compareMonths(now, to) > 0 ? to : now;
}

/** The sort parameter of a link: `title`, `total` or `department:<id>`. */
export function sortParam(sort: MatrixSort): string {
  return sort.by === 'department' ? `department:${sort.department}` : sort.by;
}

const monthField = z.string().trim().refine(isMonth, 'Pick a month (YYYY-MM)');

/**
 * The range coverage shows when none is chosen: the whole schedule (its last MAX_RANGE_MONTHS months at most), so
 * "never served" means never rather than "not lately".
 */
export function defaultCoverageQuery(db: Db, clock: Clock, cache?: StudioCache): CoverageDefaults {
  const span = cache ? cache.get('coverage-span:', () => scheduleSpan(db)) : scheduleSpan(db);
  if (!span) return { from: currentMonth(clock), to: currentMonth(clock), status: 'all' };
  const from =
    monthsBetween(span.first, span.last) >= MAX_RANGE_MONTHS
      ? addMonths(span.last, -(MAX_RANGE_MONTHS - 1))
      : span.first;
  return { from, to: span.last, status: 'all' };
}

const sortField = z
  .string()
  .regex(/^(title|total|department:[\w-]{1,64})$/, 'Sort by title, total or a department')
  .transform((v): MatrixSort =>
    v === 'title' || v === 'total' ? { by: v } : { by: 'department', department: v.slice('department:'.length) },
  );

// Built once: a zod schema compiles itself on first use, which costs more than parsing with it.
const coverageQuerySchema = z
  .object({
    from: monthField,
    to: monthField,
    status: z.enum(['all', 'published'], 'Choose all cabals or published only'),
    asOf: monthField.optional(),
    sort: sortField.default({ by: 'title' }),
    dir: z.enum(['asc', 'desc'], 'Sort ascending or descending').default('asc'),
  })
  .superRefine((q, ctx) => {
    if (!isMonth(q.from) || !isMonth(q.to)) return;
    if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The last month comes before the first' });
    else if (monthsBetween(q.from, q.to) >= MAX_RANGE_MONTHS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `At most ${MAX_RANGE_MONTHS} months at a time` });
    else if (q.asOf !== undefined && isMonth(q.asOf) && (q.asOf < q.from || q.asOf > q.to))
      ctx.addIssue({ code: 'custom', path: ['asOf'], message: 'Pick a month within the range' });
  });

/**
 * Validates the coverage filter; missing fields take the defaults (burnout as of `now`, kept within the range),
 * bad ones come back as field errors.
 */
export function parseCoverageQuery(
  query: Record<string, unknown>,
  defaults: CoverageDefaults,
  now: Month,
): { ok: true; value: CoverageQuery } | { ok: false; errors: Record<string, string>; values: CoverageQueryValues } {
  const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
  const fields = ['from', 'to', 'status', 'asOf', 'sort', 'dir'] as const;
  const input: Record<string, unknown> = Object.fromEntries(fields.map((f) => [f, blankToUndefined(query[f])]));
  input.from ??= defaults.from;
  input.to ??= defaults.to;
  input.status ??= defaults.status;
  const parsed = coverageQuerySchema.safeParse(input);
  if (parsed.success) {
    const { asOf, ...q } = parsed.data;
    return { ok: true, value: { ...q, asOf: asOf ?? defaultAsOf(now, q.from, q.to) } };
  }
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  const str = (v: unknown, d: string) => (typeof v === 'string' ? v : d);
  return {
    ok: false,
    errors,
    values: {
      from: str(query.from, defaults.from),
      to: str(query.to, defaults.to),
      status: str(query.status, defaults.status),
      asOf: str(query.asOf, ''),
      sort: str(query.sort, 'title'),
      dir: str(query.dir, 'asc'),
    },
  };
}

/** Coverage and participation for a range of months. */
export interface CoverageReport {
  query: Pick<CoverageQuery, 'from' | 'to' | 'status' | 'asOf'>;
  months: Month[];
  matrix: CoverageMatrix;
  participation: Participation;
}

/**
 * Coverage and participation for a range, from the studio cache: computed in one read transaction the first time
 * and again only after the studio's data changed (see StudioCache).
 */
export function coverageReport(db: Db, cache: StudioCache, query: CoverageReport['query']): CoverageReport {
  const { from, to, status, asOf } = query;
  return cache.get(`coverage:${from}:${to}:${status}:${asOf}`, () =>
    computeCoverageReport(db, { from, to, status, asOf }),
  );
}

function computeCoverageReport(db: Db, query: CoverageReport['query']): CoverageReport {
  return db.transaction((tx) => {
    const statuses: ('draft' | 'published')[] = query.status === 'all' ? ['draft', 'published'] : ['published'];
    const limit = getPolicy(tx).maxConsecutiveMonths;
    const months = monthRange(query.from, monthsBetween(query.from, query.to) + 1);
    const people = coveragePeople(tx);
    const matrix = coverageMatrix(
      listDepartments(tx),
      people,
      seatsInRange(tx, query.from, query.to, statuses),
      DEFAULT_THRESHOLDS,
    );
    // Streaks ending at asOf may start before the range, so served months are read back far enough to cover them.
    const streakFrom = addMonths(query.asOf, -(limit + 1));
    const served = servedMonths(tx, streakFrom < query.from ? streakFrom : query.from, query.to, statuses);
    return { query, months, matrix, participation: participation(people, months, served, limit, query.asOf) };
  });
}

/** The tables coverage downloads as CSV. */
export const COVERAGE_TABLES = ['matrix', 'shares', 'absent', 'participation', 'never-served', 'burnout'] as const;

/** The name of one downloadable coverage table. */
export type CoverageTable = (typeof COVERAGE_TABLES)[number];

/** Tells whether a name is one of the downloadable tables. */
export function isCoverageTable(name: string): name is CoverageTable {
  return (COVERAGE_TABLES as readonly string[]).includes(name);
}

const round = (v: number | undefined, digits = 4) => (v === undefined ? '' : Number(v.toFixed(digits)));

/** One coverage table as CSV text, with a header row; written by csv-stringify so quoting is always right. */
export function coverageCsv(report: CoverageReport, table: CoverageTable): string {
  const { matrix, participation: p } = report;
  const people = new Map(p.neverServed.map((x) => [x.id, x]));
  const departmentName = new Map(matrix.departments.map((d) => [d.department, d.name]));
  const tables: Record<CoverageTable, () => (string | number)[][]> = {
    matrix: () => [
      ['problem', ...matrix.departments.map((d) => d.name), 'total'],
      ...matrix.problems.map((x) => [x.title, ...x.cells.map((c) => c.seats), x.seats]),
    ],
    shares: () => [
      ['department', 'seats', 'seat_share', 'headcount', 'headcount_share', 'ratio', 'flag'],
      ...matrix.departments.map((d) => [
        d.name,
        d.seats,
        round(d.seatShare),
        d.headcount,
        round(d.headcountShare),
        round(d.ratio),
        d.flag,
      ]),
    ],
    absent: () => [['department', 'headcount'], ...matrix.absent.map((d) => [d.name, d.headcount])],
    participation: () => [['months_served', 'people'], ...p.distribution.map((b) => [b.months, b.people])],
    'never-served': () => [
      ['person_id', 'name', 'department'],
      ...[...people.values()].map((x) => [x.id, x.name, departmentName.get(x.department) ?? x.department]),
    ],
    burnout: () => [
      ['person_id', 'name', 'department', 'consecutive_months', 'limit', 'status', 'as_of'],
      ...p.burnout.map((b) => [
        b.person,
        b.name,
        departmentName.get(b.department) ?? b.department,
        b.consecutive,
        b.limit,
        b.status,
        p.asOf,
      ]),
    ],
  };
  // escape_formulas: names and titles come from people, so a cell starting with = + - @ must not run in a spreadsheet.
  return stringify(tables[table](), { escape_formulas: true });
}

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
  type Participation,
} from '../domain/coverage.ts';
import { addMonths, isMonth, monthRange, monthsBetween, type Month } from '../domain/month.ts';

/** The longest range the coverage pages accept, so a request cannot ask for decades. */
export const MAX_RANGE_MONTHS = 36;

/** Which months coverage looks at, and whether it counts drafts as well as published months. */
export interface CoverageQuery {
  from: Month;
  to: Month;
  status: 'all' | 'published';
}

/** The query as typed, for re-rendering a rejected filter form. */
export type CoverageQueryValues = Record<'from' | 'to' | 'status', string>;

const monthField = z.string().trim().refine(isMonth, 'Pick a month (YYYY-MM)');

/**
 * The range coverage shows when none is chosen: the whole schedule (its last MAX_RANGE_MONTHS months at most), so
 * "never served" means never rather than "not lately".
 */
export function defaultCoverageQuery(db: Db, clock: Clock): CoverageQuery {
  const span = scheduleSpan(db);
  if (!span) return { from: currentMonth(clock), to: currentMonth(clock), status: 'all' };
  const from =
    monthsBetween(span.first, span.last) >= MAX_RANGE_MONTHS
      ? addMonths(span.last, -(MAX_RANGE_MONTHS - 1))
      : span.first;
  return { from, to: span.last, status: 'all' };
}

/** Validates the coverage filter; missing fields take the defaults, bad ones come back as field errors. */
export function parseCoverageQuery(
  query: Record<string, unknown>,
  defaults: CoverageQuery,
): { ok: true; value: CoverageQuery } | { ok: false; errors: Record<string, string>; values: CoverageQueryValues } {
  const schema = z
    .object({
      from: monthField.default(defaults.from),
      to: monthField.default(defaults.to),
      status: z.enum(['all', 'published'], 'Choose all cabals or published only').default(defaults.status),
    })
    .superRefine((q, ctx) => {
      if (!isMonth(q.from) || !isMonth(q.to)) return;
      if (q.to < q.from)
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'The last month comes before the first' });
      else if (monthsBetween(q.from, q.to) >= MAX_RANGE_MONTHS)
        ctx.addIssue({ code: 'custom', path: ['to'], message: `At most ${MAX_RANGE_MONTHS} months at a time` });
    });
  const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
  const input = {
    from: blankToUndefined(query.from),
    to: blankToUndefined(query.to),
    status: blankToUndefined(query.status),
  };
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
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
    },
  };
}

/** Coverage and participation for a range of months. */
export interface CoverageReport {
  query: CoverageQuery;
  months: Month[];
  matrix: CoverageMatrix;
  participation: Participation;
}

/** Computes coverage and participation for a range in one read transaction. */
export function coverageReport(db: Db, query: CoverageQuery): CoverageReport {
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
    // Streaks at the end of the range may start before it, so served months are read back far enough to cover them.
    const streakFrom = addMonths(query.to, -(limit + 1));
    const served = servedMonths(tx, streakFrom < query.from ? streakFrom : query.from, query.to, statuses);
    return { query, months, matrix, participation: participation(people, months, served, limit) };
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
      ['department', ...matrix.problems.map((x) => x.title), 'total'],
      ...matrix.departments.map((d) => [d.name, ...d.cells.map((c) => c.seats), d.seats]),
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

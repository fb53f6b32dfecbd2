import type { Month } from './month.ts';
import { streakEndingAt } from './streaks.ts';
import type { Department } from './types.ts';

/** A person as coverage counts them: their department now decides which row their seats fall in. */
export interface CoveragePerson {
  id: string;
  name: string;
  department: string;
}

/** One seat: a person's membership of one problem's cabal in one month. */
export interface Seat {
  month: Month;
  problem: string;
  problemTitle: string;
  person: string;
}

/** The representation thresholds: a department is flagged when seat share ÷ headcount share leaves [under, over]. */
export interface ShareThresholds {
  under: number;
  over: number;
}

/** Under 0.5 means fewer than half the seats its size would give; over 1.5 means half as many again. */
export const DEFAULT_THRESHOLDS: ShareThresholds = { under: 0.5, over: 1.5 };

/** One problem's row of the matrix: its seats in each department, in the order of `CoverageMatrix.departments`. */
export interface ProblemCoverage {
  id: string;
  title: string;
  seats: number;
  cells: { seats: number; heat: number }[];
}

/** One department: a column of the matrix, and its seat share against its headcount share. */
export interface DepartmentCoverage {
  department: string;
  name: string;
  seats: number;
  headcount: number;
  seatShare: number;
  headcountShare: number;
  /** seatShare ÷ headcountShare; undefined when the department has no headcount or the range has no seat. */
  ratio: number | undefined;
  flag: 'under' | 'over' | 'ok' | 'no-headcount' | 'no-seats';
}

/** The cabal × department matrix over a range of months; a row sums one problem's cabals across the range. */
export interface CoverageMatrix {
  problems: ProblemCoverage[];
  departments: DepartmentCoverage[];
  totalSeats: number;
  totalHeadcount: number;
  maxCell: number;
  thresholds: ShareThresholds;
  /** Departments with no seat in any cabal of the range. */
  absent: { department: string; name: string; headcount: number }[];
}

/** Heat buckets 0..5 for the heatmap: 0 is an empty cell, 5 the fullest. */
export const HEAT_LEVELS = 5;

function heat(seats: number, max: number): number {
  return seats === 0 || max === 0 ? 0 : Math.max(1, Math.ceil((HEAT_LEVELS * seats) / max));
}

function representation(ratio: number | undefined, totalSeats: number, t: ShareThresholds): DepartmentCoverage['flag'] {
  if (totalSeats === 0) return 'no-seats';
  if (ratio === undefined) return 'no-headcount';
  if (ratio < t.under) return 'under';
  return ratio > t.over ? 'over' : 'ok';
}

/** Builds the cabal × department matrix (problems by title), the share-against-headcount table and the absent departments. */
export function coverageMatrix(
  departments: Department[],
  people: CoveragePerson[],
  seats: Seat[],
  thresholds: ShareThresholds = DEFAULT_THRESHOLDS,
): CoverageMatrix {
  const departmentOf = new Map(people.map((p) => [p.id, p.department]));
  const headcount = new Map<string, number>();
  for (const p of people) headcount.set(p.department, (headcount.get(p.department) ?? 0) + 1);

  const problemTitles = new Map<string, string>();
  const counts = new Map<string, number>();
  const seatsOfProblem = new Map<string, number>();
  const seatsOfDepartment = new Map<string, number>();
  let totalSeats = 0;
  for (const s of seats) {
    const dept = departmentOf.get(s.person);
    if (dept === undefined) continue;
    problemTitles.set(s.problem, s.problemTitle);
    const key = `${dept}\u0000${s.problem}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    seatsOfProblem.set(s.problem, (seatsOfProblem.get(s.problem) ?? 0) + 1);
    seatsOfDepartment.set(dept, (seatsOfDepartment.get(dept) ?? 0) + 1);
    totalSeats++;
  }
  const maxCell = Math.max(0, ...counts.values());
  const problems = [...problemTitles]
    .map(([id, title]) => ({
      id,
      title,
      seats: seatsOfProblem.get(id) ?? 0,
      cells: departments.map((d) => {
        const n = counts.get(`${d.id}\u0000${id}`) ?? 0;
        return { seats: n, heat: heat(n, maxCell) };
      }),
    }))
    .sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
  const totalHeadcount = people.length;

  const rows = departments.map((d): DepartmentCoverage => {
    const deptSeats = seatsOfDepartment.get(d.id) ?? 0;
    const hc = headcount.get(d.id) ?? 0;
    const seatShare = totalSeats === 0 ? 0 : deptSeats / totalSeats;
    const headcountShare = totalHeadcount === 0 ? 0 : hc / totalHeadcount;
    const ratio = headcountShare === 0 || totalSeats === 0 ? undefined : seatShare / headcountShare;
    const flag = representation(ratio, totalSeats, thresholds);
    return {
      department: d.id,
      name: d.name,
      seats: deptSeats,
      headcount: hc,
      seatShare,
      headcountShare,
      ratio,
      flag,
    };
  });
  const absent = rows
    .filter((r) => r.seats === 0)
    .map((r) => ({ department: r.department, name: r.name, headcount: r.headcount }));
  return { problems, departments: rows, totalSeats, totalHeadcount, maxCell, thresholds, absent };
}

/** What the matrix rows may be sorted by: the title, the total, or one department's seats. */
export type MatrixSort = { by: 'title' } | { by: 'total' } | { by: 'department'; department: string };

/**
 * The matrix rows in the asked order; ties fall back to the title so the order is stable. Unknown departments
 * sort like an empty column.
 */
export function sortMatrixRows(matrix: CoverageMatrix, sort: MatrixSort, dir: 'asc' | 'desc'): ProblemCoverage[] {
  const column = sort.by === 'department' ? matrix.departments.findIndex((d) => d.department === sort.department) : -1;
  const key = (p: ProblemCoverage): number =>
    sort.by === 'total' ? p.seats : column < 0 ? 0 : (p.cells[column]?.seats ?? 0);
  const byTitle = (a: ProblemCoverage, b: ProblemCoverage) =>
    a.title.localeCompare(b.title) || a.id.localeCompare(b.id);
  const sign = dir === 'asc' ? 1 : -1;
  return [...matrix.problems].sort((a, b) =>
    sort.by === 'title' ? sign * byTitle(a, b) : sign * (key(a) - key(b)) || byTitle(a, b),
  );
}

/** How many people served how many months. */
export interface ServedBucket {
  months: number;
  people: number;
}

/** A person at or near the consecutive-month limit at the end of the range. */
export interface BurnoutEntry {
  person: string;
  name: string;
  department: string;
  consecutive: number;
  limit: number;
  status: 'at-limit' | 'near-limit';
}

/** How evenly the months served spread over the headcount in a range. */
export interface Participation {
  months: Month[];
  distribution: ServedBucket[];
  gini: number;
  servedShare: number;
  servedCount: number;
  headcount: number;
  neverServed: CoveragePerson[];
  burnout: BurnoutEntry[];
  asOf: Month;
  limit: number;
}

/** The Gini coefficient of non-negative values: 0 when all are equal (or all zero), towards 1 when one holds everything. */
export function gini(values: number[]): number {
  const n = values.length;
  const total = values.reduce((a, b) => a + b, 0);
  if (n === 0 || total === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const weighted = sorted.reduce((acc, x, i) => acc + (i + 1) * x, 0);
  return (2 * weighted) / (n * total) - (n + 1) / n;
}

/**
 * Participation over a range of months: the distribution of months served among the headcount, its Gini,
 * the share who served at least once, who never served, and who is at (streak ≥ limit) or near (limit − 1)
 * the consecutive-month limit in month `asOf` (by default the range's last month). `servedMonths` may reach
 * before the range, so streaks count earlier history.
 */
export function participation(
  people: CoveragePerson[],
  months: Month[],
  servedMonths: ReadonlyMap<string, ReadonlySet<Month>>,
  limit: number,
  asOf: Month = months.at(-1)!,
): Participation {
  const inRange = new Set(months);
  const served = people.map((p) => {
    let n = 0;
    for (const m of servedMonths.get(p.id) ?? []) if (inRange.has(m)) n++;
    return n;
  });
  const maxServed = Math.max(0, ...served);
  const distribution = Array.from({ length: maxServed + 1 }, (_, months) => ({ months, people: 0 }));
  for (const n of served) distribution[n]!.people++;
  const servedCount = served.filter((n) => n > 0).length;
  const neverServed = people.filter((_, i) => served[i] === 0).sort((a, b) => a.name.localeCompare(b.name));
  const burnout: BurnoutEntry[] = [];
  for (const p of people) {
    const consecutive = streakEndingAt(servedMonths.get(p.id) ?? new Set(), asOf);
    if (consecutive >= Math.max(1, limit - 1)) {
      burnout.push({
        person: p.id,
        name: p.name,
        department: p.department,
        consecutive,
        limit,
        status: consecutive >= limit ? 'at-limit' : 'near-limit',
      });
    }
  }
  burnout.sort((a, b) => b.consecutive - a.consecutive || a.name.localeCompare(b.name));
  return {
    months,
    distribution,
    gini: gini(served),
    servedShare: people.length === 0 ? 0 : servedCount / people.length,
    servedCount,
    headcount: people.length,
    neverServed,
    burnout,
    asOf,
    limit,
  };
}

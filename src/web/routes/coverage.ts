import { Router } from 'express';
import type { AppContext } from '../../app.ts';
import { currentMonth } from '../../domain/clock.ts';
import { sortMatrixRows } from '../../domain/coverage.ts';
import {
  coverageCsv,
  coverageReport,
  defaultCoverageQuery,
  isCoverageTable,
  parseCoverageQuery,
  sortParam,
  type CoverageQuery,
  type CoverageReport,
} from '../../services/coverage.ts';
import { BadRequestError, NotFoundError } from '../http-errors.ts';
import { render, renderAround } from '../render.ts';
import { sendCsv } from '../csv.ts';

/**
 * How many never-served people, and how many people on the burnout watch, the page lists before pointing at the CSV:
 * enough to read, while the page stays light at 3000 people (the CSVs hold everyone).
 */
const NEVER_SERVED_SHOWN = 50;
const BURNOUT_SHOWN = 50;

/** The link that shows the matrix sorted by a column: a second click on the sorted column reverses the order. */
function sortLink(q: CoverageQuery, sort: string, firstDir: 'asc' | 'desc') {
  const current = sortParam(q.sort) === sort;
  const dir = current ? (q.dir === 'asc' ? 'desc' : 'asc') : firstDir;
  const params = new URLSearchParams({ from: q.from, to: q.to, status: q.status, asOf: q.asOf, sort, dir });
  return {
    href: `/coverage?${params}#matrix`,
    ariaSort: current ? (q.dir === 'asc' ? 'ascending' : 'descending') : 'none',
  };
}

/** The page's data beyond the report: sorted rows, sort links, chart inputs, department names, never-served people. */
function coverageView(report: CoverageReport, q: CoverageQuery) {
  const pct = (v: number) => Math.round(v * 1000) / 10;
  const neverServed = report.participation.neverServed.slice(0, NEVER_SERVED_SHOWN);
  const burnout = report.participation.burnout;
  const range = new URLSearchParams({ from: q.from, to: q.to, status: q.status, asOf: q.asOf });
  return {
    report,
    rows: sortMatrixRows(report.matrix, q.sort, q.dir),
    sortLinks: {
      title: sortLink(q, 'title', 'asc'),
      total: sortLink(q, 'total', 'desc'),
      departments: report.matrix.departments.map((d) => ({
        name: d.name,
        ...sortLink(q, sortParam({ by: 'department', department: d.department }), 'desc'),
      })),
    },
    csvQuery: range.toString(),
    neverServed,
    neverServedHidden: report.participation.neverServed.length - neverServed.length,
    burnout: burnout.slice(0, BURNOUT_SHOWN),
    burnoutHidden: Math.max(0, burnout.length - BURNOUT_SHOWN),
    burnoutCounts: {
      atLimit: burnout.filter((b) => b.status === 'at-limit').length,
      nearLimit: burnout.filter((b) => b.status !== 'at-limit').length,
    },
    departmentNames: Object.fromEntries(report.matrix.departments.map((d) => [d.department, d.name])),
    // Handed to public/js/coverage-charts.js through data- attributes: the CSP allows no inline script.
    charts: {
      participation: {
        labels: report.participation.distribution.map((b) => String(b.months)),
        values: report.participation.distribution.map((b) => b.people),
      },
      shares: {
        labels: report.matrix.departments.map((d) => d.name),
        seatShare: report.matrix.departments.map((d) => pct(d.seatShare)),
        headcountShare: report.matrix.departments.map((d) => pct(d.headcountShare)),
      },
    },
  };
}

/** Coverage and participation for managers (gated in role-gates.ts); read-only, with every table as CSV. */
export function coverageRoutes(ctx: AppContext): Router {
  const router = Router();
  const query = (raw: Record<string, unknown>) =>
    parseCoverageQuery(raw, defaultCoverageQuery(ctx.db, ctx.clock, ctx.studioCache), currentMonth(ctx.clock));

  router.get('/coverage', (req, res) => {
    const q = query(req.query);
    if (!q.ok)
      return render(req, res, { page: 'coverage/show' }, { title: 'Coverage', form: q.values, errors: q.errors }, 422);
    // The report is the same for every manager: its HTML is kept, encoded once, per query, sort and version of the
    // studio's data.
    const { from, to, status, asOf, dir } = q.value;
    const html = ctx.studioCache.get(
      `coverage-html:${from}:${to}:${status}:${asOf}:${sortParam(q.value.sort)}:${dir}`,
      () =>
        Buffer.from(
          ctx.renderPartial('coverage/report', coverageView(coverageReport(ctx.db, ctx.studioCache, q.value), q.value)),
        ),
    );
    renderAround(req, res, 'coverage/show', html, {
      title: 'Coverage',
      form: { ...q.value, sort: sortParam(q.value.sort) },
    });
  });

  router.get('/coverage/:table.csv', (req, res) => {
    const table = req.params.table;
    if (!isCoverageTable(table)) throw new NotFoundError();
    const q = query(req.query);
    if (!q.ok) throw new BadRequestError(Object.values(q.errors).join('; '));
    const csv = coverageCsv(coverageReport(ctx.db, ctx.studioCache, q.value), table);
    sendCsv(res, `coverage-${table}-${q.value.from}-to-${q.value.to}.csv`, csv);
  });
  return router;
}

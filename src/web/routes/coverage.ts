import { Router } from 'express';
import type { AppContext } from '../../app.ts';
import {
  coverageCsv,
  coverageReport,
  defaultCoverageQuery,
  isCoverageTable,
  parseCoverageQuery,
  type CoverageReport,
} from '../../services/coverage.ts';
import { BadRequestError, NotFoundError } from '../http-errors.ts';
import { render } from '../render.ts';

/** How many never-served people the page lists before pointing at the CSV. */
const NEVER_SERVED_SHOWN = 200;

/** The page's data beyond the report: chart inputs, department names and the first never-served people. */
function coverageView(report: CoverageReport) {
  const pct = (v: number) => Math.round(v * 1000) / 10;
  const neverServed = report.participation.neverServed.slice(0, NEVER_SERVED_SHOWN);
  return {
    report,
    neverServed,
    neverServedHidden: report.participation.neverServed.length - neverServed.length,
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
  router.get('/coverage', (req, res) => {
    const q = parseCoverageQuery(req.query, defaultCoverageQuery(ctx.db, ctx.clock));
    if (!q.ok)
      return render(req, res, { page: 'coverage/show' }, { title: 'Coverage', form: q.values, errors: q.errors }, 422);
    const view = coverageView(coverageReport(ctx.db, q.value));
    render(
      req,
      res,
      { page: 'coverage/show', fragment: 'coverage/report' },
      { title: 'Coverage', form: q.value, ...view },
    );
  });

  router.get('/coverage/:table.csv', (req, res) => {
    const table = req.params.table;
    if (!isCoverageTable(table)) throw new NotFoundError();
    const q = parseCoverageQuery(req.query, defaultCoverageQuery(ctx.db, ctx.clock));
    if (!q.ok) throw new BadRequestError(Object.values(q.errors).join('; '));
    const csv = coverageCsv(coverageReport(ctx.db, q.value), table);
    res.attachment(`coverage-${table}-${q.value.from}-to-${q.value.to}.csv`).type('text/csv; charset=utf-8').send(csv);
  });
  return router;
}

import express, { Router, type Request } from 'express';
import type { AppContext } from '../../app.ts';
import { findPlanRun } from '../../db/repos/plan-runs.ts';
import {
  cancelPlanning,
  importPlan,
  loadPlansPage,
  MAX_PLAN_MONTHS,
  publishDraftMonth,
  runView,
  settleRuns,
  startPlanning,
} from '../../services/planning.ts';
import { currentAccount } from '../auth.ts';
import { BadRequestError, NotFoundError } from '../http-errors.ts';
import { render } from '../render.ts';

/** The lead's planning page: plan the coming months, follow the run, publish months, import a plan. Gated to leads. */
export function planRoutes(ctx: AppContext): Router {
  const router = Router();
  const { db, clock } = ctx;
  const pageData = (req: Request, extra: Record<string, unknown> = {}) => ({
    title: 'Plan the coming months',
    ...loadPlansPage(db, clock, currentAccount(req)),
    maxMonths: MAX_PLAN_MONTHS,
    ...extra,
  });

  router.get('/plans', (req, res) => {
    render(
      req,
      res,
      { page: 'plans/index' },
      pageData(req, { justPublished: typeof req.query.published === 'string' ? req.query.published : undefined }),
    );
  });

  router.post('/plans/runs', (req, res) => {
    const months = Number(req.body?.months ?? 3);
    if (!Number.isInteger(months) || months < 1 || months > MAX_PLAN_MONTHS) {
      return render(
        req,
        res,
        { page: 'plans/index' },
        pageData(req, { errors: { months: `Choose 1 to ${MAX_PLAN_MONTHS} months` } }),
        422,
      );
    }
    const started = startPlanning(db, clock, currentAccount(req), { months });
    res.redirect(303, started.runId !== undefined ? `/plans/runs/${started.runId}` : '/plans');
  });

  router.get('/plans/runs/:id', (req, res) => {
    const run = findPlanRun(db, Number(req.params.id));
    if (!run) throw new NotFoundError('No such plan run.');
    render(
      req,
      res,
      { page: 'plans/run', fragment: 'plans/progress' },
      { title: 'Planning', run: runView(db, run, currentAccount(req)) },
    );
  });

  router.post('/plans/runs/:id/cancellation', async (req, res) => {
    if (cancelPlanning(db, Number(req.params.id))) await settleRuns(db);
    res.redirect(303, `/plans/runs/${Number(req.params.id)}`);
  });

  router.post('/plans/months/:month/publication', (req, res) => {
    const done = publishDraftMonth(db, clock, currentAccount(req), req.params.month);
    if (!done.ok) return render(req, res, { page: 'plans/index' }, pageData(req, { publishRefusal: done }), 422);
    res.redirect(303, `/plans?published=${req.params.month}`);
  });

  router.post('/plans/imports', express.raw({ type: 'multipart/form-data', limit: '30mb' }), async (req, res) => {
    const file = await uploadedText(req.body, req.get('content-type'), 'plan');
    const done = importPlan(db, clock, currentAccount(req), file);
    render(
      req,
      res,
      { page: 'plans/index', fragment: 'plans/import-result' },
      pageData(req, { importResult: done }),
      done.ok ? 200 : 422,
    );
  });
  return router;
}

/** Reads one field of a multipart upload as text, with the platform's own multipart parser. */
async function uploadedText(body: unknown, contentType: string | undefined, field: string): Promise<string> {
  if (!Buffer.isBuffer(body) || !contentType?.startsWith('multipart/form-data'))
    throw new BadRequestError('Upload the plan as a file (multipart form).');
  const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } })
    .formData()
    .catch(() => {
      throw new BadRequestError('The upload could not be read.');
    });
  const value = form.get(field);
  if (value === null) throw new BadRequestError(`The upload has no "${field}" file.`);
  return typeof value === 'string' ? value : await value.text();
}

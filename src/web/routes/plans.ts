import { Router, type Request } from 'express';
import type { AppContext } from '../../app.ts';
import {
  applyWayOut,
  cancelPlanning,
  importPlan,
  loadPlansPage,
  MAX_PLAN_MONTHS,
  publishDraftMonth,
  runView,
  startPlanning,
  findPlanRunById,
} from '../../services/planning/index.ts';
import { currentAccount } from '../auth.ts';
import { BadRequestError, ForbiddenError, HttpError, NotFoundError } from '../http-errors.ts';
import { render, wantsFragment } from '../render.ts';
import { singleFileUpload, uploadedText } from '../upload.ts';
import { setFlash, takeFlash } from '../flash.ts';
import { isMonth, monthLabel } from '../../domain/month.ts';
import { listNames } from '../../services/planning/change-notice.ts';

/** The lead's planning page: plan the coming months, follow the run, publish months, import a plan. Gated to leads. */
export function planRoutes(ctx: AppContext): Router {
  const router = Router();
  const { db } = ctx;
  const pageData = (req: Request, extra: Record<string, unknown> = {}) => ({
    title: 'Plan the coming months',
    ...loadPlansPage(ctx, currentAccount(req)),
    maxMonths: MAX_PLAN_MONTHS,
    ...extra,
  });

  router.get('/plans', (req, res) => {
    render(
      req,
      res,
      { page: 'plans/index' },
      pageData(req, {
        justPublished: isMonth(req.query.published) ? req.query.published : undefined,
        flash: takeFlash(req, res),
      }),
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
    const scope = req.body?.scope === 'studio' ? { kind: 'studio' as const } : { kind: 'mine' as const };
    const started = startPlanning(ctx, currentAccount(req), { months, scope });
    if (started.ok || started.runId !== undefined) return res.redirect(303, `/plans/runs/${started.runId}`);
    if (started.status === 403) throw new ForbiddenError(started.message);
    render(req, res, { page: 'plans/index' }, pageData(req, { startRefusal: started.message }), 409);
  });

  router.get('/plans/runs/:id', (req, res) => {
    const run = findPlanRunById(db, Number(req.params.id));
    if (!run) throw new NotFoundError('No such plan run.');
    // A widget polling from a problem page reloads that page when the run ends, so its timeline shows the new drafts.
    // The header is the client's to fill: a value that is not a URL just means "not from a problem page".
    const current = req.get('HX-Current-URL') ?? '';
    const fromProblemPage = URL.canParse(current) && /\/problems\/[^/?#]+/.test(new URL(current).pathname);
    if (wantsFragment(req) && run.status !== 'running' && fromProblemPage) res.set('HX-Refresh', 'true');
    render(
      req,
      res,
      { page: 'plans/run', fragment: 'plans/progress' },
      { title: 'Planning', run: runView(ctx, run, currentAccount(req)) },
    );
  });

  router.post('/plans/runs/:id/cancellation', async (req, res) => {
    if (cancelPlanning(ctx, Number(req.params.id), currentAccount(req))) await ctx.runs.settle();
    res.redirect(303, `/plans/runs/${Number(req.params.id)}`);
  });

  // Applies one verified way out of a finished run (problem + index of the way out) and re-plans the run's months.
  router.post('/plans/runs/:id/way-outs', (req, res) => {
    const done = applyWayOut(ctx, currentAccount(req), Number(req.params.id), {
      problem: req.body?.problem,
      wayOut: req.body?.wayOut,
    });
    if (done.ok) return res.redirect(303, `/plans/runs/${done.runId}`);
    if (done.status === 403) throw new ForbiddenError(done.message);
    if (done.status === 404) throw new NotFoundError(done.message);
    throw new HttpError(done.status, done.field ? `${done.field}: ${done.message}` : done.message);
  });

  router.post('/plans/months/:month/publication', (req, res) => {
    const done = publishDraftMonth(ctx, currentAccount(req), req.params.month);
    if (!done.ok)
      return render(req, res, { page: 'plans/index' }, pageData(req, { publishRefusal: done }), done.status);
    const count = `${done.cabals} cabal${done.cabals === 1 ? '' : 's'}`;
    setFlash(
      res,
      `Published ${monthLabel(req.params.month)} of ${listNames(done.titles)}: ${count} fixed for every later run.`,
      ctx.config.secureCookies,
    );
    res.redirect(303, `/plans?published=${req.params.month}`);
  });

  router.post('/plans/imports', singleFileUpload('plan', 30 * 2 ** 20), (req, res) => {
    const file = uploadedText(req);
    if (file === undefined) throw new BadRequestError('Choose a plan JSON file to import.');
    const done = importPlan(ctx, currentAccount(req), file);
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

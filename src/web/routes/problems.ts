import { Router, type Request } from 'express';
import type { AppContext } from '../../app.ts';
import { departmentChoices, peopleMatching, peopleNamed, skillChoices } from '../../services/people-lookup.ts';
import type { ProblemRecord } from '../../domain/problem-record.ts';
import { isMonth } from '../../domain/month.ts';
import { currentMonth } from '../../domain/clock.ts';
import {
  closeProblem,
  createProblem,
  findProblemRecord,
  loadProblemPage,
  problemSummaries,
  reopenProblem,
  type ProblemPage,
  updateProblem,
} from '../../services/problems.ts';
import {
  findPlanRunById,
  nextPlanMonth,
  planRunGoing,
  problemPlanDocument,
  runView,
  type RunView,
} from '../../services/planning/index.ts';
import type { Account } from '../../domain/account.ts';
import { canCreateProblem, canPlan } from '../../domain/access.ts';
import { currentAccount, requireAccess } from '../auth.ts';
import { parseProblemForm, type FieldErrors } from '../forms/problem-form.ts';
import { HttpError, NotFoundError } from '../http-errors.ts';
import { render, renderAround, wantsFragment } from '../render.ts';
import { setFlash, takeFlash } from '../flash.ts';
import { changeableProblem } from '../problem-access.ts';
import { problemPageAccess, problemPageData } from './problem-page.ts';
import { CSRF_PLACEHOLDER } from '../csrf.ts';
import { listNames } from '../../services/planning/change-notice.ts';
import { membersThisMonth } from '../../services/people/who-works-on-what.ts';
import { cabalRoutes } from './cabals.ts';

/**
 * The cabal a people-search "pin in" form posts to: only a real problem and a well-formed month, since both end up
 * in the form's action URL (anything else could aim the token-bearing form at another route).
 */
function pinTarget(
  db: AppContext['db'],
  problem: unknown,
  month: unknown,
): { problem: string; month: string } | undefined {
  if (typeof problem !== 'string' || !isMonth(month) || !findProblemRecord(db, problem)) return undefined;
  return { problem, month };
}

/** Design problems: everyone reads them; a problem's lead (or an admin) changes it. */
export function problemRoutes(ctx: AppContext): Router {
  const router = Router();
  const { db, clock } = ctx;

  // Who works on what: this month's members of each problem, linked to their person pages.
  const withMembersThisMonth = <P extends { id: string }>(list: P[]) => {
    const members = membersThisMonth(
      db,
      clock,
      list.map((p) => p.id),
    );
    return list.map((p) => ({ ...p, members: members.get(p.id) ?? [] }));
  };
  const changeable = (req: Request): ProblemRecord => changeableProblem(db, req);
  const formData = (form: FormView, errors: FieldErrors = {}) => ({
    form,
    errors,
    departments: departmentChoices(db),
    skills: skillChoices(db),
  });

  router.get('/problems', (req, res) => {
    // The table is the same for every viewer: its HTML is kept, encoded once, per month and version of the data.
    const table = ctx.studioCache.get(`problem-list-html:${currentMonth(clock)}`, () =>
      Buffer.from(
        ctx.renderPartial('problems/table', { problems: withMembersThisMonth(problemSummaries(db, ctx.studioCache)) }),
      ),
    );
    renderAround(req, res, 'problems/index', table, {
      title: 'Design problems',
      canCreate: canCreateProblem(currentAccount(req)),
    });
  });

  router.get('/problems/new', (req, res) => {
    const blank = formFromBody({
      sizeMin: '5',
      sizeMax: '7',
      minAffected: '2',
      minOutsiders: '2',
      minDepartments: '3',
      // Published months can get no cabal, so a new problem starts at the first month still to plan.
      startMonth: nextPlanMonth(db, clock),
    });
    render(req, res, { page: 'problems/new' }, { title: 'New design problem', ...formData(blank) });
  });

  router.post('/problems', requireAccess(canCreateProblem, 'This page is for the lead role.'), (req, res) => {
    const form = parseProblemForm(req.body, { departments: departmentChoices(db).map((d) => d.id) });
    const created = form.ok ? createProblem(db, clock, currentAccount(req), form.value) : form;
    if (!created.ok)
      return render(
        req,
        res,
        { page: 'problems/new' },
        { title: 'New design problem', ...formData(formFromBody(req.body, names(db, req.body)), created.errors) },
        422,
      );
    res.redirect(303, `/problems/${created.id}`);
  });

  router.get('/problems/people-search', (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    const purpose = req.query.for === 'pin' ? 'pin' : 'affected';
    render(
      req,
      res,
      { page: 'problems/people-search', fragment: 'problems/people-hits' },
      {
        title: 'Find people',
        q,
        hits: peopleMatching(db, q, 12),
        pin: purpose === 'pin' ? pinTarget(db, req.query.problem, req.query.month) : undefined,
      },
    );
  });

  router.get('/problems/:id', (req, res) => {
    const page = loadProblemPage(db, clock, req.params.id, ctx.studioCache);
    if (!page) throw new NotFoundError('No such design problem.');
    const account = currentAccount(req);
    const access = problemPageAccess(account, page.problem);
    // Publishing waits for a running plan run; only someone who may publish sees the difference.
    const runGoing = access.canChange && planRunGoing(ctx);
    // The timeline and audit trail are the same for every viewer who may do the same things: their HTML is kept per
    // problem, month, data version and access, with a placeholder where each viewer's CSRF token goes (renderAround).
    const month = currentMonth(clock);
    const view = ctx.studioCache.get(
      `problem-view:${page.problem.id}:${month}:${access.canChange}:${access.canReopen}:${runGoing}`,
      () => {
        const data = problemPageData(page, access, clock);
        return {
          data,
          timelineHtml: ctx.renderPartial('cabals/timeline', { ...data, runGoing, csrfToken: CSRF_PLACEHOLDER }),
          auditHtml: ctx.renderPartial('problems/audit', data),
        };
      },
    );
    renderAround(req, res, 'problems/show', view.timelineHtml, {
      ...view.data,
      auditHtml: view.auditHtml,
      run: runOf(ctx, req.query.run, account),
      justPublished: isMonth(req.query.published) ? publishedNotice(page, req.query.published) : undefined,
      flash: wantsFragment(req) ? undefined : takeFlash(req, res),
    });
  });

  router.get('/problems/:id/plan.json', (req, res) => {
    const doc = problemPlanDocument(db, req.params.id);
    if (!doc) throw new NotFoundError('No such design problem.');
    res
      .attachment(`${req.params.id}-plan.json`)
      .type('application/json')
      .send(JSON.stringify(doc, null, 2));
  });

  router.get('/problems/:id/edit', (req, res) => {
    const problem = changeable(req);
    render(
      req,
      res,
      { page: 'problems/edit' },
      { title: `Edit ${problem.title}`, problem, ...formData(formFromProblem(problem)) },
    );
  });

  router.post('/problems/:id', (req, res) => {
    const problem = changeable(req);
    const form = parseProblemForm(req.body, { departments: departmentChoices(db).map((d) => d.id) });
    const saved = form.ok ? updateProblem(db, clock, currentAccount(req), problem, form.value) : form;
    if (!saved.ok)
      return render(
        req,
        res,
        { page: 'problems/edit' },
        {
          title: `Edit ${problem.title}`,
          problem,
          ...formData(formFromBody(req.body, names(db, req.body)), saved.errors),
        },
        422,
      );
    res.redirect(303, `/problems/${problem.id}`);
  });

  router.use(cabalRoutes(ctx)); // /problems/:id/months/:month/…: pins, candidates, replacements

  router.post('/problems/:id/reopening', (req, res) => {
    const problem = findProblemRecord(db, String(req.params.id));
    if (!problem) throw new NotFoundError('No such design problem.');
    const done = reopenProblem(db, clock, currentAccount(req), problem);
    if (!done.ok) throw new HttpError(done.status, done.message);
    setFlash(res, done.notice, ctx.config.secureCookies);
    res.redirect(303, `/problems/${problem.id}`);
  });

  router.post('/problems/:id/closure', (req, res) => {
    const problem = changeable(req);
    closeProblem(db, clock, currentAccount(req), problem);
    res.redirect(303, `/problems/${problem.id}`);
  });
  return router;
}

/** The problem form's values as the template shows them (strings, as typed). */
interface FormView {
  title: string;
  description: string;
  affectedDepartments: string[];
  affectedPeople: { id: string; name: string }[];
  skills: { skill: string; minLevel: string }[];
  sizeMin: string;
  sizeMax: string;
  minAffected: string;
  minOutsiders: string;
  minDepartments: string;
  carryOverMin: string;
  carryOverMax: string;
  startMonth: string;
  endMonth: string;
  status: string;
}

const BLANK_SKILL_ROWS = 3;

/** The notice after publishing a month of a problem: the month and who is now fixed in it, or undefined if it is not published. */
function publishedNotice(page: ProblemPage, month: string): { month: string; names: string } | undefined {
  const cabal = page.cabals.find((c) => c.month === month && c.status === 'published');
  return cabal && { month, names: listNames(cabal.members.map((m) => m.name)) };
}

function runOf(ctx: AppContext, id: unknown, account: Account): RunView | undefined {
  // Only leads follow plan runs (the widget polls /plans, which is theirs).
  if (!canPlan(account)) return undefined;
  const run = typeof id === 'string' && /^\d+$/.test(id) ? findPlanRunById(ctx.db, Number(id)) : undefined;
  return run && runView(ctx, run, account);
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function strings(v: unknown): string[] {
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((s): s is string => typeof s === 'string');
}

function names(db: AppContext['db'], body: Record<string, unknown>): { id: string; name: string }[] {
  return peopleNamed(db, strings(body?.affectedPeople));
}

function padSkills(rows: { skill: string; minLevel: string }[]): { skill: string; minLevel: string }[] {
  return [...rows, ...Array.from({ length: BLANK_SKILL_ROWS }, () => ({ skill: '', minLevel: '1' }))];
}

function formFromBody(body: Record<string, unknown>, people: { id: string; name: string }[] = []): FormView {
  const rows = Array.isArray(body?.skills) ? (body.skills as Record<string, unknown>[]) : [];
  return {
    title: text(body.title),
    description: text(body.description),
    affectedDepartments: strings(body.affectedDepartments),
    affectedPeople: people,
    skills: padSkills(
      rows.map((r) => ({ skill: text(r?.skill), minLevel: text(r?.minLevel) || '1' })).filter((r) => r.skill !== ''),
    ),
    sizeMin: text(body.sizeMin),
    sizeMax: text(body.sizeMax),
    minAffected: text(body.minAffected),
    minOutsiders: text(body.minOutsiders),
    minDepartments: text(body.minDepartments),
    carryOverMin: text(body.carryOverMin),
    carryOverMax: text(body.carryOverMax),
    startMonth: text(body.startMonth),
    endMonth: text(body.endMonth),
    status: text(body.status) || 'active',
  };
}

function formFromProblem(p: ProblemRecord): FormView {
  return {
    title: p.title,
    description: p.description ?? '',
    affectedDepartments: p.affectedDepartments,
    affectedPeople: p.affectedPeopleNames,
    skills: padSkills(p.requiredSkills.map((s) => ({ skill: s.skill, minLevel: String(s.minLevel) }))),
    sizeMin: String(p.size.min),
    sizeMax: String(p.size.max),
    minAffected: String(p.minAffected),
    minOutsiders: String(p.minOutsiders),
    minDepartments: String(p.minDepartments),
    carryOverMin: String(p.carryOver.min),
    carryOverMax: String(p.carryOver.max),
    startMonth: p.startMonth,
    endMonth: p.endMonth ?? '',
    status: p.status === 'closed' ? 'active' : p.status,
  };
}

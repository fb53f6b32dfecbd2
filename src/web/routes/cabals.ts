import { Router, type Request } from 'express';
import type { AppContext } from '../../app.ts';
import { peopleNamed } from '../../services/people-lookup.ts';
import type { ProblemRecord } from '../../domain/problem-record.ts';
import {
  pinAndReplan,
  isDraftSeat,
  publishDraftMonth,
  rankReplacements,
  replaceCabalMember,
  type Refusal,
} from '../../services/planning/index.ts';
import { currentAccount } from '../auth.ts';
import { BadRequestError, NotFoundError } from '../http-errors.ts';
import { validateRouteParams } from '../route-params.ts';
import { render } from '../render.ts';
import { changeableProblem } from '../problem-access.ts';
import { setFlash } from '../flash.ts';

/** A problem's cabals month by month: pins with re-planning, and replacing a member with a ranked candidate. */
export function cabalRoutes(ctx: AppContext): Router {
  const router = Router();
  const { db } = ctx;

  validateRouteParams(router, db);
  const changeable = (req: Request): ProblemRecord => changeableProblem(db, req);
  const refused = (req: Request, res: Parameters<typeof render>[1], problem: ProblemRecord, refusal: Refusal) =>
    render(
      req,
      res,
      { page: 'problems/refused', fragment: 'cabals/refusal' },
      { title: 'Not possible', problem, refusal },
      422,
    );

  router.post('/problems/:id/months/:month/pins', (req, res) => {
    const problem = changeable(req);
    const mode = req.body?.mode;
    if (mode !== 'include' && mode !== 'exclude') throw new BadRequestError('mode must be include or exclude');
    const done = pinAndReplan(ctx, currentAccount(req), problem, {
      month: req.params.month,
      person: String(req.body?.person ?? ''),
      mode,
    });
    if (!done.ok) return refused(req, res, problem, done);
    setFlash(res, done.notice, ctx.config.secureCookies);
    res.redirect(303, `/problems/${problem.id}?run=${done.runId}#run`);
  });

  router.post('/problems/:id/months/:month/pins/:person/removal', (req, res) => {
    const problem = changeable(req);
    const done = pinAndReplan(ctx, currentAccount(req), problem, {
      month: req.params.month,
      person: req.params.person,
      mode: 'remove',
    });
    if (!done.ok) return refused(req, res, problem, done);
    setFlash(res, done.notice, ctx.config.secureCookies);
    res.redirect(303, `/problems/${problem.id}?run=${done.runId}#run`);
  });

  router.post('/problems/:id/months/:month/publication', (req, res) => {
    const problem = changeable(req);
    const done = publishDraftMonth(ctx, currentAccount(req), req.params.month, problem.id);
    if (!done.ok)
      return render(
        req,
        res,
        { page: 'problems/refused' },
        { title: 'Not possible', problem, refusal: done },
        done.status,
      );
    res.redirect(303, `/problems/${problem.id}?published=${req.params.month}#month-${req.params.month}`);
  });

  router.get('/problems/:id/months/:month/members/:person/candidates', (req, res) => {
    const problem = changeable(req);
    const { month, person } = req.params;
    // Candidates are offered only for a current member of a draft cabal.
    if (!isDraftSeat(db, problem.id, month, person))
      throw new NotFoundError(
        `${peopleNamed(db, [person])[0]?.name ?? person} has no seat to replace in a draft cabal of ${problem.title}.`,
      );
    render(
      req,
      res,
      { page: 'problems/candidates', fragment: 'cabals/candidates' },
      {
        title: `Replace a member of ${problem.title}`,
        problem,
        month,
        person,
        personName: peopleNamed(db, [person])[0]?.name ?? person,
        candidates: rankReplacements(db, problem, month, person),
      },
    );
  });

  router.post('/problems/:id/months/:month/members/:person/replacement', (req, res) => {
    const problem = changeable(req);
    const change = { month: req.params.month, out: req.params.person, incoming: String(req.body?.candidate ?? '') };
    const done = replaceCabalMember(ctx, currentAccount(req), problem, change);
    if (!done.ok) return refused(req, res, problem, done);
    setFlash(res, done.notice, ctx.config.secureCookies);
    res.redirect(303, `/problems/${problem.id}#month-${change.month}`);
  });
  return router;
}

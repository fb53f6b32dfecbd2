import { Router } from 'express';
import type { AppContext } from '../../app.ts';
import { listProblemSummaries } from '../../db/repos/problems.ts';
import { currentAccount, hasRole } from '../auth.ts';
import { render } from '../render.ts';

/** Design problems: everyone reads them; leads change the ones they lead. */
export function problemRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/problems', (req, res) => {
    const account = currentAccount(req);
    render(req, res, { page: 'problems/index', fragment: 'problems/table' }, {
      title: 'Design problems',
      problems: listProblemSummaries(ctx.db),
      canCreate: hasRole(account, 'lead'),
    });
  });
  return router;
}

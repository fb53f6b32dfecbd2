import { Router } from 'express';
import type { AppContext } from '../../app.ts';
import { currentMonth } from '../../domain/clock.ts';
import { dashboardFigures } from '../../services/dashboard.ts';
import { problemSummaries } from '../../services/problems.ts';
import { seatsFrom } from '../../services/rotation.ts';
import { canSeeCoverage, hasRole, isAdmin } from '../../domain/access.ts';
import { currentAccount } from '../auth.ts';
import { render } from '../render.ts';

/** The dashboard: one section per role the account holds. */
export function dashboardRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const account = currentAccount(req);
    const month = currentMonth(ctx.clock);
    const figures = canSeeCoverage(account) ? dashboardFigures(ctx.db, ctx.studioCache, month) : undefined;
    render(
      req,
      res,
      { page: 'dashboard/show' },
      {
        title: 'Dashboard',
        month,
        myMonths: seatsFrom(ctx.db, account.personId, month, 6, ctx.studioCache),
        ledProblems: hasRole(account, 'lead')
          ? problemSummaries(ctx.db, ctx.studioCache).filter((p) => p.leadPersonId === account.personId)
          : undefined,
        figures,
        isManager: canSeeCoverage(account),
        isAdmin: isAdmin(account),
      },
    );
  });
  return router;
}

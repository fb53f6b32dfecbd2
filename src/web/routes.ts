import type { Express } from 'express';
import type { AppContext } from '../app.ts';
import { requireLogin, requirePasswordChosen } from './auth.ts';
import { sessionRoutes } from './routes/session.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { problemRoutes } from './routes/problems.ts';
import { roleGateRoutes } from './routes/role-gates.ts';
import { adminRoutes } from './routes/admin.ts';
import { adminAccountRoutes } from './routes/admin-accounts.ts';
import { planRoutes } from './routes/plans.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { meRoutes } from './routes/me.ts';
import { mePasswordRoutes } from './routes/me-password.ts';
import { coverageRoutes } from './routes/coverage.ts';
import { networkRoutes } from './routes/network.ts';

/** The route table: every router of the app, mounted in one place. */
export function mountRoutes(app: Express, ctx: AppContext): void {
  app.use(sessionRoutes(ctx)); // GET/POST /login, POST /logout: open to anonymous visitors
  app.use(calendarRoutes(ctx)); // GET /calendar/:token.ics: the secret token is the credential, so before the login wall
  app.use(requireLogin);
  app.use(requirePasswordChosen); // a one-time password: only /me/password (and sign-out) until it is changed
  app.use(mePasswordRoutes(ctx)); // GET/POST /me/password
  app.use(roleGateRoutes()); // 403 for /plans, /problems/new, /coverage, /admin without the role
  app.use(dashboardRoutes(ctx)); // GET /
  app.use(problemRoutes(ctx)); // /problems
  app.use(planRoutes(ctx)); // /plans: plan runs, publishing months, plan imports (leads)
  app.use(adminRoutes(ctx)); // /admin
  app.use(adminAccountRoutes(ctx)); // POST /admin/accounts/:id/password (reset), /admin/accounts/:id/status
  app.use(meRoutes(ctx)); // /me/rotation, /me/profile, /me/calendar-token
  app.use(coverageRoutes(ctx)); // /coverage, /coverage/:table.csv
  app.use(networkRoutes(ctx)); // /network: introductions, the picture, influencers (leads, managers), silos (managers)
}

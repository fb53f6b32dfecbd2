import type { Express } from 'express';
import type { AppContext } from '../app.ts';
import { requireLogin } from './auth.ts';
import { sessionRoutes } from './routes/session.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { problemRoutes } from './routes/problems.ts';
import { roleGateRoutes } from './routes/role-gates.ts';
import { adminRoutes } from './routes/admin.ts';

/** The route table: every router of the app, mounted in one place. */
export function mountRoutes(app: Express, ctx: AppContext): void {
  app.use(sessionRoutes(ctx)); // GET/POST /login, POST /logout: open to anonymous visitors
  app.use(requireLogin);
  app.use(roleGateRoutes()); // 403 for /plans, /problems/new, /coverage, /admin without the role
  app.use(dashboardRoutes(ctx)); // GET /
  app.use(problemRoutes(ctx)); // /problems
  app.use(adminRoutes(ctx)); // /admin
}

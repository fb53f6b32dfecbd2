import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import express, { type Express } from 'express';
import { create } from 'express-handlebars';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import type { Clock } from './domain/clock.ts';
import { isDemoMode } from './services/demo.ts';
import { PendingImports } from './services/hr-import/pending-imports.ts';
import { PlanRunRegistry } from './services/planning/run-registry.ts';
import { createNetworkService, type NetworkService } from './services/network.ts';
import { createReplanPreviews, type ReplanPreviews } from './services/planning/key-person-impact.ts';
import { resolveSession } from './services/sessions.ts';
import { StudioCache } from './services/studio-cache.ts';
import { SESSION_COOKIE } from './web/auth.ts';
import { csrfProtection } from './web/csrf.ts';
import { noticeSigningKey } from './web/flash.ts';
import { bodyErrors, bodyPolicy } from './web/body-policy.ts';
import { errorHandler, notFound } from './web/error-handler.ts';
import { viewHelpers } from './web/view-helpers.ts';
import { navFor } from './web/nav.ts';
import { mountRoutes } from './web/routes.ts';
import { mountAssets } from './web/assets.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * What every router gets: the database, the configuration, the clock, the live plan runs, facts fixed at start-up,
 * and app-long state.
 */
export interface AppContext {
  db: Db;
  config: Config;
  clock: Clock;
  /** The plan runs working in this app; main.ts settles them on shutdown. */
  runs: PlanRunRegistry;
  demoMode: boolean;
  /** Results computed from the studio's data, recomputed after it changes (see src/services/studio-cache.ts). */
  studioCache: StudioCache;
  /** The cabal network, cached per version of the published data and shared by every page that shows it. */
  network: NetworkService;
  /** Re-plans of the draft months without one person, previewed and never saved (key-person impact). */
  replanPreviews: ReplanPreviews;
  /** HR import previews waiting for an admin's confirmation. */
  pendingImports: PendingImports;
  /**
   * Renders a partial of views/partials (`coverage/report`) to HTML with the app's helpers, synchronously, so that
   * a fragment shared by every viewer can be cached as HTML (see renderAround in src/web/render.ts).
   */
  renderPartial: (name: string, data: Record<string, unknown>) => string;
}

/** The part of express-handlebars's Handlebars instance the app uses (its types leave it untyped). */
interface HandlebarsInstance {
  registerPartial(name: string, template: unknown): void;
  compile(source: string): unknown;
  partials: Record<string, unknown>;
}

/**
 * Builds the Express app on a migrated database. It never listens; main.ts and the tests do that. `runs` is the
 * registry of live plan runs (a new one unless the caller keeps its own to settle at shutdown).
 */
export function createApp(deps: {
  db: Db;
  config: Config;
  clock: Clock;
  runs?: PlanRunRegistry;
  log?: (err: unknown) => void;
  /** The network cache; tests pass one that always computes in a worker. */
  network?: NetworkService;
}): Express {
  const { db, config, clock } = deps;
  const log = deps.log ?? ((err: unknown) => console.error(err));
  const runs = deps.runs ?? new PlanRunRegistry();
  const studioCache = new StudioCache(db);
  const partialsDir = path.join(ROOT, 'views/partials');
  const views = create({
    extname: '.hbs',
    defaultLayout: 'main',
    layoutsDir: path.join(ROOT, 'views/layouts'),
    // With the view cache on, the partials are compiled once here and registered with Handlebars: express-handlebars
    // would otherwise list, resolve and merge every partial on every render, a third of a small page's cost. In
    // development they are read from disk at each render, so edits show at once.
    partialsDir: config.viewCache ? [] : partialsDir,
    helpers: viewHelpers,
  });
  if (config.viewCache) registerPartials(views.handlebars as unknown as HandlebarsInstance, partialsDir);
  const renderPartial = (name: string, data: Record<string, unknown>): string => {
    const hbs = views.handlebars as unknown as HandlebarsInstance;
    if (!config.viewCache) registerPartials(hbs, partialsDir);
    const template = hbs.partials[name];
    if (typeof template !== 'function') throw new Error(`No partial named ${name}`);
    return template(data, { helpers: viewHelpers }).trim();
  };
  const ctx: AppContext = {
    db,
    config,
    clock,
    runs,
    demoMode: isDemoMode(db, config),
    studioCache,
    network: deps.network ?? createNetworkService(db, { log }),
    replanPreviews: createReplanPreviews(db, studioCache),
    pendingImports: new PendingImports(clock),
    renderPartial,
  };
  const app = express();
  app.locals.demoMode = ctx.demoMode;

  app.engine('hbs', views.engine);
  app.set('view engine', 'hbs');
  app.set('views', path.join(ROOT, 'views'));
  // Off unless TRUST_PROXY says which proxy to believe: otherwise anyone could pick their address (and so their
  // sign-in throttle) with a forged X-Forwarded-For header.
  app.set('trust proxy', config.trustProxy);
  // Compiled templates are cached everywhere but in development, where `npm run dev` wants edits to show at once.
  app.set('view cache', config.viewCache);
  // Pages are sent with no-store, so an ETag (a hash of every response body) would never be used.
  app.set('etag', false);

  app.use(helmet({ contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'] } } }));
  mountAssets(app, ROOT);
  // Everything below the static assets is per person and may be private: no browser or proxy keeps a copy.
  app.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  // One secret signs the CSRF tokens and, under a key derived from it, the notice cookie; random per process unless
  // SESSION_SECRET sets it.
  const secret = config.sessionSecret ?? randomBytes(32).toString('hex');
  app.use(bodyPolicy(), bodyErrors);
  app.use(cookieParser(noticeSigningKey(secret)));

  app.use((req, res, next) => {
    const cookie: string | undefined = req.cookies?.[SESSION_COOKIE];
    if (cookie) req.account = resolveSession(db, clock, cookie);
    res.locals.account = req.account;
    res.locals.nav = navFor(req.account);
    res.locals.demoMode = ctx.demoMode;
    res.locals.path = req.path;
    next();
  });
  app.use(csrfProtection(secret, config.secureCookies));

  mountRoutes(app, ctx);
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}

/**
 * Compiles every template under `dir` and registers it as a partial named by its path without the extension
 * (`errors/summary`), trimmed as express-handlebars trims them.
 */
function registerPartials(hbs: HandlebarsInstance, dir: string): void {
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.hbs')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const name = path.relative(dir, file).slice(0, -'.hbs'.length).split(path.sep).join('/');
    hbs.registerPartial(name, hbs.compile(fs.readFileSync(file, 'utf8').trim()));
  }
}

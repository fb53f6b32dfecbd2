import { Router } from 'express';
import type { AppContext } from '../../app.ts';
import type { Config } from '../../config.ts';
import { calendarFeed } from '../../services/calendar.ts';
import { NotFoundError } from '../http-errors.ts';

/**
 * The app's public address for links sent out: PUBLIC_URL (required in production; `http://localhost:PORT` in
 * development). Never the request's Host header, which the client chooses.
 */
export function baseUrl(config: Config): string {
  return config.publicUrl;
}

/** The public calendar feed: the secret token in the URL is the only credential, so no login is needed. */
export function calendarRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/calendar/:token.ics', (req, res) => {
    const feed = calendarFeed(ctx.db, ctx.studioCache, req.params.token, baseUrl(ctx.config));
    // A wrong or revoked token gets the same 404 as any unknown address, so it reveals nothing.
    if (feed === undefined) throw new NotFoundError();
    res.type('text/calendar; charset=utf-8').set('Cache-Control', 'private, no-store').send(feed);
  });
  return router;
}

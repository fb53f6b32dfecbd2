import { Router, type Request } from 'express';
import type { AppContext } from '../../app.ts';
import type { Config } from '../../config.ts';
import { calendarFeed } from '../../services/calendar.ts';
import { NotFoundError } from '../http-errors.ts';

/** The app's public address: PUBLIC_URL when set, else the address this request came to. */
export function baseUrl(req: Request, config: Config): string {
  return config.publicUrl ?? `${req.protocol}://${req.get('host')}`;
}

/** The public calendar feed: the secret token in the URL is the only credential, so no login is needed. */
export function calendarRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/calendar/:token.ics', (req, res) => {
    const feed = calendarFeed(ctx.db, ctx.studioCache, req.params.token, baseUrl(req, ctx.config));
    // A wrong or revoked token gets the same 404 as any unknown address, so it reveals nothing.
    if (feed === undefined) throw new NotFoundError();
    res.type('text/calendar; charset=utf-8').set('Cache-Control', 'private, no-store').send(feed);
  });
  return router;
}

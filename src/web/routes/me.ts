import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../app.ts';
import { canEditProfile } from '../../domain/access.ts';
import { currentMonth } from '../../domain/clock.ts';
import { feedTokenOf, regenerateFeedToken } from '../../services/calendar.ts';
import {
  parseProfileForm,
  profileFormValues,
  profileView,
  updateOwnProfile,
  type ProfileErrors,
  type ProfileFormValues,
} from '../../services/profile.ts';
import { rotationOf } from '../../services/rotation.ts';
import { currentAccount } from '../auth.ts';
import { ForbiddenError, NotFoundError } from '../http-errors.ts';
import { render, wantsFragment } from '../render.ts';
import { baseUrl } from './calendar.ts';

/** The employee's own pages: their rotation, their profile and their calendar feed. */
export function meRoutes(ctx: AppContext): Router {
  const router = Router();
  const feed = (personId: string) => {
    const token = feedTokenOf(ctx.db, personId);
    if (!token) return undefined;
    const url = `${baseUrl(ctx.config)}/calendar/${token}.ics`;
    // webcal: makes calendar apps offer to subscribe rather than download the file once.
    return { url, webcal: url.replace(/^https?:/, 'webcal:') };
  };
  const renderProfile = (
    req: Request,
    res: Response,
    extra: { saved?: boolean; submitted?: { values: ProfileFormValues; errors: ProfileErrors } },
    status = 200,
  ) => {
    const personId = currentAccount(req).personId;
    const view = profileView(ctx.db, ctx.clock, personId, extra.submitted);
    if (!view) throw new NotFoundError('Your account is not linked to a person in the studio.');
    const data = { title: 'My profile', ...view, saved: extra.saved, feed: feed(personId) };
    render(req, res, { page: 'me/profile', fragment: 'me/profile-form' }, data, status);
  };

  router.get('/me/rotation', (req, res) => {
    const account = currentAccount(req);
    const rotation = rotationOf(ctx.db, ctx.clock, account.personId, ctx.studioCache);
    render(req, res, { page: 'me/rotation' }, { title: 'My rotation', rotation, feed: feed(account.personId) });
  });

  router.get('/me/profile', (req, res) => renderProfile(req, res, { saved: req.query.saved === '1' }));

  router.post('/me/profile', (req, res) => {
    const account = currentAccount(req);
    // The form names whose profile it edits; anyone else's is refused, whatever the role.
    if (req.body.personId !== undefined && !canEditProfile(account, String(req.body.personId))) {
      throw new ForbiddenError('You may edit only your own profile.');
    }
    const form = parseProfileForm(req.body, currentMonth(ctx.clock));
    if (!form.ok)
      return renderProfile(req, res, { submitted: { values: profileFormValues(req.body), errors: form.errors } }, 422);
    updateOwnProfile(ctx.db, ctx.clock, account.personId, form.value);
    if (wantsFragment(req)) return renderProfile(req, res, { saved: true });
    res.redirect(303, '/me/profile?saved=1');
  });

  router.post('/me/calendar-token', (req, res) => {
    regenerateFeedToken(ctx.db, ctx.clock, currentAccount(req).personId);
    res.redirect(303, '/me/profile#calendar');
  });
  return router;
}

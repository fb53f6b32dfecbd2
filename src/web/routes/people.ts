import { Router } from 'express';
import type { AppContext } from '../../app.ts';
import {
  parsePeopleSearch,
  searchDirectory,
  searchFilters,
  searchHref,
  type PeopleSearchResult,
} from '../../services/people/search-directory.ts';
import { peopleMatching } from '../../services/people-lookup.ts';
import { personNetwork, personPage } from '../../services/people/person-page.ts';
import { cachedTagCloud } from '../../services/people/tag-cloud.ts';
import { isAdmin } from '../../domain/access.ts';
import { currentMonth } from '../../domain/clock.ts';
import { currentAccount } from '../auth.ts';
import { BadRequestError, NotFoundError } from '../http-errors.ts';
import { render, wantsFragment } from '../render.ts';

/** The form fields a name picker may fill. */
const CHOICE_FIELDS = { personId: true } as const;

/** Links to the neighbouring pages of a search, for the pager. */
function pager(result: PeopleSearchResult) {
  const { page } = result.input;
  return {
    page,
    pages: result.pages,
    prev: page > 1 ? searchHref({ ...result.input, page: page - 1 }) : undefined,
    next: page < result.pages ? searchHref({ ...result.input, page: page + 1 }) : undefined,
  };
}

/** The community pages: the people directory with its expert search and tag cloud, and each person's page. */
export function peopleRoutes(ctx: AppContext): Router {
  const router = Router();
  const { db, clock } = ctx;
  const view = { page: 'people/index', fragment: 'people/results' };

  router.get('/people', (req, res) => {
    const parsed = parsePeopleSearch(req.query);
    // A fragment request (typing in the search box) needs only the results, not the cloud or the filter choices.
    const page = wantsFragment(req)
      ? {}
      : { cloud: cachedTagCloud(db, ctx.studioCache), filters: searchFilters(db, ctx.studioCache) };
    if (!parsed.ok) {
      render(req, res, view, { title: 'People', ...page, input: parsed.value, errors: parsed.errors }, 400);
      return;
    }
    // The same search gives the same page to everyone until the studio's data (or the month) changes.
    const result = ctx.studioCache.get(`people-search:${currentMonth(clock)}:${searchHref(parsed.value)}`, () =>
      searchDirectory(db, clock, parsed.value),
    );
    render(req, res, view, { title: 'People', ...page, input: parsed.value, result, pager: pager(result) });
  });

  // A name picker's choices (radio buttons named by `field`), e.g. the admin's "create account" form.
  router.get('/people/choices', (req, res) => {
    // The admin form's search box is named personQuery, so a rejected form re-shows what was typed.
    const typed = req.query.q ?? req.query.personQuery;
    const q = typeof typed === 'string' ? typed : '';
    const field = req.query.field === undefined ? 'personId' : req.query.field;
    if (!Object.hasOwn(CHOICE_FIELDS, String(field)) || typeof field !== 'string')
      throw new BadRequestError(`field: one of ${Object.keys(CHOICE_FIELDS).join(', ')}`);
    const selected = typeof req.query.selected === 'string' ? req.query.selected : '';
    const showAccounts = isAdmin(currentAccount(req));
    const choices = peopleMatching(db, q, 12).map((p) => ({
      ...p,
      hasAccount: showAccounts && p.hasAccount,
      selected: p.id === selected,
    }));
    render(
      req,
      res,
      { page: 'people/choices', fragment: 'people/choices' },
      { title: 'Choose a person', q, field, choices },
    );
  });

  router.get('/people/:id', (req, res) => {
    const viewer = currentAccount(req);
    const page = personPage(db, clock, viewer, req.params.id, ctx.studioCache);
    if (!page) throw new NotFoundError('No such person.');
    const network = personNetwork(ctx.network, viewer, page.person.id);
    render(req, res, { page: 'people/show' }, { title: page.person.name, ...page, network });
  });

  return router;
}

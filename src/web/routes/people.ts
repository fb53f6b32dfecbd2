import { Router } from 'express';
import type { AppContext } from '../../app.ts';
import {
  parsePeopleSearch,
  searchDirectory,
  searchFilters,
  searchHref,
  type PeopleSearchResult,
} from '../../services/people/search-directory.ts';
import { personPage } from '../../services/people/person-page.ts';
import { tagCloud } from '../../services/people/tag-cloud.ts';
import { currentAccount } from '../auth.ts';
import { NotFoundError } from '../http-errors.ts';
import { render, wantsFragment } from '../render.ts';

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
    const page = wantsFragment(req) ? {} : { cloud: tagCloud(db), filters: searchFilters(db) };
    if (!parsed.ok) {
      render(req, res, view, { title: 'People', ...page, input: parsed.value, errors: parsed.errors }, 400);
      return;
    }
    const result = searchDirectory(db, clock, parsed.value);
    render(req, res, view, { title: 'People', ...page, input: parsed.value, result, pager: pager(result) });
  });

  router.get('/people/:id', (req, res) => {
    const page = personPage(db, clock, currentAccount(req), req.params.id);
    if (!page) throw new NotFoundError('No such person.');
    render(req, res, { page: 'people/show' }, { title: page.person.name, ...page });
  });

  return router;
}

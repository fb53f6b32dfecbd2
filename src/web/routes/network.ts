import { Router, type Request } from 'express';
import type { AppContext } from '../../app.ts';
import type { NetworkPerson } from '../../domain/network.ts';
import type { NetworkService } from '../../services/network.ts';
import { pictureData, type PictureData } from '../../services/network-picture.ts';
import { currentAccount } from '../auth.ts';
import { BadRequestError } from '../http-errors.ts';
import { render } from '../render.ts';

/** The longest name search a picker accepts. */
const MAX_QUERY = 200;

/** Reads an optional single-valued text parameter of the query string; a repeated or over-long one is a 400. */
function queryText(req: Request, field: string): string {
  const value: unknown = req.query[field];
  if (value === undefined) return '';
  if (typeof value !== 'string') throw new BadRequestError(`${field}: give one value, not several.`);
  if (value.length > MAX_QUERY) throw new BadRequestError(`${field}: at most ${MAX_QUERY} characters.`);
  return value.trim();
}

/** What a person picker resolved to: one person, a choice among several, or an error to show beside the field. */
type Picked =
  | { kind: 'none' }
  | { kind: 'person'; person: NetworkPerson }
  | { kind: 'choose'; choices: NetworkPerson[] }
  | { kind: 'error'; message: string };

/** Resolves a picker's text: a person's id (as the links carry), else a name search over the network. */
function pick(network: NetworkService, text: string): Picked {
  if (!text) return { kind: 'none' };
  const byId = network.person(text);
  if (byId) return { kind: 'person', person: byId };
  const hits = network.findByName(text, 11);
  const exact = hits.filter((h) => h.name.toLowerCase() === text.toLowerCase());
  if (exact.length === 1) return { kind: 'person', person: exact[0]! };
  if (hits.length === 1) return { kind: 'person', person: hits[0]! };
  if (hits.length === 0) return { kind: 'error', message: `No one in the studio is called “${text}”.` };
  return { kind: 'choose', choices: hits.slice(0, 10) };
}

/** The introduction between two people: their common contacts and a shortest path, for the page and person pages. */
export function introductionView(network: NetworkService, from: NetworkPerson, to: NetworkPerson) {
  const path = network.introductionPath(from.id, to.id);
  return {
    from,
    to,
    samePerson: path.status === 'same-person',
    noPath: path.status === 'no-path' || path.status === 'unknown-person',
    steps: path.status === 'path' ? path.steps : [],
    hops: path.status === 'path' ? path.steps.length - 1 : 0,
    common: path.status === 'same-person' ? [] : network.commonContacts(from.id, to.id),
  };
}

/** The network pages: introductions, the picture, influencers, silos. */
export function networkRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/network', (req, res) => {
    const graph = ctx.network.graph();
    const departments = new Map<string, string>();
    graph.forEachNode((_id, p) => departments.set(p.department, p.departmentName));
    render(
      req,
      res,
      { page: 'network/show' },
      {
        title: 'Network',
        people: graph.order,
        ties: graph.size,
        months: ctx.network.months(),
        departments: [...departments.entries()]
          .map(([id, name]) => ({ id, name }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      },
    );
  });

  // The picture's data, built once per network version; 202 while the layout is still being computed.
  router.get('/network/picture.json', (req, res) => {
    const state = ctx.network.analysis();
    if (state.state === 'failed') {
      res.status(503).json({ state: 'failed', message: 'The network picture could not be computed.' });
      return;
    }
    const data = ctx.network.derived<PictureData>('picture', (graph, analysis) =>
      pictureData(graph, analysis, ctx.network.months(), ctx.network.version()),
    );
    if (!data) {
      res.status(202).set('Retry-After', '1').json({ state: 'computing' });
      return;
    }
    res.set('Cache-Control', 'private, no-cache').json(data);
  });

  router.get('/network/path', (req, res) => {
    const account = currentAccount(req);
    const fromText = queryText(req, 'from') || account.personId;
    const toText = queryText(req, 'to');
    const from = pick(ctx.network, fromText);
    const to = pick(ctx.network, toText);
    const errors: Record<string, string> = {};
    if (from.kind === 'error') errors.from = from.message;
    if (to.kind === 'error') errors.to = to.message;
    const data = {
      title: 'Introductions',
      form: {
        from: from.kind === 'person' ? from.person.name : fromText,
        to: to.kind === 'person' ? to.person.name : toText,
      },
      fromChoices: from.kind === 'choose' ? from.choices.map((p) => ({ ...p, href: pathHref(p.id, toText) })) : [],
      toChoices: to.kind === 'choose' ? to.choices.map((p) => ({ ...p, href: pathHref(fromText, p.id) })) : [],
      errors,
      introduction:
        from.kind === 'person' && to.kind === 'person'
          ? introductionView(ctx.network, from.person, to.person)
          : undefined,
    };
    render(req, res, { page: 'network/path' }, data, Object.keys(errors).length > 0 ? 422 : 200);
  });

  return router;
}

function pathHref(from: string, to: string): string {
  return `/network/path?${new URLSearchParams({ from, to }).toString()}`;
}

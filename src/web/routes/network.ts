import { Router, type Request } from 'express';
import type { AppContext } from '../../app.ts';
import type { NetworkPerson } from '../../domain/network.ts';
import type { NetworkService } from '../../services/network.ts';
import { pictureData, type PictureData } from '../../services/network-picture.ts';
import { canSeeInfluencers, canSeeKeyPersonImpact, canSeeSilos } from '../../domain/access.ts';
import {
  applyReplanWithout,
  applyScope,
  compareReplan,
  upcomingLosses,
} from '../../services/planning/key-person-impact.ts';
import { HttpError, NotFoundError } from '../http-errors.ts';
import { siloReport, type SiloReport } from '../../services/network-silos.ts';
import {
  INFLUENCER_RANKINGS,
  influencerCsvRows,
  rankInfluencers,
  type InfluencerRanking,
} from '../../services/network-influencers.ts';
import { foldText } from '../../domain/people-search.ts';
import { currentAccount, requireAccess } from '../auth.ts';
import { BadRequestError } from '../http-errors.ts';
import { render } from '../render.ts';
import { sendCsv } from '../csv.ts';

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

/**
 * Resolves a picker's text: a person's id (as the links carry), else the people search by name (the full-text search
 * the rest of the app uses): one match, or one whose whole name it is, is that person; several are a choice.
 */
function pick(network: NetworkService, text: string): Picked {
  if (!text) return { kind: 'none' };
  const byId = network.person(text);
  if (byId) return { kind: 'person', person: byId };
  const hits = network.findByName(text, 11);
  const exact = hits.filter((h) => foldText(h.name) === foldText(text));
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
        canSeeInfluencers: canSeeInfluencers(currentAccount(req)),
        canSeeSilos: canSeeSilos(currentAccount(req)),
        canSeeImpact: canSeeKeyPersonImpact(currentAccount(req)),
        people: graph.order,
        ties: graph.size,
        drawnTies: Math.min(graph.size, ctx.network.pictureEdgeLimit()),
        capped: graph.size > ctx.network.pictureEdgeLimit(),
        months: ctx.network.months(),
        departments: [...departments.entries()]
          .map(([id, name]) => ({ id, name }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      },
    );
  });

  // The picture's "find a person": the people search by name, as JSON for the browser script.
  router.get('/network/people.json', (req, res) => {
    const q = queryText(req, 'q');
    if (!q) throw new BadRequestError('q: type a name to look for.');
    const people = ctx.network.findByName(q, 10).map(({ id, name, departmentName }) => ({ id, name, departmentName }));
    res.set('Cache-Control', 'private, no-cache').json({ q, people });
  });

  // The picture's data, built once per network version; 202 while the layout is still being computed.
  router.get('/network/picture.json', (req, res) => {
    const state = ctx.network.analysis();
    if (state.state === 'failed') {
      res.status(503).json({ state: 'failed', message: 'The network picture could not be computed.' });
      return;
    }
    const data = ctx.network.derived<PictureData>('picture', (graph, analysis) =>
      pictureData(graph, analysis, ctx.network.months(), ctx.network.version(), ctx.network.pictureEdgeLimit()),
    );
    if (!data) {
      res.status(202).set('Retry-After', '1').json({ state: 'computing' });
      return;
    }
    res.set('Cache-Control', 'private, no-cache').json(data);
  });

  const influencersOnly = requireAccess(canSeeInfluencers, 'The influencers are for managers and leads.');

  router.get('/network/influencers', influencersOnly, (req, res) => {
    const by = queryText(req, 'by') || 'betweenness';
    if (!isRanking(by)) throw new BadRequestError(`by: rank by ${INFLUENCER_RANKINGS.join(', ')}.`);
    const state = ctx.network.analysis();
    const rows = ctx.network.derived(`influencers:${by}`, (graph, analysis) => rankInfluencers(graph, analysis, by));
    const view = { page: 'network/influencers', fragment: 'network/influencers' };
    render(req, res, view, {
      title: 'Influencers',
      by,
      rankings: INFLUENCER_RANKINGS.map((r) => ({ value: r, label: RANKING_LABELS[r], selected: r === by })),
      computing: !rows && state.state === 'computing',
      failed: state.state === 'failed',
      pollUrl: req.originalUrl,
      people: rows?.length ?? 0,
      rows: rows?.slice(0, INFLUENCERS_SHOWN).map((r, i) => ({ ...r, position: i + 1 })),
    });
  });

  router.get('/network/influencers.csv', influencersOnly, async (_req, res) => {
    const analysis = await ctx.network.ready();
    sendCsv(res, 'influencers.csv', influencerCsvRows(rankInfluencers(ctx.network.graph(), analysis, 'betweenness')));
  });

  router.get(
    '/network/departments',
    requireAccess(canSeeSilos, 'Where departments meet is for managers.'),
    (req, res) => {
      const state = ctx.network.analysis();
      const report = ctx.network.derived<SiloReport>('silos', siloReport);
      render(
        req,
        res,
        { page: 'network/departments', fragment: 'network/silos' },
        {
          title: 'Departments in the network',
          computing: !report && state.state === 'computing',
          failed: state.state === 'failed',
          pollUrl: req.originalUrl,
          report: report && siloView(report),
        },
      );
    },
  );

  const impactOnly = requireAccess(canSeeKeyPersonImpact, 'Key-person impact is for leads and managers.');

  router.get('/people/:id/impact', impactOnly, (req, res) => {
    const person = ctx.network.person(String(req.params.id));
    if (!person) throw new NotFoundError('No one in the studio has this id.');
    const losses = upcomingLosses(ctx.db, person.id, ctx.studioCache);
    const paths = ctx.network.pathImpact(person.id);
    render(
      req,
      res,
      { page: 'network/impact' },
      {
        title: `If ${person.name} left`,
        person,
        losses: { ...losses, breaking: losses.cabals.filter((c) => c.broken.length > 0).length },
        paths,
        contacts: ctx.network.neighbours(person.id).length,
      },
    );
  });

  router.get('/people/:id/impact/replan', impactOnly, (req, res) => {
    const person = ctx.network.person(String(req.params.id));
    if (!person) throw new NotFoundError('No one in the studio has this id.');
    const preview = ctx.replanPreviews.get(person.id);
    const comparison = preview ? compareReplan(preview) : undefined;
    const apply = preview && {
      version: preview.version,
      ...applyScope(ctx.db, currentAccount(req), person.id, ctx.studioCache),
    };
    render(
      req,
      res,
      { page: 'network/replan', fragment: 'network/replan' },
      { title: `Re-plan without ${person.name}`, person, comparison, noDrafts: !preview, apply },
    );
  });

  // Applies the preview to the problems the account leads, as a normal re-plan (pins out, then a plan run).
  router.post('/people/:id/impact/applications', impactOnly, (req, res) => {
    const version = (req.body as { version?: unknown } | undefined)?.version;
    if (typeof version !== 'string' || !/^\d{1,15}$/.test(version))
      throw new BadRequestError('version: the preview this applies is missing; open the impact page and apply again.');
    const done = applyReplanWithout(
      { ...ctx, cache: ctx.studioCache },
      currentAccount(req),
      String(req.params.id),
      Number(version),
    );
    if (!done.ok) throw new HttpError(done.status, done.message);
    res.redirect(303, `/problems/${encodeURIComponent(done.problems[0]!.id)}?run=${done.runId}#run`);
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

/** How many people the influencer page lists; the CSV holds everyone. */
const INFLUENCERS_SHOWN = 100;

const RANKING_LABELS: Record<InfluencerRanking, string> = {
  betweenness: 'Betweenness',
  pagerank: 'PageRank',
  degree: 'Degree',
};

function isRanking(value: string): value is InfluencerRanking {
  return (INFLUENCER_RANKINGS as readonly string[]).includes(value);
}

/** The silo report shaped for the page: matrix rows with their department's name, percentages. */
function siloView(report: SiloReport) {
  return {
    ...report,
    rows: report.departments.map((d, i) => ({
      name: d.name,
      cells: report.matrix[i]!.map((c, j) => ({
        ...c,
        diagonal: i === j,
        none: c.ties === 0 && c.possible > 0,
        label: `${report.departments[i]!.name} × ${report.departments[j]!.name}`,
      })),
    })),
  };
}

function pathHref(from: string, to: string): string {
  return `/network/path?${new URLSearchParams({ from, to }).toString()}`;
}

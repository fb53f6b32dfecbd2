import { Worker } from 'node:worker_threads';
import type { Conn } from '../db/client.ts';
import { networkPeople, networkVersion, publishedTies, writeMarker } from '../db/repos/network.ts';
import {
  buildNetwork,
  commonContacts,
  introductionPath,
  neighboursOf,
  pathImpact,
  personIn,
  type CommonContact,
  type Contact,
  type IntroductionPath,
  type Network,
  type NetworkGraph,
  type NetworkPerson,
  type NetworkTie,
  type PathImpact,
} from '../domain/network.ts';
import type { Month } from '../domain/month.ts';
import { analyseNetwork, type NetworkAnalysis } from './network-analysis.ts';
import { MAX_PICTURE_EDGES } from './network-picture.ts';
import { peopleMatching } from './people-lookup.ts';

export {
  computeLayout,
  computeMetrics,
  type NetworkAnalysis,
  type NetworkMetrics,
  type PersonMetrics,
  type Position,
} from './network-analysis.ts';

// Node 20 does not apply `--import tsx` to a worker's entry module, so a small bootstrap registers tsx first
// (as plan-runner.ts does).
const WORKER_BOOTSTRAP = `
import('tsx/esm/api')
  .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./network-worker.ts', import.meta.url).href)}); });
`;

/** Where the metrics and layout of the current network stand. */
export type AnalysisState =
  { state: 'ready'; analysis: NetworkAnalysis } | { state: 'computing' } | { state: 'failed'; message: string };

/** One version of the network with what was computed on it so far. */
interface Snapshot {
  version: string;
  network: Network;
  people: NetworkPerson[];
  ties: NetworkTie[];
  months: Month[];
  analysis?: AnalysisState;
  pending?: Promise<NetworkAnalysis>;
  derived: Map<string, unknown>;
}

/** How long the last builds took, in milliseconds, for the benchmark. */
export interface BuildTimings {
  graph?: number;
  metrics?: number;
  layout?: number;
}

/** Options of the network service. */
export interface NetworkServiceOptions {
  /** Networks up to this many people get their metrics and layout at once; larger ones in a worker thread. */
  inlineLimit?: number;
  /** Reports a failed analysis (the pages say it failed). */
  log?: (error: unknown) => void;
  /** The most edges the picture draws (the strongest); the page says how many it drew of how many. */
  pictureEdges?: number;
}

/** The cached network of one app: every page asks it, and it rebuilds only when the published data changed. */
export interface NetworkService {
  /**
   * The current graph (rebuilt first if the published data changed). Its node keys are internal ("n0", "n1", …):
   * read a person's id from the node's `id` attribute, and ask this service about a person by id.
   */
  graph(): NetworkGraph;
  /** The published months the network spans, ascending. */
  months(): Month[];
  /** A fingerprint of the data the current graph was built from. */
  version(): string;
  /** A person of the network (an active person) by id. */
  person(id: string): NetworkPerson | undefined;
  /**
   * People of the network whose name matches a search, best match first, at most `limit` (10): the people search's
   * full-text index (peopleMatching), as every other name picker of the app.
   */
  findByName(query: string, limit?: number): NetworkPerson[];
  /** A person's contacts, strongest tie first. */
  neighbours(personId: string): Contact[];
  /** The contacts two people share, best known to both first. */
  commonContacts(a: string, b: string): CommonContact[];
  /** A shortest introduction path preferring strong ties, or why there is none. */
  introductionPath(from: string, to: string): IntroductionPath;
  /** What the network loses without a person (computed once per network version and person). */
  pathImpact(personId: string): PathImpact;
  /**
   * Metrics (degree, betweenness, PageRank, communities) and the ForceAtlas2 layout of the current version: at once
   * for a small network, else started in a worker thread on first ask, 'computing' until it is done.
   */
  analysis(): AnalysisState;
  /** Resolves when the current version's analysis is done (for tests, benchmarks and warming up). */
  ready(): Promise<NetworkAnalysis>;
  /** A value derived from the current version and its analysis, computed once per version under a key. */
  derived<T>(key: string, compute: (graph: NetworkGraph, analysis: NetworkAnalysis) => T): T | undefined;
  /** How long the last builds took. */
  timings(): BuildTimings;
  /** The most edges the picture draws. */
  pictureEdgeLimit(): number;
}

/** Runs the analysis of a network in a worker thread. */
function analyseInWorker(people: NetworkPerson[], ties: NetworkTie[]): Promise<NetworkAnalysis> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { people, ties } });
    worker.on('message', (message: { type: string; analysis?: NetworkAnalysis; message?: string }) => {
      if (message.type === 'done' && message.analysis) resolve(message.analysis);
      else reject(new Error(`network analysis: ${message.message ?? 'no result'}`));
      void worker.terminate();
    });
    worker.on('error', (cause) => reject(new Error('network analysis failed', { cause })));
    worker.on('exit', (code) => reject(new Error(`network analysis worker exited with ${code}`)));
  });
}

/**
 * Creates the network cache over a database. After any write to the database, the next call compares a fingerprint
 * of the published data (publishes, imports, HR changes) with the one it was built from and rebuilds only when it
 * differs; without writes it checks nothing.
 */
export function createNetworkService(db: Conn, options: NetworkServiceOptions = {}): NetworkService {
  const inlineLimit = options.inlineLimit ?? 400;
  const log = options.log ?? ((error: unknown) => console.error(error));
  let snapshot: Snapshot | undefined;
  let checkedAt: string | undefined;
  const timings: BuildTimings = {};

  const current = (): Snapshot => {
    // Nothing was written since the last check (an O(1) look), so the published data cannot have changed either.
    const marker = writeMarker(db);
    if (snapshot && marker === checkedAt) return snapshot;
    checkedAt = marker;
    const version = networkVersion(db);
    if (snapshot?.version === version) return snapshot;
    const started = performance.now();
    const people = networkPeople(db);
    const ties = publishedTies(db);
    const network = buildNetwork(people, ties);
    const months = [...new Set(ties.flatMap((t) => t.months))].sort();
    timings.graph = performance.now() - started;
    snapshot = { version, network, people, ties, months, derived: new Map() };
    return snapshot;
  };

  const settle = (s: Snapshot, analysis: NetworkAnalysis) => {
    s.analysis = { state: 'ready', analysis };
    timings.metrics = analysis.metricsMs;
    timings.layout = analysis.layoutMs;
    return analysis;
  };

  const start = (s: Snapshot): Promise<NetworkAnalysis> => {
    if (s.pending) return s.pending;
    if (s.network.graph.order <= inlineLimit) {
      s.pending = Promise.resolve(settle(s, analyseNetwork(s.network.graph)));
      return s.pending;
    }
    s.analysis = { state: 'computing' };
    s.pending = analyseInWorker(s.people, s.ties).then(
      (analysis) => settle(s, analysis),
      (error: unknown) => {
        log(error);
        s.analysis = { state: 'failed', message: (error as Error).message };
        throw error;
      },
    );
    s.pending.catch(() => undefined);
    return s.pending;
  };

  /** A value of the current snapshot computed once under a key (callers must not change it). */
  function memo<T>(key: string, compute: (network: Network) => T): T {
    const s = current();
    if (!s.derived.has(key)) s.derived.set(key, compute(s.network));
    return s.derived.get(key) as T;
  }

  return {
    graph: () => current().network.graph,
    months: () => current().months,
    version: () => current().version,
    person: (id) => personIn(current().network, id),
    findByName(query, limit = 10) {
      const { network } = current();
      return peopleMatching(db, query, limit).flatMap((hit) => personIn(network, hit.id) ?? []);
    },
    // Per-person results are kept with the snapshot (so until the network changes): pages ask for them on every
    // request, and pathImpact copies the whole graph.
    neighbours: (id) => memo(`neighbours:${id}`, (network) => neighboursOf(network, id)),
    commonContacts: (a, b) => commonContacts(current().network, a, b),
    introductionPath: (from, to) => introductionPath(current().network, from, to),
    pathImpact: (id) => memo(`path-impact:${id}`, (network) => pathImpact(network, id)),
    analysis() {
      const s = current();
      void start(s);
      return s.analysis ?? { state: 'computing' };
    },
    ready: () => start(current()),
    derived<T>(key: string, compute: (graph: NetworkGraph, analysis: NetworkAnalysis) => T): T | undefined {
      const s = current();
      void start(s);
      if (s.analysis?.state !== 'ready') return undefined;
      if (!s.derived.has(key)) s.derived.set(key, compute(s.network.graph, s.analysis.analysis));
      return s.derived.get(key) as T;
    },
    timings: () => ({ ...timings }),
    pictureEdgeLimit: () => options.pictureEdges ?? MAX_PICTURE_EDGES,
  };
}

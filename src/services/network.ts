import betweennessModule from 'graphology-metrics/centrality/betweenness.js';
import pagerankModule from 'graphology-metrics/centrality/pagerank.js';
import louvainModule from 'graphology-communities-louvain';
import forceAtlas2Module from 'graphology-layout-forceatlas2';
import type { Conn } from '../db/client.ts';
import { networkPeople, networkVersion, publishedTies } from '../db/repos/network.ts';
import {
  commonContacts,
  introductionPath,
  neighboursOf,
  networkGraph,
  pathImpact,
  type CommonContact,
  type Contact,
  type IntroductionPath,
  type NetworkGraph,
  type PathImpact,
} from '../domain/network.ts';
import type { Month } from '../domain/month.ts';

// These packages are CommonJS whose typings declare an ES default export: Node hands the function itself to a
// default import, while TypeScript sees a namespace holding `default`. One helper reconciles the two.
type DefaultOf<M> = M extends { default: infer D } ? D : M;
function cjsDefault<M>(module: M): DefaultOf<M> {
  return ((module as { default?: unknown }).default ?? module) as DefaultOf<M>;
}
const betweennessCentrality = cjsDefault(betweennessModule);
const pagerank = cjsDefault(pagerankModule);
const louvain = cjsDefault(louvainModule);
const forceAtlas2 = cjsDefault(forceAtlas2Module);

/** A person's centrality figures in the published network. */
export interface PersonMetrics {
  /** Distinct co-members. */
  degree: number;
  /** Unweighted betweenness, normalised for an undirected graph (NetworkX's default). */
  betweenness: number;
  /** PageRank with damping 0.85, edges weighted by months together. */
  pagerank: number;
  /** The Louvain community the person falls in (0-based, largest first). */
  community: number;
}

/** The network's metrics, computed once per version of the published data. */
export interface NetworkMetrics {
  byPerson: Map<string, PersonMetrics>;
  communities: number;
  modularity: number;
}

/** A node position of the ForceAtlas2 layout. */
export interface Position {
  x: number;
  y: number;
}

/** One version of the network with what was computed on it so far. */
interface Snapshot {
  version: string;
  graph: NetworkGraph;
  months: Month[];
  metrics?: NetworkMetrics;
  layout?: Map<string, Position>;
  derived: Map<string, unknown>;
}

/** How long each part of the last build took, in milliseconds, for the benchmark. */
export interface BuildTimings {
  graph?: number;
  metrics?: number;
  layout?: number;
}

/** The seed of every random choice the network makes (Louvain, the layout's starting positions). */
const SEED = 9;

/** mulberry32: a small seeded generator, so Louvain and the layout give the same answer every time. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Computes degree, betweenness, PageRank and Louvain communities of a network (graphology-metrics, -louvain). */
export function computeMetrics(graph: NetworkGraph): NetworkMetrics {
  const betweenness = betweennessCentrality(graph, { getEdgeWeight: null, normalized: true });
  const ranks = graph.size > 0 ? pagerank(graph, { alpha: 0.85, getEdgeWeight: 'weight' }) : undefined;
  const detailed =
    graph.order > 0
      ? louvain.detailed(graph, { getEdgeWeight: 'weight', rng: seededRandom(SEED) })
      : { communities: {} as Record<string, number>, count: 0, modularity: 0 };
  // Number communities largest first, so "community 1" is the biggest whatever Louvain's internal order.
  const sizes = new Map<number, number>();
  for (const c of Object.values(detailed.communities)) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  const order = [...sizes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([c]) => c);
  const renumber = new Map(order.map((c, i) => [c, i]));
  const byPerson = new Map<string, PersonMetrics>();
  graph.forEachNode((id) => {
    byPerson.set(id, {
      degree: graph.degree(id),
      betweenness: betweenness[id] ?? 0,
      // A network without ties has no PageRank to speak of: everyone gets the same share.
      pagerank: ranks ? (ranks[id] ?? 0) : 1 / graph.order,
      community: renumber.get(detailed.communities[id]!) ?? 0,
    });
  });
  return { byPerson, communities: detailed.count, modularity: detailed.modularity };
}

/**
 * Lays the network out with ForceAtlas2 (graphology-layout-forceatlas2) from seeded starting positions, so the
 * picture is the same for the same network. Iterations shrink as the network grows, to keep the build near a second.
 */
export function computeLayout(graph: NetworkGraph): Map<string, Position> {
  const random = seededRandom(SEED);
  const work = graph.copy() as NetworkGraph & { setNodeAttribute(n: string, k: string, v: number): void };
  const layoutGraph = work as unknown as NetworkGraph;
  layoutGraph.forEachNode((id) => {
    layoutGraph.mergeNodeAttributes(id, { x: random() * 1000, y: random() * 1000 } as never);
  });
  const iterations = graph.order > 2000 ? 60 : graph.order > 500 ? 150 : 300;
  const positions =
    graph.order > 0
      ? forceAtlas2(layoutGraph, {
          iterations,
          getEdgeWeight: 'weight',
          settings: forceAtlas2.inferSettings(graph),
        })
      : {};
  return new Map(Object.entries(positions));
}

/** The cached network of one app: every page asks it, and it rebuilds only when the published data changed. */
export interface NetworkService {
  /** The current graph (rebuilt first if the published data changed). */
  graph(): NetworkGraph;
  /** The published months the network spans, ascending. */
  months(): Month[];
  /** A fingerprint of the data the current graph was built from. */
  version(): string;
  /** A person's contacts, strongest tie first. */
  neighbours(personId: string): Contact[];
  /** The contacts two people share, best known to both first. */
  commonContacts(a: string, b: string): CommonContact[];
  /** A shortest introduction path preferring strong ties, or why there is none. */
  introductionPath(from: string, to: string): IntroductionPath;
  /** What the network loses without a person. */
  pathImpact(personId: string): PathImpact;
  /** Degree, betweenness, PageRank and communities (computed on first use per version). */
  metrics(): NetworkMetrics;
  /** ForceAtlas2 positions (computed on first use per version). */
  layout(): Map<string, Position>;
  /** A value derived from the current version, computed once per version under a key (e.g. the picture's JSON). */
  derived<T>(key: string, compute: (graph: NetworkGraph) => T): T;
  /** How long the last builds took. */
  timings(): BuildTimings;
}

/**
 * Creates the network cache over a database. Each call first compares a cheap fingerprint of the published data
 * (publishes, imports, HR changes) with the one it was built from and rebuilds only when it differs.
 */
export function createNetworkService(db: Conn, now: () => number = () => performance.now()): NetworkService {
  let snapshot: Snapshot | undefined;
  const timings: BuildTimings = {};

  const current = (): Snapshot => {
    const version = networkVersion(db);
    if (snapshot?.version === version) return snapshot;
    const started = now();
    const ties = publishedTies(db);
    const graph = networkGraph(networkPeople(db), ties);
    const months = [...new Set(ties.flatMap((t) => t.months))].sort();
    timings.graph = now() - started;
    snapshot = { version, graph, months, derived: new Map() };
    return snapshot;
  };

  return {
    graph: () => current().graph,
    months: () => current().months,
    version: () => current().version,
    neighbours: (id) => neighboursOf(current().graph, id),
    commonContacts: (a, b) => commonContacts(current().graph, a, b),
    introductionPath: (from, to) => introductionPath(current().graph, from, to),
    pathImpact: (id) => pathImpact(current().graph, id),
    metrics() {
      const s = current();
      if (!s.metrics) {
        const started = now();
        s.metrics = computeMetrics(s.graph);
        timings.metrics = now() - started;
      }
      return s.metrics;
    },
    layout() {
      const s = current();
      if (!s.layout) {
        const started = now();
        s.layout = computeLayout(s.graph);
        timings.layout = now() - started;
      }
      return s.layout;
    },
    derived<T>(key: string, compute: (graph: NetworkGraph) => T): T {
      const s = current();
      if (!s.derived.has(key)) s.derived.set(key, compute(s.graph));
      return s.derived.get(key) as T;
    },
    timings: () => ({ ...timings }),
  };
}

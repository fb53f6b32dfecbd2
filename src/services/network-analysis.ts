import betweennessModule from 'graphology-metrics/centrality/betweenness.js';
import pagerankModule from 'graphology-metrics/centrality/pagerank.js';
import louvainModule from 'graphology-communities-louvain';
import forceAtlas2Module from 'graphology-layout-forceatlas2';
import type { NetworkGraph } from '../domain/network.ts';
import { seededRandom } from '../domain/studio-generator.ts';

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
  /** By person id. */
  byPerson: Map<string, PersonMetrics>;
  communities: number;
  modularity: number;
}

/** A node position of the ForceAtlas2 layout. */
export interface Position {
  x: number;
  y: number;
}

/** The seed of every random choice the network makes (Louvain, the layout's starting positions). */
const SEED = 9;

/**
 * Computes degree, betweenness, PageRank and Louvain communities of a network (graphology-metrics, -louvain), by
 * person id.
 */
export function computeMetrics(graph: NetworkGraph): NetworkMetrics {
  const betweenness = betweennessCentrality(graph, { getEdgeWeight: null, normalized: true });
  const ranks = graph.size > 0 ? pagerank(graph, { alpha: 0.85, getEdgeWeight: 'weight' }) : undefined;
  const detailed =
    graph.order > 0
      ? louvain.detailed(graph, { getEdgeWeight: 'weight', rng: seededRandom(SEED).next })
      : { communities: {} as Record<string, number>, count: 0, modularity: 0 };
  // Number communities largest first, so "community 1" is the biggest whatever Louvain's internal order.
  const sizes = new Map<number, number>();
  for (const c of Object.values(detailed.communities)) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  const order = [...sizes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([c]) => c);
  const renumber = new Map(order.map((c, i) => [c, i]));
  const byPerson = new Map<string, PersonMetrics>();
  // The libraries answer in plain objects keyed by node key; those keys are ours ("n<i>", see src/domain/network.ts),
  // and own-property reads keep it so should that ever change. byPerson is keyed by the person's id.
  const own = <T>(values: Record<string, T>, node: string): T | undefined =>
    Object.hasOwn(values, node) ? values[node] : undefined;
  graph.forEachNode((node, person) => {
    byPerson.set(person.id, {
      degree: graph.degree(node),
      betweenness: own(betweenness, node) ?? 0,
      // A network without ties has no PageRank to speak of: everyone gets the same share.
      pagerank: ranks ? (own(ranks, node) ?? 0) : 1 / graph.order,
      community: renumber.get(own(detailed.communities, node) ?? -1) ?? 0,
    });
  });
  return { byPerson, communities: detailed.count, modularity: detailed.modularity };
}

/**
 * Lays the network out with ForceAtlas2 (graphology-layout-forceatlas2) from seeded starting positions, so the
 * picture is the same for the same network. Iterations shrink as the network grows, to keep the build near a second.
 * Positions are by person id.
 */
export function computeLayout(graph: NetworkGraph): Map<string, Position> {
  const random = seededRandom(SEED).next;
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
  // Positions come keyed by node key; the picture asks by person id.
  return new Map(Object.entries(positions).map(([node, position]) => [graph.getNodeAttribute(node, 'id'), position]));
}

/** Metrics and layout of one version of the network, and how long they took. */
export interface NetworkAnalysis {
  metrics: NetworkMetrics;
  /** Positions by person id. */
  layout: Map<string, Position>;
  metricsMs: number;
  layoutMs: number;
}

/** Computes the metrics and the layout of a network. */
export function analyseNetwork(graph: NetworkGraph): NetworkAnalysis {
  let started = performance.now();
  const metrics = computeMetrics(graph);
  const metricsMs = performance.now() - started;
  started = performance.now();
  const layout = computeLayout(graph);
  return { metrics, layout, metricsMs, layoutMs: performance.now() - started };
}

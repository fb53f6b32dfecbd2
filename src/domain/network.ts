import { UndirectedGraph } from 'graphology';
import { dijkstra } from 'graphology-shortest-path';
import { connectedComponents } from 'graphology-components';
import type { Month } from './month.ts';

// The cabal network (PRODUCT.md, "Community layer"): people are nodes, and an edge joins two people who served in
// the same published cabal, weighted by the months they served together. Everything here is a pure question about
// one such graph; building and caching it is the network service's job.
//
// Person ids come from the HR import, so an id may be "__proto__" or "constructor". graphology keeps each node's
// neighbours in plain objects keyed by node key, where such a key breaks it (mergeEdge throws), and the metrics and
// layout libraries answer in plain objects keyed the same way. So a node's key is ours ("n0", "n1", … by position)
// and the person's id is one of its attributes; these functions take and give person ids and translate through
// `Network.nodeOf`, a Map.

/** A person as a node of the network. */
export interface NetworkPerson {
  id: string;
  name: string;
  department: string;
  departmentName: string;
}

/** Two people who served together, with the months they shared (ascending, distinct). */
export interface NetworkTie {
  a: string;
  b: string;
  months: Month[];
}

/** A node's attributes in the network graph: the person, id included (the node's key is an internal one). */
export type PersonAttributes = NetworkPerson;

/** An edge's attributes: `weight` is the number of months together, `months` which ones. */
export interface TieAttributes {
  weight: number;
  months: Month[];
}

/**
 * The network graph: undirected, at most one edge per pair, nodes keyed "n<i>" (never by person id; read the
 * person's id from the node's `id` attribute).
 */
export type NetworkGraph = UndirectedGraph<PersonAttributes, TieAttributes>;

/** The network graph and the key of each person's node in it. */
export interface Network {
  graph: NetworkGraph;
  /** Person id → node key. */
  nodeOf: ReadonlyMap<string, string>;
}

/**
 * Builds the network from its people and ties: node "n<i>" is the i-th person (a repeated id keeps its first);
 * ties naming an unknown person, or the same person twice, are ignored.
 */
export function buildNetwork(people: NetworkPerson[], ties: NetworkTie[]): Network {
  const graph: NetworkGraph = new UndirectedGraph<PersonAttributes, TieAttributes>();
  const nodeOf = new Map<string, string>();
  people.forEach((person, i) => {
    if (nodeOf.has(person.id)) return;
    const key = `n${i}`;
    nodeOf.set(person.id, key);
    graph.addNode(key, { ...person });
  });
  for (const tie of ties) {
    const a = nodeOf.get(tie.a);
    const b = nodeOf.get(tie.b);
    if (a === undefined || b === undefined || a === b) continue;
    graph.mergeEdge(a, b, { weight: tie.months.length, months: tie.months });
  }
  return { graph, nodeOf };
}

/** A contact of someone: a person and the months they served together. */
export interface Contact extends NetworkPerson {
  months: number;
}

/** The person of a node (by node key). */
function personOf(graph: NetworkGraph, node: string): NetworkPerson {
  const { id, name, department, departmentName } = graph.getNodeAttributes(node);
  return { id, name, department, departmentName };
}

function byMonthsThenName(a: { months: number; name: string }, b: { months: number; name: string }): number {
  return b.months - a.months || a.name.localeCompare(b.name);
}

/** A person's contacts, strongest tie first (then by name); empty for a person not in the network. */
export function neighboursOf({ graph, nodeOf }: Network, id: string): Contact[] {
  const node = nodeOf.get(id);
  if (node === undefined) return [];
  return graph
    .mapEdges(node, (_edge, tie, source, target) => ({
      ...personOf(graph, source === node ? target : source),
      months: tie.weight,
    }))
    .sort(byMonthsThenName);
}

/** A contact two people share, with the months each of them served with it. */
export interface CommonContact extends NetworkPerson {
  monthsWithA: number;
  monthsWithB: number;
}

/**
 * The contacts two people share, those both know best first (by the weaker of the two ties, then the sum, then
 * name); empty when either is not in the network.
 */
export function commonContacts({ graph, nodeOf }: Network, idA: string, idB: string): CommonContact[] {
  const a = nodeOf.get(idA);
  const b = nodeOf.get(idB);
  if (a === undefined || b === undefined || a === b) return [];
  const out: CommonContact[] = [];
  graph.forEachNeighbor(a, (c) => {
    if (c === b || !graph.hasEdge(c, b)) return;
    out.push({
      ...personOf(graph, c),
      monthsWithA: graph.getEdgeAttribute(a, c, 'weight'),
      monthsWithB: graph.getEdgeAttribute(c, b, 'weight'),
    });
  });
  const weaker = (x: CommonContact) => Math.min(x.monthsWithA, x.monthsWithB);
  return out.sort(
    (x, y) =>
      weaker(y) - weaker(x) ||
      y.monthsWithA + y.monthsWithB - (x.monthsWithA + x.monthsWithB) ||
      x.name.localeCompare(y.name),
  );
}

/** One step of an introduction path: a person and the months they served with the previous person. */
export interface PathStep extends NetworkPerson {
  /** Months together with the previous step; 0 for the first step. */
  months: number;
}

/** The answer to "how can `from` be introduced to `to`?". */
export type IntroductionPath =
  | { status: 'path'; steps: PathStep[] }
  | { status: 'no-path' }
  | { status: 'same-person' }
  | { status: 'unknown-person'; id: string };

/**
 * A shortest introduction path from one person to another, preferring strong ties among the equally short ones.
 *
 * It is a Dijkstra search (graphology-shortest-path) in which a tie of w months costs 1 + 1/(w·n), n being the
 * number of people: a path of k hops costs between k and k + 1 (its extra part is below (n-1)/n < 1), so fewer hops
 * always win, and among paths of as many hops the one whose ties add up to the least 1/w — the strongest — wins.
 */
export function introductionPath({ graph, nodeOf }: Network, fromId: string, toId: string): IntroductionPath {
  for (const id of [fromId, toId]) if (!nodeOf.has(id)) return { status: 'unknown-person', id };
  const from = nodeOf.get(fromId)!;
  const to = nodeOf.get(toId)!;
  if (from === to) return { status: 'same-person' };
  const n = Math.max(graph.order, 2);
  const nodes = dijkstra.bidirectional(graph, from, to, (_edge, tie) => 1 + 1 / (tie.weight * n));
  if (!nodes || nodes.length === 0) return { status: 'no-path' };
  return {
    status: 'path',
    steps: nodes.map((node, i) => ({
      ...personOf(graph, node),
      months: i === 0 ? 0 : graph.getEdgeAttribute(nodes[i - 1]!, node, 'weight'),
    })),
  };
}

/** A pair of people who would lose every path of two or fewer steps, and how strongly they were joined. */
export interface BrokenPair {
  a: NetworkPerson;
  b: NetworkPerson;
  /** Months a served with the person who leaves, and months b did. */
  monthsA: number;
  monthsB: number;
}

/** What the network loses when one person leaves it. */
export interface PathImpact {
  /** Removing the person splits their connected component. */
  articulationPoint: boolean;
  /** The size of the largest connected component with and without the person. */
  largestBefore: number;
  largestAfter: number;
  /** People (other than the person) who would no longer be in the largest component. */
  cutOff: number;
  /** How many pairs would lose every path of two or fewer steps, and the strongest of them. */
  brokenPairs: number;
  examples: BrokenPair[];
}

/**
 * What the network loses without a person: whether they are an articulation point (their neighbours fall into
 * more than one component once they are gone), how many people leave the largest component, and which pairs lose
 * every path of two or fewer steps. Only two of the person's neighbours can be such a pair (any other path of ≤ 2
 * steps avoids the person), and they are one when they are not tied and the person is their only common contact.
 */
export function pathImpact({ graph, nodeOf }: Network, personId: string, exampleLimit = 10): PathImpact {
  const largest = (g: NetworkGraph) => Math.max(0, ...connectedComponents(g).map((c) => c.length));
  const largestBefore = largest(graph);
  const id = nodeOf.get(personId);
  if (id === undefined) {
    return {
      articulationPoint: false,
      largestBefore,
      largestAfter: largestBefore,
      cutOff: 0,
      brokenPairs: 0,
      examples: [],
    };
  }
  const without = graph.copy();
  without.dropNode(id);
  const components = connectedComponents(without);
  const largestAfter = Math.max(0, ...components.map((c) => c.length));
  const componentOf = new Map<string, number>();
  components.forEach((c, i) => c.forEach((node) => componentOf.set(node, i)));
  const neighbours = graph.neighbors(id);
  const articulationPoint = new Set(neighbours.map((n) => componentOf.get(n))).size > 1;

  const inLargestBefore =
    connectedComponents(graph)
      .find((c) => c.length === largestBefore)
      ?.includes(id) ?? false;
  const cutOff = inLargestBefore ? Math.max(0, largestBefore - 1 - largestAfter) : 0;

  const weightTo = (n: string) => graph.getEdgeAttribute(id, n, 'weight');
  const idOf = (n: string) => graph.getNodeAttribute(n, 'id');
  const sorted = [...neighbours].sort((x, y) => weightTo(y) - weightTo(x) || idOf(x).localeCompare(idOf(y)));
  let brokenPairs = 0;
  const examples: BrokenPair[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    const aNeighbours = new Set(graph.neighbors(a));
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j]!;
      if (aNeighbours.has(b)) continue;
      let otherCommon = false;
      graph.someNeighbor(b, (c) => (otherCommon = c !== id && aNeighbours.has(c)));
      if (otherCommon) continue;
      brokenPairs++;
      examples.push({ a: personOf(graph, a), b: personOf(graph, b), monthsA: weightTo(a), monthsB: weightTo(b) });
    }
  }
  examples.sort(
    (x, y) =>
      Math.min(y.monthsA, y.monthsB) - Math.min(x.monthsA, x.monthsB) ||
      y.monthsA + y.monthsB - (x.monthsA + x.monthsB) ||
      x.a.name.localeCompare(y.a.name) ||
      x.b.name.localeCompare(y.b.name),
  );
  return {
    articulationPoint,
    largestBefore,
    largestAfter,
    cutOff,
    brokenPairs,
    examples: examples.slice(0, exampleLimit),
  };
}

/** One person of the network by id, or undefined. */
export function personIn({ graph, nodeOf }: Network, id: string): NetworkPerson | undefined {
  const node = nodeOf.get(id);
  return node === undefined ? undefined : personOf(graph, node);
}

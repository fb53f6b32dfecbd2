import type { NetworkGraph } from '../domain/network.ts';
import type { NetworkAnalysis } from './network-analysis.ts';

/** The most edges the picture draws; the strongest are kept, and the page says how many of how many it drew. */
export const MAX_PICTURE_EDGES = 20000;

/** Colours for departments, in order (distinguishable on white, and each at least 3:1 against it). */
const PALETTE = [
  '#3b5bdb',
  '#d9480f',
  '#2b8a3e',
  '#c2255c',
  '#6741d9',
  '#0b7285',
  '#a61e4d',
  '#5c940d',
  '#e8590c',
  '#1864ab',
  '#862e9c',
  '#087f5b',
];

/**
 * What the browser draws, in compact arrays: departments with colours; nodes as [person id, name, department index,
 * x, y, betweenness]; edges as [source index, target index, month indexes], strongest first, at most
 * MAX_PICTURE_EDGES. Arrays, not objects keyed by id, so that any person id travels safely.
 */
export interface PictureData {
  version: string;
  departments: { id: string; name: string; color: string }[];
  months: string[];
  nodes: [string, string, number, number, number, number][];
  edges: [number, number, number[]][];
  totalEdges: number;
}

/** Builds the picture's data from the network and its analysis (positions, betweenness). */
export function pictureData(
  graph: NetworkGraph,
  analysis: NetworkAnalysis,
  months: string[],
  version: string,
  maxEdges = MAX_PICTURE_EDGES,
): PictureData {
  const names = new Map<string, string>();
  graph.forEachNode((_id, person) => names.set(person.department, person.departmentName));
  const departments = [...names.entries()]
    .sort((a, b) => a[1].localeCompare(b[1]))
    .map(([id, name], i) => ({ id, name, color: PALETTE[i % PALETTE.length]! }));
  const departmentIds = new Map(departments.map((d, i) => [d.id, i]));
  const nodeIndex = new Map<string, number>();
  const nodes: PictureData['nodes'] = [];
  const round = (v: number) => Math.round(v * 100) / 100;
  graph.forEachNode((node, person) => {
    const d = departmentIds.get(person.department) ?? 0;
    const position = analysis.layout.get(person.id) ?? { x: 0, y: 0 };
    const betweenness = analysis.metrics.byPerson.get(person.id)?.betweenness ?? 0;
    nodeIndex.set(node, nodes.length);
    nodes.push([person.id, person.name, d, round(position.x), round(position.y), Number(betweenness.toPrecision(4))]);
  });
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const all = graph.mapEdges((_edge, tie, source, target) => ({ source, target, tie }));
  all.sort((a, b) => b.tie.weight - a.tie.weight);
  const edges: PictureData['edges'] = all
    .slice(0, maxEdges)
    .map(({ source, target, tie }) => [
      nodeIndex.get(source)!,
      nodeIndex.get(target)!,
      tie.months.map((m) => monthIndex.get(m) ?? 0),
    ]);
  return { version, departments, months, nodes, edges, totalEdges: all.length };
}

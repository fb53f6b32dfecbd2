import type { NetworkGraph } from '../domain/network.ts';
import type { NetworkAnalysis } from './network-analysis.ts';

/** One cell of the department × department matrix: ties that exist against pairs that could exist. */
export interface SiloCell {
  ties: number;
  possible: number;
  /** ties / possible, 0 when no pair is possible. */
  share: number;
}

/** A Louvain community set beside the departments: its size and the departments its people come from. */
export interface CommunityRow {
  number: number;
  size: number;
  departments: { name: string; people: number; share: number }[];
}

/** Where the departments meet in the network, and where the network's own groups differ from the org chart. */
export interface SiloReport {
  departments: { id: string; name: string; people: number; communities: number }[];
  /** matrix[i][j] for departments i, j in the order above; the diagonal counts pairs inside a department. */
  matrix: SiloCell[][];
  neverMeet: { a: string; b: string; possible: number }[];
  communities: CommunityRow[];
  /** People with no tie at all (each their own community), left out of the community table. */
  isolated: number;
  modularity: number;
}

/**
 * The silo report: for each pair of departments how many cross-department pairs have served together against how
 * many could have (|A|·|B|, or |A|(|A|-1)/2 inside one), the pairs of departments that never meet, and the Louvain
 * communities with the departments they are made of.
 */
export function siloReport(graph: NetworkGraph, analysis: NetworkAnalysis): SiloReport {
  const heads = new Map<string, { name: string; people: number }>();
  graph.forEachNode((_id, p) => {
    const d = heads.get(p.department) ?? { name: p.departmentName, people: 0 };
    d.people++;
    heads.set(p.department, d);
  });
  const ids = [...heads.keys()].sort((a, b) => heads.get(a)!.name.localeCompare(heads.get(b)!.name));
  const index = new Map(ids.map((id, i) => [id, i]));
  const ties = ids.map(() => ids.map(() => 0));
  graph.forEachEdge((_e, _t, _s, _d, source, target) => {
    const i = index.get(source.department)!;
    const j = index.get(target.department)!;
    ties[i]![j]!++;
    if (i !== j) ties[j]![i]!++;
  });
  const matrix = ids.map((a, i) =>
    ids.map((b, j) => {
      const na = heads.get(a)!.people;
      const nb = heads.get(b)!.people;
      const possible = i === j ? (na * (na - 1)) / 2 : na * nb;
      const count = ties[i]![j]!;
      return { ties: count, possible, share: possible > 0 ? count / possible : 0 };
    }),
  );
  const neverMeet: SiloReport['neverMeet'] = [];
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++)
      if (matrix[i]![j]!.ties === 0)
        neverMeet.push({ a: heads.get(ids[i]!)!.name, b: heads.get(ids[j]!)!.name, possible: matrix[i]![j]!.possible });

  const members = new Map<number, string[]>();
  let isolated = 0;
  graph.forEachNode((node, person) => {
    if (graph.degree(node) === 0) {
      isolated++;
      return;
    }
    const c = analysis.metrics.byPerson.get(person.id)?.community ?? 0;
    members.set(c, [...(members.get(c) ?? []), node]);
  });
  const spread = new Map<string, Set<number>>();
  const communities = [...members.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0] - b[0])
    .map(([c, people], n) => {
      const byDept = new Map<string, number>();
      for (const node of people) {
        const d = graph.getNodeAttribute(node, 'department');
        byDept.set(d, (byDept.get(d) ?? 0) + 1);
        spread.set(d, (spread.get(d) ?? new Set()).add(c));
      }
      return {
        number: n + 1,
        size: people.length,
        departments: [...byDept.entries()]
          .sort((a, b) => b[1] - a[1] || heads.get(a[0])!.name.localeCompare(heads.get(b[0])!.name))
          .map(([d, count]) => ({ name: heads.get(d)!.name, people: count, share: count / people.length })),
      };
    });
  return {
    departments: ids.map((id) => ({ id, ...heads.get(id)!, communities: spread.get(id)?.size ?? 0 })),
    matrix,
    neverMeet,
    communities,
    isolated,
    modularity: analysis.metrics.modularity,
  };
}

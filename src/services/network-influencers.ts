import type { NetworkGraph } from '../domain/network.ts';
import type { NetworkAnalysis } from './network-analysis.ts';

/** What the influencer list can be ranked by. */
export const INFLUENCER_RANKINGS = ['betweenness', 'pagerank', 'degree'] as const;

/** One of INFLUENCER_RANKINGS. */
export type InfluencerRanking = (typeof INFLUENCER_RANKINGS)[number];

/** A person with their centrality figures and their place in each ranking (1 = first). */
export interface Influencer {
  id: string;
  name: string;
  department: string;
  departmentName: string;
  degree: number;
  betweenness: number;
  pagerank: number;
  betweennessRank: number;
  pagerankRank: number;
}

/** Everyone in the network with their figures, ranked by the chosen measure (ties by the others, then name). */
export function rankInfluencers(
  graph: NetworkGraph,
  analysis: NetworkAnalysis,
  by: InfluencerRanking = 'betweenness',
): Influencer[] {
  const rows = graph.mapNodes((_node, p) => {
    const m = analysis.metrics.byPerson.get(p.id);
    return {
      id: p.id,
      name: p.name,
      department: p.department,
      departmentName: p.departmentName,
      degree: m?.degree ?? 0,
      betweenness: m?.betweenness ?? 0,
      pagerank: m?.pagerank ?? 0,
      betweennessRank: 0,
      pagerankRank: 0,
    };
  });
  const rankBy = (key: 'betweenness' | 'pagerank', into: 'betweennessRank' | 'pagerankRank') =>
    [...rows]
      .sort((a, b) => b[key] - a[key] || a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
      .forEach((r, i) => (r[into] = i + 1));
  rankBy('betweenness', 'betweennessRank');
  rankBy('pagerank', 'pagerankRank');
  const order: InfluencerRanking[] = [by, ...INFLUENCER_RANKINGS.filter((k) => k !== by)];
  return rows.sort((a, b) => {
    for (const k of order) if (b[k] !== a[k]) return b[k] - a[k];
    return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  });
}

/**
 * The influencer list as CSV rows for the app's one CSV writer (src/web/csv.ts sendCsv, which adds the BOM and
 * escapes formulas): a header `person_id,name,department,degree,betweenness,pagerank`, then everyone ranked by
 * betweenness.
 */
export function influencerCsvRows(rows: Influencer[]): (string | number)[][] {
  return [
    ['person_id', 'name', 'department', 'degree', 'betweenness', 'pagerank'],
    ...rows.map((r) => [r.id, r.name, r.departmentName, r.degree, r.betweenness, r.pagerank]),
  ];
}

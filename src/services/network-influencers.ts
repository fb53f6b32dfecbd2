import { stringify } from 'csv-stringify/sync';
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
  const rows = graph.mapNodes((id, p) => {
    const m = analysis.metrics.byPerson.get(id);
    return {
      id,
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
 * The influencer list as CSV (columns person_id,name,department,degree,betweenness,pagerank), ranked by
 * betweenness; a UTF-8 BOM so spreadsheets read names right, and cells that a spreadsheet would run as a formula
 * escaped (csv-stringify's escape_formulas).
 */
export function influencersCsv(rows: Influencer[]): string {
  const body = stringify(
    rows.map((r) => [r.id, r.name, r.departmentName, r.degree, r.betweenness, r.pagerank]),
    {
      header: true,
      columns: ['person_id', 'name', 'department', 'degree', 'betweenness', 'pagerank'],
      escape_formulas: true,
    },
  );
  return `\ufeff${body}`;
}

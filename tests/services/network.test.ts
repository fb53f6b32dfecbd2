import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildNetwork, type NetworkPerson, type NetworkTie } from '../../src/domain/network.ts';
import { analyseNetwork } from '../../src/services/network-analysis.ts';
import { rankInfluencers } from '../../src/services/network-influencers.ts';
import { pictureData } from '../../src/services/network-picture.ts';
import { computeLayout, computeMetrics, createNetworkService } from '../../src/services/network.ts';
import { cabalMembers, cabals } from '../../src/db/schema.ts';
import { freshDb, tinyStudio } from '../helpers/test-app.ts';

const person = (id: string): NetworkPerson => ({ id, name: id, department: 'eng', departmentName: 'Engineering' });
const tie = (a: string, b: string, weight = 1): NetworkTie => ({
  a,
  b,
  months: Array.from({ length: weight }, (_, i) => `2026-0${i + 1}`),
});
const graphOf = (ids: string[], ties: NetworkTie[]) => buildNetwork(ids.map(person), ties).graph;
const figures = (g: ReturnType<typeof graphOf>, key: 'betweenness' | 'pagerank' | 'degree') => {
  const m = computeMetrics(g).byPerson;
  return Object.fromEntries([...m.entries()].map(([id, v]) => [id, v[key]]));
};

describe('computeMetrics on graphs whose values are known by hand', () => {
  it('a path a-b-c: b lies on the one path between a and c', () => {
    const g = graphOf(['a', 'b', 'c'], [tie('a', 'b'), tie('b', 'c')]);
    // One pair (a, c) of the (n-1)(n-2)/2 = 1 possible pairs passes through b.
    expect(figures(g, 'betweenness')).toEqual({ a: 0, b: 1, c: 0 });
    expect(figures(g, 'degree')).toEqual({ a: 1, b: 2, c: 1 });
    // PageRank by hand (α = 0.85): b = 0.05 + 0.85(a + c), a = c = 0.05 + 0.85·b/2, so b = 0.135/0.2775.
    const pr = figures(g, 'pagerank');
    expect(pr.b).toBeCloseTo(0.135 / 0.2775, 5);
    expect(pr.a).toBeCloseTo((1 - 0.135 / 0.2775) / 2, 5);
  });

  it('PageRank follows months together: the stronger end of a weighted path ranks higher', () => {
    const g = graphOf(['a', 'b', 'c'], [tie('a', 'b', 2), tie('b', 'c', 1)]);
    // b sends 2/3 of its rank to a and 1/3 to c: a = 0.05 + 0.85·(2/3)·b, c = 0.05 + 0.85·(1/3)·b.
    const b = 0.135 / 0.2775;
    const pr = figures(g, 'pagerank');
    expect(pr.a).toBeCloseTo(0.05 + 0.85 * (2 / 3) * b, 5);
    expect(pr.c).toBeCloseTo(0.05 + 0.85 * (1 / 3) * b, 5);
  });

  it('a star: the centre lies on every path between leaves; betweenness ignores weights', () => {
    const g = graphOf(
      ['hub', 'l1', 'l2', 'l3', 'l4'],
      [tie('hub', 'l1', 5), tie('hub', 'l2'), tie('hub', 'l3'), tie('hub', 'l4')],
    );
    // C(4,2) = 6 leaf pairs out of (n-1)(n-2)/2 = 6.
    expect(figures(g, 'betweenness')).toEqual({ hub: 1, l1: 0, l2: 0, l3: 0, l4: 0 });
    expect(figures(g, 'degree').hub).toBe(4);
  });

  it('two triangles joined by a bridge: only the ends of the bridge lie between the triangles', () => {
    const g = graphOf(
      ['a', 'b', 'c', 'd', 'e', 'f'],
      [tie('a', 'b'), tie('b', 'c'), tie('a', 'c'), tie('c', 'd'), tie('d', 'e'), tie('e', 'f'), tie('d', 'f')],
    );
    // c is on the paths from a and b to d, e and f: 6 pairs of (n-1)(n-2)/2 = 10, so 0.6; likewise d.
    const bc = figures(g, 'betweenness');
    expect(bc.c).toBeCloseTo(0.6, 10);
    expect(bc.d).toBeCloseTo(0.6, 10);
    expect([bc.a, bc.b, bc.e, bc.f]).toEqual([0, 0, 0, 0]);
    // Louvain (seeded) finds the two triangles.
    const m = computeMetrics(g).byPerson;
    expect(m.get('a')!.community).toBe(m.get('c')!.community);
    expect(m.get('d')!.community).toBe(m.get('f')!.community);
    expect(m.get('a')!.community).not.toBe(m.get('f')!.community);
  });

  it('is deterministic, layout included', () => {
    const g = graphOf(
      ['a', 'b', 'c', 'd', 'e', 'f'],
      [tie('a', 'b'), tie('b', 'c'), tie('a', 'c'), tie('c', 'd'), tie('d', 'e'), tie('e', 'f'), tie('d', 'f')],
    );
    expect(computeMetrics(g)).toEqual(computeMetrics(g.copy()));
    expect(computeLayout(g)).toEqual(computeLayout(g.copy()));
  });
});

describe('createNetworkService', () => {
  async function studio() {
    const db = freshDb();
    await tinyStudio(db);
    const publish = (month: string, members: string[], status: 'draft' | 'published' = 'published') => {
      const { id } = db
        .insert(cabals)
        .values({ problemId: 'combat-feel', month, status, publishedAt: status === 'published' ? `${month}-01` : null })
        .returning({ id: cabals.id })
        .get();
      for (const personId of members)
        db.insert(cabalMembers)
          .values({ cabalId: id, personId, tags: ['outsider'] })
          .run();
    };
    return { db, publish };
  }

  it('builds edges from published cabals only, weighted by months together', async () => {
    const { db, publish } = await studio();
    publish('2026-11', ['p1', 'p2', 'p3']);
    publish('2026-12', ['p1', 'p2', 'p4']);
    publish('2027-01', ['p1', 'p5', 'p6'], 'draft');
    const network = createNetworkService(db);
    expect(network.neighbours('p1').map((c) => [c.id, c.months])).toEqual([
      ['p2', 2],
      ['p3', 1],
      ['p4', 1],
    ]);
    expect(network.neighbours('p5')).toEqual([]);
    expect(network.commonContacts('p3', 'p4').map((c) => c.id)).toEqual(['p1', 'p2']);
    expect(network.months()).toEqual(['2026-11', '2026-12']);
  });

  it('rebuilds only when the published data changed', async () => {
    const { db, publish } = await studio();
    publish('2026-11', ['p1', 'p2', 'p3']);
    const network = createNetworkService(db);
    const first = network.graph();
    expect(network.graph()).toBe(first);
    publish('2027-02', ['p4', 'p5', 'p6'], 'draft');
    expect(network.graph()).toBe(first);
    publish('2026-12', ['p4', 'p5', 'p6']);
    const second = network.graph();
    expect(second).not.toBe(first);
    expect(network.neighbours('p4').map((c) => c.id)).toEqual(['p5', 'p6']);
  });

  it('drops people who left (deactivated) from the network', async () => {
    const { db, publish } = await studio();
    publish('2026-11', ['p1', 'p2', 'p3']);
    const network = createNetworkService(db);
    expect(network.person('p3')?.id).toBe('p3');
    db.$client.prepare("update people set active = 0, hr_updated_at = '2027-01-02' where id = 'p3'").run();
    expect(network.person('p3')).toBeUndefined();
    expect(network.neighbours('p1').map((c) => c.id)).toEqual(['p2']);
  });
});

describe('computeMetrics on the demo network', () => {
  // The demo seed's published ties, with reference values computed once by NetworkX
  // (tests/fixtures/network-demo-reference.py): an independent implementation of the same definitions.
  const fixture = JSON.parse(readFileSync(new URL('../fixtures/network-demo.json', import.meta.url), 'utf8')) as {
    people: string[];
    ties: [string, string, number][];
    networkx: Record<'betweenness' | 'pagerank' | 'degree', Record<string, number>>;
  };
  const { graph } = buildNetwork(
    fixture.people.map(person),
    fixture.ties.map(([a, b, months]) => tie(a, b, months)),
  );
  const metrics = computeMetrics(graph).byPerson;

  it('matches NetworkX on degree, betweenness and PageRank for every person', () => {
    expect(metrics.size).toBe(fixture.people.length);
    let maxPagerankGap = 0;
    for (const id of fixture.people) {
      const m = metrics.get(id)!;
      expect(m.degree).toBe(fixture.networkx.degree[id]);
      expect(m.betweenness).toBeCloseTo(fixture.networkx.betweenness[id]!, 12);
      maxPagerankGap = Math.max(maxPagerankGap, Math.abs(m.pagerank - fixture.networkx.pagerank[id]!));
    }
    // graphology stops its power iteration at a tolerance of 1e-6 (summed over all people); NetworkX ran to 1e-12.
    expect(maxPagerankGap).toBeLessThan(1e-6);
  });
});

describe('the analysis of a large network', () => {
  it('runs in a worker thread, says "computing" meanwhile, and gives what the inline analysis gives', async () => {
    const db = freshDb();
    await tinyStudio(db);
    const { id } = db
      .insert(cabals)
      .values({ problemId: 'combat-feel', month: '2026-11', status: 'published', publishedAt: '2026-11-28' })
      .returning({ id: cabals.id })
      .get();
    for (const personId of ['p1', 'p2', 'p3'])
      db.insert(cabalMembers)
        .values({ cabalId: id, personId, tags: ['outsider'] })
        .run();
    const inWorker = createNetworkService(db, { inlineLimit: 0 });
    expect(inWorker.analysis()).toEqual({ state: 'computing' });
    expect(inWorker.derived('x', () => 1)).toBeUndefined();
    const analysis = await inWorker.ready();
    const inline = await createNetworkService(db).ready();
    expect(analysis.metrics).toEqual(inline.metrics);
    expect(analysis.layout).toEqual(inline.layout);
    expect(inWorker.analysis().state).toBe('ready');
    expect(inWorker.derived('x', () => 1)).toBe(1);
  });
});

describe('siloReport', () => {
  it('lists the departments that never meet and the communities with what they are made of', async () => {
    const people: NetworkPerson[] = [
      { id: 'a1', name: 'A1', department: 'a', departmentName: 'Art' },
      { id: 'a2', name: 'A2', department: 'a', departmentName: 'Art' },
      { id: 'e1', name: 'E1', department: 'e', departmentName: 'Eng' },
      { id: 'q1', name: 'Q1', department: 'q', departmentName: 'QA' },
      { id: 'q2', name: 'Q2', department: 'q', departmentName: 'QA' },
    ];
    const { graph } = buildNetwork(people, [tie('a1', 'a2'), tie('a1', 'e1'), tie('a2', 'e1'), tie('q1', 'q2')]);
    const { siloReport } = await import('../../src/services/network-silos.ts');
    const report = siloReport(graph, { metrics: computeMetrics(graph), layout: new Map(), metricsMs: 0, layoutMs: 0 });
    expect(report.departments.map((d) => [d.name, d.people])).toEqual([
      ['Art', 2],
      ['Eng', 1],
      ['QA', 2],
    ]);
    expect(report.matrix[0]![1]).toEqual({ ties: 2, possible: 2, share: 1 });
    expect(report.matrix[0]![0]).toEqual({ ties: 1, possible: 1, share: 1 });
    expect(report.neverMeet).toEqual([
      { a: 'Art', b: 'QA', possible: 4 },
      { a: 'Eng', b: 'QA', possible: 2 },
    ]);
    expect(report.communities.map((c) => [c.size, c.departments.map((d) => `${d.name} ${d.people}`)])).toEqual([
      [3, ['Art 2', 'Eng 1']],
      [2, ['QA 2']],
    ]);
  });
});

describe('people whose ids are object members', () => {
  // A path __proto__ – constructor – toString, and hasOwnProperty alone.
  const { graph } = buildNetwork(['__proto__', 'constructor', 'toString', 'hasOwnProperty'].map(person), [
    tie('__proto__', 'constructor', 2),
    tie('constructor', 'toString'),
  ]);

  it('gets metrics and a position under each person id', () => {
    const analysis = analyseNetwork(graph);
    const m = analysis.metrics.byPerson;
    expect([...m.keys()].sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
    expect(m.get('constructor')).toMatchObject({ degree: 2, betweenness: 1 / 3 });
    expect(m.get('__proto__')).toMatchObject({ degree: 1, betweenness: 0 });
    expect(m.get('hasOwnProperty')).toMatchObject({ degree: 0, betweenness: 0 });
    expect([...analysis.layout.keys()].sort()).toEqual([...m.keys()].sort());
    expect([...analysis.layout.values()].every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
  });

  it('ranks them as influencers and draws them in the picture by id', () => {
    const analysis = analyseNetwork(graph);
    const rows = rankInfluencers(graph, analysis, 'degree');
    expect(rows.map((r) => [r.id, r.degree])).toEqual([
      ['constructor', 2],
      ['__proto__', 1],
      ['toString', 1],
      ['hasOwnProperty', 0],
    ]);
    const picture = pictureData(graph, analysis, ['2026-01', '2026-02'], 'v1');
    const ids = picture.nodes.map((n) => n[0]);
    expect(ids).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty']);
    expect(picture.edges.map(([s, t, months]) => [ids[s], ids[t], months])).toEqual([
      ['__proto__', 'constructor', [0, 1]],
      ['constructor', 'toString', [0]],
    ]);
  });
});

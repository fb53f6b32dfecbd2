// The cabal network on a large studio: how long building the network and its metrics takes, and p95 of the
// network pages. It seeds the studio (no planner), writes 12 published months of rotations quickly
// (bench/network-studio.ts), and never fails on time.
// Usage: npx tsx bench/network.ts [--people 3000] [--problems 150] [--months 12] [--requests 20]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { migrateDb, openDb } from '../src/db/client.ts';
import { fixedClock } from '../src/domain/clock.ts';
import { createNetworkService } from '../src/services/network.ts';
import { seedStudio } from '../src/services/seed.ts';
import { writeSyntheticHistory } from './network-studio.ts';
import { percentile, serveApp, signIn, timeRequests } from './server.ts';
import { markdownTable } from './table.ts';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '3000' },
    problems: { type: 'string', default: '150' },
    months: { type: 'string', default: '12' },
    requests: { type: 'string', default: '20' },
  },
});
const requests = Number(values.requests);
const clock = fixedClock('2027-01-15T10:00:00Z');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cabal-bench-network-'));
const db = openDb(path.join(dir, 'bench.sqlite'));
migrateDb(db);
await seedStudio(db, clock, {
  people: Number(values.people),
  problems: Number(values.problems),
  seed: 11,
  historyMonths: 0,
});
writeSyntheticHistory(db, '2027-01', Number(values.months));
// Two draft months ahead, so the impact page judges real upcoming cabals.
writeSyntheticHistory(db, '2027-03', 2, 7, 'draft');

// Build times, on a fresh service so nothing is cached; the analysis runs inline here to time it alone.
const builds: string[][] = [];
const service = createNetworkService(db, { inlineLimit: Number.POSITIVE_INFINITY });
let t = performance.now();
const graph = service.graph();
builds.push([
  'graph (query + graphology)',
  (performance.now() - t).toFixed(0),
  `${graph.order} people, ${graph.size} edges`,
]);
t = performance.now();
const analysis = await service.ready();
builds.push([
  'metrics (betweenness, PageRank, Louvain)',
  analysis.metricsMs.toFixed(0),
  `${analysis.metrics.communities} communities`,
]);
builds.push(['layout (ForceAtlas2)', analysis.layoutMs.toFixed(0), '']);
t = performance.now();
for (let i = 0; i < 1000; i++) service.graph();
builds.push([
  'freshness check per request',
  ((performance.now() - t) / 1000).toFixed(3),
  'no write since the last check',
]);

// The pages, through a real server; the app's own network service analyses in its worker on the first request.
const server = await serveApp(db, clock);
const { base } = server;
const manager = await signIn(base, 'manager@demo.cabal');
const lead = await signIn(base, 'lead@demo.cabal');

// Wait for the worker's analysis (the first picture request starts it), and note how long the page waited.
t = performance.now();
while ((await fetch(`${base}/network/picture.json`, { headers: { cookie: manager.cookie } })).status === 202)
  await new Promise((r) => setTimeout(r, 200));
const warm = performance.now() - t;

const rows: string[][] = [];
async function time(what: string, url: string, session: { cookie: string }): Promise<void> {
  const timed = await timeRequests(base, url, session, requests);
  const q = (p: number) => percentile(timed.times, p).toFixed(1);
  rows.push([what, String(timed.status), String(requests), q(0.5), q(0.95), (timed.bytes / 1024).toFixed(0)]);
}
const hub = [...analysis.metrics.byPerson.entries()].sort((a, b) => b[1].betweenness - a[1].betweenness)[0]![0];
await time('/network', '/network', manager);
await time('/network/picture.json', '/network/picture.json', manager);
await time('/network/influencers', '/network/influencers', manager);
await time('/network/departments', '/network/departments', manager);
await time(
  '/network/path',
  `/network/path?from=${hub}&to=${graph.getNodeAttribute(graph.nodes().at(-1)!, 'id')}`,
  manager,
);
await time(`/people/${hub}/impact`, `/people/${hub}/impact`, lead);
await time(`/people/${hub} (person page)`, `/people/${hub}`, manager);
await server.close();

console.log(
  `\nNetwork: ${values.people} people × ${values.problems} problems, ${values.months} published months (machine load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)\n`,
);
console.log(markdownTable(['build', 'ms', 'size'], builds));
console.log(`\nFirst picture after start: ready after ${(warm / 1000).toFixed(1)} s (analysis in the worker).\n`);
console.log(markdownTable(['page', 'status', 'n', 'p50 ms', 'p95 ms', 'KiB'], rows));
fs.rmSync(dir, { recursive: true, force: true });

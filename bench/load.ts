// The load table: each page under N concurrent connections (default 50) for D seconds (default 10) with autocannon,
// against the app started as production starts it (NODE_ENV=production: compiled templates cached) in its own
// process on loopback, on a generated studio (default 3000 people × 150 problems, `npm run seed`). The load generator
// runs in this process, beside the server. Prints requests/s, p50, p95, p99 and errors per page; never fails on time.
// Besides the pages the issue names it loads the network pages (/network, /network/influencers, a person's impact
// page) once the network's analysis is ready.
// Usage: npx tsx bench/load.ts [--db seeded.sqlite] [--people 3000] [--problems 150] [--connections 50]
//          [--duration 10] [--pages dashboard,coverage] [--cpu-prof DIR]
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import autocannon from 'autocannon';
import { openDb } from '../src/db/client.ts';
import { systemClock } from '../src/domain/clock.ts';
import { regenerateFeedToken } from '../src/services/calendar.ts';
import { cpuSeconds, percentile, signIn, spawnServer } from './server.ts';
import { markdownTable } from './table.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    people: { type: 'string', default: '3000' },
    problems: { type: 'string', default: '150' },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    pages: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});
const connections = Number(values.connections);
const duration = Number(values.duration);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cabal-bench-load-'));
const file = path.join(dir, 'load.sqlite');
const run = promisify(execFile);
if (values.db) fs.copyFileSync(values.db, file);
else {
  process.stderr.write(`Seeding ${values.people} people × ${values.problems} problems…\n`);
  await run(
    process.execPath,
    ['--import', 'tsx', 'src/cli/seed.ts', '--people', values.people!, '--problems', values.problems!, '--db', file],
    { env: { ...process.env, NODE_ENV: 'development' } },
  );
}

// Facts the requests need, read before the server starts: who signs in, which problem and person to open, a feed.
const db = openDb(file);
const one = <T>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as T;
const personOf = (email: string) => one<{ id: string }>(`select person_id id from users where email = ?`, email).id;
const employee = personOf('employee@demo.cabal');
const problem = one<{ id: string }>(
  `select p.id from problems p join cabals c on c.problem_id = p.id where p.status = 'active'
   group by p.id order by count(*) desc, p.id limit 1`,
).id;
const person = one<{ id: string }>(
  `select m.person_id id from cabal_members m join people p on p.id = m.person_id where p.active = 1
   group by m.person_id order by count(*) desc, m.person_id limit 1`,
).id;
const searchWord = one<{ w: string }>(`select substr(name, 1, 3) w from people where active = 1 order by id limit 1`).w;
const token = regenerateFeedToken(db, systemClock, employee);
const studio = `${one<{ n: number }>('select count(*) n from people').n} people × ${one<{ n: number }>('select count(*) n from problems').n} problems`;
db.$client.close();

const server = await spawnServer(file, { cpuProfDir: values['cpu-prof'] });
const { base } = server;

interface Page {
  name: string;
  url: string;
  cookie: string;
}

/** Loads one page for the set duration; every response's time is kept, so p95 is exact rather than bucketed. */
async function load(page: Page): Promise<string[]> {
  // One request first, so a cache filled on first use is measured warm, as users meet it.
  const first = await fetch(base + page.url, { headers: { cookie: page.cookie }, redirect: 'manual' });
  const bytes = (await first.arrayBuffer()).byteLength;
  const times: number[] = [];
  const cpuBefore = cpuSeconds(server.pid);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: base + page.url, connections, duration, timeout: 10, headers: { cookie: page.cookie } },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  const cpuAfter = cpuSeconds(server.pid);
  // Server CPU per request does not depend on what else the machine runs, unlike latency: it says what a page costs.
  const cpuMs =
    cpuBefore === undefined || cpuAfter === undefined || result.requests.total === 0
      ? ''
      : ((1000 * (cpuAfter - cpuBefore)) / result.requests.total).toFixed(2);
  times.sort((a, b) => a - b);
  const errors = result.errors + result.timeouts + result.non2xx;
  process.stderr.write(`${page.name}: ${(result.requests.total / duration).toFixed(0)} req/s\n`);
  return [
    page.name,
    page.url.replace(token, '<token>'),
    (result.requests.total / duration).toFixed(0),
    percentile(times, 0.5).toFixed(1),
    percentile(times, 0.95).toFixed(1),
    percentile(times, 0.99).toFixed(1),
    String(errors),
    cpuMs,
    `${first.status}, ${(bytes / 1024).toFixed(0)}`,
  ];
}

const rows: string[][] = [];
const notes: string[] = [];
try {
  const cookies = {
    employee: (await signIn(base, 'employee@demo.cabal')).cookie,
    manager: (await signIn(base, 'manager@demo.cabal')).cookie,
  };
  const pages: Page[] = [
    { name: 'dashboard (manager)', url: '/', cookie: cookies.manager },
    { name: 'problem list', url: '/problems', cookie: cookies.employee },
    { name: 'problem page', url: `/problems/${problem}`, cookie: cookies.employee },
    { name: 'my rotation', url: '/me/rotation', cookie: cookies.employee },
    { name: 'coverage', url: '/coverage', cookie: cookies.manager },
    { name: 'person page', url: `/people/${person}`, cookie: cookies.employee },
    { name: 'people search', url: `/people?q=${encodeURIComponent(searchWord)}`, cookie: cookies.employee },
    { name: 'calendar feed', url: `/calendar/${token}.ics`, cookie: '' },
    { name: 'network', url: '/network', cookie: cookies.employee },
    { name: 'network influencers', url: '/network/influencers', cookie: cookies.manager },
    { name: 'impact page', url: `/people/${person}/impact`, cookie: cookies.manager },
  ];
  // The network pages read the analysis a worker computes after start-up: wait for it, as a user would see it.
  for (let i = 0; i < 600; i++) {
    const res = await fetch(`${base}/network/picture.json`, { headers: { cookie: cookies.manager } });
    await res.arrayBuffer();
    if (res.status !== 202) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const chosen = values.pages?.split(',');
  for (const page of pages) {
    if (chosen && !chosen.some((c) => page.name.startsWith(c))) continue;
    const probe = await fetch(base + page.url, { headers: { cookie: page.cookie }, redirect: 'manual' });
    await probe.arrayBuffer();
    if (probe.status === 404) {
      notes.push(`${page.name} (${page.url}) skipped: the app answers 404 (the page does not exist in this version).`);
      continue;
    }
    rows.push(await load(page));
  }
} finally {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

const load1 = os.loadavg()[0]!.toFixed(1);
console.log(
  `\nLoad on ${studio} (machine load average ${load1}): ${connections} connections × ${duration} s per page, autocannon beside a NODE_ENV=production server on loopback (${os.cpus().length} cores)`,
);
console.log(
  markdownTable(
    ['page', 'url', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'server CPU ms/req', 'status, KiB'],
    rows,
  ),
);
for (const n of notes) console.log(`- ${n}`);

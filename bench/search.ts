// Times the people search and person pages over HTTP on a generated studio, one request at a time, and prints
// p50/p95 per query: a skill, a name prefix, a two-word query, an htmx fragment and a person page. Never fails on time.
// Usage: npx tsx bench/search.ts [--people 3000] [--problems 150] [--requests 50]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { migrateDb, openDb } from '../src/db/client.ts';
import { tagCounts } from '../src/db/repos/search.ts';
import { systemClock } from '../src/domain/clock.ts';
import { DEMO_PASSWORD } from '../src/services/demo.ts';
import { seedStudio } from '../src/services/seed.ts';
import { markdownTable } from './table.ts';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '3000' },
    problems: { type: 'string', default: '150' },
    requests: { type: 'string', default: '50' },
  },
});
const requests = Number(values.requests);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cabal-bench-search-'));
const file = path.join(dir, 'bench.sqlite');
const db = openDb(file);
migrateDb(db);
await seedStudio(db, systemClock, { people: Number(values.people), problems: Number(values.problems), seed: 11 });
const config = { ...loadConfig({ SEED_DEMO: '0', NODE_ENV: 'production' }), databasePath: file };
const app = createApp({ db, config, clock: systemClock, log: (e) => console.error(e) });
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const form = await fetch(`${base}/login`);
const seedCookie = form.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
const login = await fetch(`${base}/login`, {
  method: 'POST',
  redirect: 'manual',
  headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: seedCookie },
  body: new URLSearchParams({ email: 'employee@demo.cabal', password: DEMO_PASSWORD, _csrf: csrf }),
});
const cookie = [seedCookie, ...login.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');

const one = <T>(sql: string) => db.$client.prepare(sql).get() as T;
const skill = tagCounts(db).skills[0]!.tag;
const name = one<{ name: string }>('select name from people where active = 1 order by id limit 1').name;
const busiest = one<{ id: string }>(
  `select m.person_id id from cabal_members m join cabals c on c.id = m.cabal_id
   where c.status = 'published' group by m.person_id order by count(*) desc limit 1`,
).id;
const cases: [string, string, Record<string, string>?][] = [
  [`skill "${skill}"`, `/people?q=${encodeURIComponent(skill)}`],
  [`name prefix "${name.slice(0, 3)}"`, `/people?q=${encodeURIComponent(name.slice(0, 3))}`],
  [`two words "${name.split(' ')[0]} ${skill}"`, `/people?q=${encodeURIComponent(`${name.split(' ')[0]} ${skill}`)}`],
  [`skill "${skill}", htmx fragment`, `/people?q=${encodeURIComponent(skill)}`, { 'HX-Request': 'true' }],
  [`skill "${skill}", page 5`, `/people?q=${encodeURIComponent(skill)}&page=5`, { 'HX-Request': 'true' }],
  ['directory, no query', '/people'],
  ['person page (most cabal months)', `/people/${encodeURIComponent(busiest)}`],
];

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const rows: string[][] = [];
for (const [label, url, headers] of cases) {
  const times: number[] = [];
  let status = 0;
  let matches = '';
  for (let i = 0; i < requests + 3; i++) {
    const start = performance.now();
    const res = await fetch(`${base}${url}`, { headers: { cookie, ...headers } });
    const body = await res.text();
    const ms = performance.now() - start;
    status = res.status;
    matches = /(\d+) (?:people|person)(?: match)?/.exec(body)?.[1] ?? '';
    if (i >= 3) times.push(ms); // the first requests warm caches and the template engine
  }
  times.sort((a, b) => a - b);
  rows.push([label, String(status), matches, pct(times, 50).toFixed(1), pct(times, 95).toFixed(1)]);
}
const people = one<{ n: number }>('select count(*) n from people').n;
console.log(`People search on ${people} people, ${requests} sequential requests each (ms):\n`);
console.log(markdownTable(['request', 'status', 'matches', 'p50 ms', 'p95 ms'], rows));
server.close();
db.$client.close();
fs.rmSync(dir, { recursive: true, force: true });

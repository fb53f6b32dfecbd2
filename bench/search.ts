// Times the people search and person pages over HTTP on a generated studio, one request at a time, and prints
// p50/p95 per query: a skill, a name prefix, a two-word query, an htmx fragment and a person page. Never fails on time.
// Usage: npx tsx bench/search.ts [--people 3000] [--problems 150] [--requests 50]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { migrateDb, openDb } from '../src/db/client.ts';
import { tagCounts } from '../src/db/repos/search.ts';
import { systemClock } from '../src/domain/clock.ts';
import { seedStudio } from '../src/services/seed.ts';
import { percentile, serveApp, signIn, timeRequests } from './server.ts';
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
const server = await serveApp(db, systemClock, { config: { databasePath: file } });
const { base } = server;
const session = await signIn(base, 'employee@demo.cabal');
const admin = await signIn(base, 'admin@demo.cabal');

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
  [
    `admin's name picker "${name.slice(0, 3)}"`,
    `/people/choices?q=${encodeURIComponent(name.slice(0, 3))}`,
    { 'HX-Request': 'true' },
  ],
];

const rows: string[][] = [];
for (const [label, url, headers] of cases) {
  const who = url.startsWith('/people/choices') ? admin : session;
  const timed = await timeRequests(base, url, who, requests, { headers, warm: 3 });
  const matches =
    /(\d+) (?:people|person)(?: match)?/.exec(timed.body)?.[1] ??
    String((timed.body.match(/name="personId"/g) ?? []).length);
  rows.push([
    label,
    String(timed.status),
    matches,
    percentile(timed.times, 0.5).toFixed(1),
    percentile(timed.times, 0.95).toFixed(1),
  ]);
}
const people = one<{ n: number }>('select count(*) n from people').n;
console.log(
  `People search on ${people} people, ${requests} sequential requests each after 3 to warm up (ms; machine load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores):\n`,
);
console.log(markdownTable(['request', 'status', 'matches', 'p50 ms', 'p95 ms'], rows));
await server.close();
db.$client.close();
fs.rmSync(dir, { recursive: true, force: true });

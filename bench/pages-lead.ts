// Times the studio lead's pages and actions on a large seeded studio and prints a table: the problem list, a
// problem's timeline, the plan page, a 3-month plan run through the worker (with the progress widget's polls),
// ranked candidates, a replacement, a pin with its re-plan, the plan JSON download and publishing a month.
// It works on a copy of the database, so the seeded file is left as it was. Benchmarks print; they never fail on time.
// Usage:
//   npm run seed -- --people 3000 --problems 150 --db /tmp/lead-large.sqlite --reset
//   npx tsx bench/pages-lead.ts --db /tmp/lead-large.sqlite [--requests 10] [--months 3]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { migrateDb, openDb } from '../src/db/client.ts';
import { listPlanMonths } from '../src/db/repos/cabals.ts';
import { systemClock } from '../src/domain/clock.ts';
import { DEMO_PASSWORD } from '../src/services/demo.ts';
import { nextPlanMonth } from '../src/services/planning.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    requests: { type: 'string', default: '10' },
    months: { type: 'string', default: '3' },
  },
});
if (!values.db) throw new Error('bench: pass --db <seeded sqlite file>');
const requests = Number(values.requests);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cabal-bench-lead-'));
const file = path.join(dir, 'bench.sqlite');
fs.copyFileSync(values.db, file);
const db = openDb(file);
migrateDb(db);
const count = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;
console.log(
  `Studio: ${count('select count(*) n from people')} people, ${count('select count(*) n from problems')} problems, ${count('select count(*) n from cabals')} cabals`,
);

const config = { ...loadConfig({ SEED_DEMO: '0', NODE_ENV: 'production' }), databasePath: file };
const app = createApp({ db, config, clock: systemClock, log: (e) => console.error(e) });
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const login = await fetch(`${base}/login`);
let cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())![1]!;
const signedIn = await fetch(`${base}/login`, {
  method: 'POST',
  redirect: 'manual',
  headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
  body: new URLSearchParams({ email: 'lead@demo.cabal', password: DEMO_PASSWORD, _csrf: csrf }),
});
cookie = [cookie, ...signedIn.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
const lead = db.$client.prepare(`select person_id id from users where email = 'lead@demo.cabal'`).get() as {
  id: string;
};

const rows: { what: string; n: number; median: number; max: number; bytes: number }[] = [];

async function time(what: string, url: string, n = requests, init: RequestInit = {}): Promise<Response> {
  console.error(`… ${what}`);
  const times: number[] = [];
  let last: Response | undefined;
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    last = await fetch(`${base}${url}`, { redirect: 'manual', ...init, headers: { cookie, ...(init.headers ?? {}) } });
    bytes = (await last.clone().arrayBuffer()).byteLength;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  rows.push({ what, n, median: times[Math.floor(times.length / 2)], max: times.at(-1)!, bytes });
  if (last!.status >= 400) console.error(`bench: ${url} answered ${last!.status}`);
  return last!;
}

const post = (body: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
  body: new URLSearchParams({ ...body, _csrf: csrf }),
});

/** Follows a run's widget as htmx would (one poll a second would be slower; this polls every 100 ms) until it stops. */
async function followRun(what: string, location: string): Promise<void> {
  const t = performance.now();
  const polls: number[] = [];
  let status = 'running';
  while (status === 'running') {
    const p = performance.now();
    const res = await fetch(`${base}${location}`, { headers: { cookie, 'HX-Request': 'true' } });
    const text = await res.text();
    polls.push(performance.now() - p);
    status = /data-status="(\w+)"/.exec(text)?.[1] ?? 'unknown';
    if (status === 'running') await new Promise((r) => setTimeout(r, 100));
  }
  polls.sort((a, b) => a - b);
  console.log(
    `${what}: ${status} in ${((performance.now() - t) / 1000).toFixed(1)} s; ${polls.length} widget polls, median ${polls[Math.floor(polls.length / 2)].toFixed(1)} ms, max ${polls.at(-1)!.toFixed(1)} ms`,
  );
}

const mine = db.$client
  .prepare(`select id from problems where lead_person_id = ? and status = 'active' order by start_month, id limit 1`)
  .get(lead.id) as { id: string };
await time('GET /problems', '/problems');
await time('GET /problems/new', '/problems/new');
await time('GET /problems/people-search?q=an', '/problems/people-search?q=an', requests, {
  headers: { 'HX-Request': 'true' },
});
await time(`GET /problems/${mine.id} (published only)`, `/problems/${mine.id}`);
await time('GET /plans (no drafts)', '/plans');

const started = await time(
  `POST /plans/runs (${values.months} months)`,
  '/plans/runs',
  1,
  post({ months: String(values.months) }),
);
await followRun(`Plan run of ${values.months} months`, started.headers.get('location')!);

await time(`GET /problems/${mine.id} (with drafts)`, `/problems/${mine.id}`);
await time('GET /plans (with drafts)', '/plans');
await time(`GET /problems/${mine.id}/plan.json`, `/problems/${mine.id}/plan.json`);
const firstDraft = listPlanMonths(db, { status: 'draft' })[0];
const month = firstDraft.month;
const members = firstDraft.cabals.find((c) => c.problem === mine.id)!.members;
const out = members[0].person;
await time(
  'GET …/members/:person/candidates',
  `/problems/${mine.id}/months/${month}/members/${out}/candidates`,
  requests,
  { headers: { 'HX-Request': 'true' } },
);
const page = await (
  await fetch(`${base}/problems/${mine.id}/months/${month}/members/${out}/candidates`, {
    headers: { cookie, 'HX-Request': 'true' },
  })
).text();
const candidate = /<tr class="candidate" data-person="([^"]+)"/.exec(page)?.[1];
if (candidate)
  await time(
    'POST …/members/:person/replacement',
    `/problems/${mine.id}/months/${month}/members/${out}/replacement`,
    1,
    post({ candidate }),
  );
const pinned = await time(
  'POST …/months/:month/pins (exclude)',
  `/problems/${mine.id}/months/${month}/pins`,
  1,
  post({ person: members[1].person, mode: 'exclude' }),
);
await followRun('Re-plan after the pin', `/plans/runs/${/run=(\d+)/.exec(pinned.headers.get('location') ?? '')?.[1]}`);
await time(`POST /plans/months/${month}/publication`, `/plans/months/${month}/publication`, 1, post({}));
await time(`GET /problems/${mine.id} (after publishing)`, `/problems/${mine.id}`);

// An impossible problem: a required skill nobody holds. The run must answer infeasible and leave the drafts alone.
const nextMonth = nextPlanMonth(db, systemClock);
const draftsBefore = count(`select count(*) n from cabals where status = 'draft'`);
await time(
  'POST /problems (impossible skill)',
  '/problems',
  1,
  post({
    title: 'Impossible bench problem',
    affectedDepartments: (db.$client.prepare('select id from departments order by id limit 1').get() as { id: string })
      .id,
    'skills[0][skill]': 'no-such-skill',
    'skills[0][minLevel]': '3',
    sizeMin: '5',
    sizeMax: '7',
    minAffected: '2',
    minOutsiders: '2',
    minDepartments: '3',
    startMonth: nextMonth,
    status: 'active',
  }),
);
const impossible = await time('POST /plans/runs (3 months, impossible)', '/plans/runs', 1, post({ months: '3' }));
await followRun('Plan run with the impossible problem', impossible.headers.get('location')!);
console.log(`Drafts before ${draftsBefore}, after ${count(`select count(*) n from cabals where status = 'draft'`)}`);

console.log('\n| request | n | median ms | max ms | KiB |\n| --- | ---: | ---: | ---: | ---: |');
for (const r of rows)
  console.log(`| ${r.what} | ${r.n} | ${r.median.toFixed(1)} | ${r.max.toFixed(1)} | ${(r.bytes / 1024).toFixed(0)} |`);
server.close();
db.$client.close();
fs.rmSync(dir, { recursive: true, force: true });

// Times every page and action of the web app on a large studio, as each role uses it, and prints one table:
// the pages of all four roles, the calendar feed and CSVs, a plan run followed through its progress widget, the
// lead's candidates, replacement, pin with re-plan and publish, and an impossible problem answered infeasible.
// It never fails on time. It works on a temporary database: a fresh generated studio, or a copy of --db.
// Usage: npx tsx bench/pages.ts [--people 3000] [--problems 150] [--db seeded.sqlite] [--requests 20] [--months 3]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { migrateDb, openDb } from '../src/db/client.ts';
import { listPlanMonths } from '../src/db/repos/cabals.ts';
import { systemClock } from '../src/domain/clock.ts';
import { regenerateFeedToken } from '../src/services/calendar.ts';
import { nextPlanMonth } from '../src/services/planning/index.ts';
import { seedStudio } from '../src/services/seed.ts';
import { percentile, serveApp, signIn as signInAt, type BenchSession } from './server.ts';
import { markdownTable } from './table.ts';

type Role = 'employee' | 'lead' | 'manager' | 'admin' | 'anonymous';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '3000' },
    problems: { type: 'string', default: '150' },
    db: { type: 'string' },
    requests: { type: 'string', default: '20' },
    months: { type: 'string', default: '3' },
  },
});
const requests = Number(values.requests);
const months = Number(values.months);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cabal-bench-pages-'));
const file = path.join(dir, 'bench.sqlite');
if (values.db) fs.copyFileSync(values.db, file);
const db = openDb(file);
migrateDb(db);
if (!values.db)
  await seedStudio(db, systemClock, { people: Number(values.people), problems: Number(values.problems), seed: 11 });
const count = (sql: string, ...args: unknown[]) => (db.$client.prepare(sql).get(...args) as { n: number }).n;
const studio = `${count('select count(*) n from people')} people × ${count('select count(*) n from problems')} problems`;

const server = await serveApp(db, systemClock, { config: { databasePath: file } });
const { base } = server;
const signIn = (email: string) => signInAt(base, email);
const sessions: Record<Role, BenchSession> = {
  employee: await signIn('employee@demo.cabal'),
  lead: await signIn('lead@demo.cabal'),
  manager: await signIn('manager@demo.cabal'),
  admin: await signIn('admin@demo.cabal'),
  anonymous: { cookie: '', csrf: '' },
};

const rows: string[][] = [];
const notes: string[] = [];

/** Requests a URL n times as a role and records p50, p95, max and size; returns the last response. */
async function time(role: Role, what: string, url: string, n = requests, init: RequestInit = {}): Promise<Response> {
  const times: number[] = [];
  let last!: Response;
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    last = await fetch(base + url, {
      redirect: 'manual',
      ...init,
      headers: { cookie: sessions[role].cookie, ...(init.headers as Record<string, string>) },
    });
    bytes = (await last.clone().arrayBuffer()).byteLength;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => percentile(times, p).toFixed(1);
  rows.push([
    role,
    what,
    String(last.status),
    String(n),
    q(0.5),
    q(0.95),
    times.at(-1)!.toFixed(1),
    (bytes / 1024).toFixed(0),
  ]);
  return last;
}

/** A form POST as a role, with its CSRF token. */
const post = (role: Role, body: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ ...body, _csrf: sessions[role].csrf }),
});

/** Follows a plan run's widget as htmx does (polling every 100 ms here) until it settles; notes the figures. */
async function followRun(what: string, location: string): Promise<void> {
  const t = performance.now();
  const polls: number[] = [];
  let status = 'running';
  let text = '';
  while (status === 'running') {
    const p = performance.now();
    const res = await fetch(base + location, { headers: { cookie: sessions.lead.cookie, 'HX-Request': 'true' } });
    text = await res.text();
    polls.push(performance.now() - p);
    status = /data-status="(\w+)"/.exec(text)?.[1] ?? 'unknown';
    if (status === 'running') await new Promise((r) => setTimeout(r, 100));
  }
  polls.sort((a, b) => a - b);
  // A scoped run plans what it can and lists the problems it left out, each with its proof, as "Not planned: N".
  const leftOut = /Not planned: (\d+)/.exec(text)?.[1];
  notes.push(
    `${what}: ${status}${leftOut ? ` (${leftOut} problem(s) left out as infeasible)` : ''} in ${((performance.now() - t) / 1000).toFixed(1)} s; ${polls.length} widget polls, p50 ${polls[Math.floor(polls.length / 2)]!.toFixed(1)} ms, max ${polls.at(-1)!.toFixed(1)} ms`,
  );
}

const leadPerson = (
  db.$client.prepare(`select person_id id from users where email = 'lead@demo.cabal'`).get() as { id: string }
).id;
const mine = (
  db.$client
    .prepare(`select id from problems where lead_person_id = ? and status = 'active' order by start_month, id limit 1`)
    .get(leadPerson) as { id: string }
).id;
const token = regenerateFeedToken(
  db,
  systemClock,
  (db.$client.prepare(`select person_id id from users where email = 'employee@demo.cabal'`).get() as { id: string }).id,
);

// Before any draft: the lead's pages on published history only.
await time('lead', 'problem page (published only)', `/problems/${mine}`);
await time('lead', 'new problem form', '/problems/new');
await time('lead', 'people search (htmx)', '/problems/people-search?q=an', requests, {
  headers: { 'HX-Request': 'true' },
});

// A plan run through the web, as the lead's button starts it, then every page with drafts in place.
const started = await time(
  'lead',
  `POST /plans/runs (${months} months)`,
  '/plans/runs',
  1,
  post('lead', { months: String(months) }),
);
await followRun(`Plan run of ${months} months`, started.headers.get('location')!);
const span = db.$client.prepare('select min(month) first, max(month) last from cabals').get() as {
  first: string;
  last: string;
};

await time('employee', 'dashboard', '/');
await time('employee', 'problem list', '/problems');
await time('employee', 'my rotation', '/me/rotation');
await time('employee', 'my profile', '/me/profile');
await time('anonymous', 'calendar feed', `/calendar/${token}.ics`);
await time('lead', 'dashboard', '/');
await time('lead', 'problem page (with drafts)', `/problems/${mine}`);
await time('lead', 'plan page', '/plans');
await time('lead', 'plan.json download', `/problems/${mine}/plan.json`);
await time('manager', 'dashboard', '/');
await time('manager', 'coverage (whole schedule)', '/coverage');
await time('manager', 'coverage (one month)', `/coverage?from=${span.last}&to=${span.last}`);
await time('manager', 'coverage (published only)', `/coverage?from=${span.first}&to=${span.last}&status=published`);
for (const table of ['matrix', 'shares', 'absent', 'participation', 'never-served', 'burnout']) {
  await time('manager', `${table}.csv`, `/coverage/${table}.csv?from=${span.first}&to=${span.last}&status=all`);
}
await time('admin', 'admin page', '/admin');

// The lead's edits on the first draft month: candidates, a replacement, a pin with its re-plan, and publishing.
const firstDraft = listPlanMonths(db, { status: 'draft' })[0]!;
const members = firstDraft.cabals.find((c) => c.problem === mine)!.members;
const member = `/problems/${mine}/months/${firstDraft.month}/members/${members[0]!.person}`;
const candidates = await time('lead', 'ranked candidates (htmx)', `${member}/candidates`, requests, {
  headers: { 'HX-Request': 'true' },
});
const candidate = /<tr class="candidate" data-person="([^"]+)"/.exec(await candidates.text())?.[1];
if (candidate) await time('lead', 'POST replacement', `${member}/replacement`, 1, post('lead', { candidate }));
const pinned = await time(
  'lead',
  'POST pin (exclude) + re-plan start',
  `/problems/${mine}/months/${firstDraft.month}/pins`,
  1,
  post('lead', { person: members[1]!.person, mode: 'exclude' }),
);
await followRun('Re-plan after the pin', `/plans/runs/${/run=(\d+)/.exec(pinned.headers.get('location') ?? '')?.[1]}`);
await time(
  'lead',
  `POST publish ${firstDraft.month}`,
  `/plans/months/${firstDraft.month}/publication`,
  1,
  post('lead', {}),
);

// An impossible problem (a required skill nobody holds): the lead's run leaves it out as infeasible, keeps its
// drafts, and plans the lead's other problems.
const draftsBefore = count(`select count(*) n from cabals where status = 'draft'`);
await time(
  'lead',
  'POST impossible problem',
  '/problems',
  1,
  post('lead', {
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
    startMonth: nextPlanMonth(db, systemClock),
    status: 'active',
  }),
);
const impossible = await time('lead', 'POST /plans/runs (impossible)', '/plans/runs', 1, post('lead', { months: '3' }));
await followRun('Plan run with the impossible problem', impossible.headers.get('location')!);
notes.push(
  `Drafts before the impossible run ${draftsBefore}, after ${count(`select count(*) n from cabals where status = 'draft'`)}`,
);
await server.close();

console.log(
  `\nPages on ${studio} (${span.first}..${span.last}); ${requests} sequential requests per page; peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
);
console.log(markdownTable(['role', 'request', 'status', 'n', 'p50 ms', 'p95 ms', 'max ms', 'KiB'], rows));
for (const n of notes) console.log(`- ${n}`);
db.$client.close();
fs.rmSync(dir, { recursive: true, force: true });

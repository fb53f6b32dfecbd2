// Times the employee pages (rotation, profile, calendar feed) and the manager's coverage pages and CSVs on a large
// seeded studio, and prints a table. It works on a copy of the database, so the seeded file is left as it was.
// Usage:
//   npm run seed -- --people 3000 --problems 150 --db /tmp/me-large.sqlite --reset
//   npx tsx bench/pages-employee-manager.ts --db /tmp/me-large.sqlite [--requests 20]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { migrateDb, openDb } from '../src/db/client.ts';
import { writePlanMonths } from '../src/db/repos/cabals.ts';
import { systemClock } from '../src/domain/clock.ts';
import { planRequest } from '../src/planner/index.ts';
import { regenerateFeedToken } from '../src/services/calendar.ts';
import { DEMO_PASSWORD } from '../src/services/demo.ts';
import { buildPlanRequest, nextPlanMonth } from '../src/services/planning.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    requests: { type: 'string', default: '20' },
    drafts: { type: 'string', default: '3' },
  },
});
if (!values.db) throw new Error('bench: pass --db <seeded sqlite file>');
const requests = Number(values.requests);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cabal-bench-me-'));
const file = path.join(dir, 'bench.sqlite');
fs.copyFileSync(values.db, file);
const db = openDb(file);
migrateDb(db);
const count = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;

// Drafts for the coming months, as a lead's planning run would leave them, so upcoming months and streaks are real.
if (count(`select count(*) n from cabals where status = 'draft'`) === 0 && Number(values.drafts) > 0) {
  const t = performance.now();
  const first = nextPlanMonth(db, systemClock);
  const result = await planRequest(buildPlanRequest(db, first, Number(values.drafts)));
  if (result.status !== 'planned') throw new Error(`bench: planning the drafts failed: ${result.message}`);
  db.transaction((tx) => writePlanMonths(tx, result.plan.months, 'draft', new Date().toISOString()));
  console.log(
    `Planned ${values.drafts} draft months from ${first} in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}
const employee = db.$client.prepare(`select person_id id from users where email = 'employee@demo.cabal'`).get() as {
  id: string;
};
const token = regenerateFeedToken(db, systemClock, employee.id);
const span = db.$client.prepare('select min(month) first, max(month) last from cabals').get() as {
  first: string;
  last: string;
};
console.log(
  `Studio: ${count('select count(*) n from people')} people, ${count('select count(*) n from problems')} problems, ` +
    `${count('select count(*) n from cabals')} cabals, ${count('select count(*) n from cabal_members')} seats, months ${span.first}..${span.last}; ` +
    `the employee holds ${count(`select count(*) n from cabal_members where person_id = '${employee.id}'`)} seats`,
);

const config = { ...loadConfig({ SEED_DEMO: '0', NODE_ENV: 'production' }), databasePath: file };
const app = createApp({ db, config, clock: systemClock, log: (e) => console.error(e) });
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** Signs in through the login form and returns the cookie header to reuse. */
async function signIn(email: string): Promise<string> {
  const form = await fetch(`${base}/login`);
  const seed = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: seed },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, _csrf: csrf }),
  });
  if (res.status !== 303) throw new Error(`bench: sign-in of ${email} failed (${res.status})`);
  return [seed, ...res.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
}
const cookies: Record<string, string> = {
  employee: await signIn('employee@demo.cabal'),
  manager: await signIn('manager@demo.cabal'),
  anonymous: '',
};

const all = `from=${span.first}&to=${span.last}&status=all`;
const cases: { role: string; path: string }[] = [
  { role: 'employee', path: '/me/rotation' },
  { role: 'employee', path: '/me/profile' },
  { role: 'anonymous', path: `/calendar/${token}.ics` },
  { role: 'manager', path: '/coverage' },
  { role: 'manager', path: `/coverage?from=${span.last}&to=${span.last}` },
  { role: 'manager', path: `/coverage?from=${span.first}&to=${span.last}&status=published` },
  ...['matrix', 'shares', 'absent', 'participation', 'never-served', 'burnout'].map((t) => ({
    role: 'manager',
    path: `/coverage/${t}.csv?${all}`,
  })),
  // Published months only leave most of the studio unserved: the longest never-served list.
  { role: 'manager', path: `/coverage/never-served.csv?from=${span.first}&to=${span.last}&status=published` },
];

const rows: string[][] = [];
for (const c of cases) {
  const times: number[] = [];
  let status = 0;
  let bytes = 0;
  for (let i = 0; i < requests; i++) {
    const t = performance.now();
    const res = await fetch(base + c.path, { headers: { cookie: cookies[c.role]! }, redirect: 'manual' });
    bytes = (await res.arrayBuffer()).byteLength;
    times.push(performance.now() - t);
    status = res.status;
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
  const shown = c.path.replace(token, '<token>');
  rows.push([
    c.role,
    shown.length > 70 ? `${shown.slice(0, 67)}...` : shown,
    String(status),
    q(0.5),
    q(0.95),
    times.at(-1)!.toFixed(1),
    (bytes / 1024).toFixed(0),
  ]);
}
server.close();

const head = ['role', 'page', 'status', 'p50 ms', 'p95 ms', 'max ms', 'KiB'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => `| ${r.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
console.log(
  `\n${requests} sequential requests per page; peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
);
console.log(line(head));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));
fs.rmSync(dir, { recursive: true, force: true });

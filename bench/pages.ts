// Times every page of the app on a large generated studio, as each role sees it, and prints a table.
// Usage: npx tsx bench/pages.ts [--people 3000] [--problems 150] [--requests 20]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { migrateDb, openDb } from '../src/db/client.ts';
import { writePlanMonths } from '../src/db/repos/cabals.ts';
import { currentMonth, systemClock } from '../src/domain/clock.ts';
import { planRequest } from '../src/planner/index.ts';
import { DEMO_PASSWORD } from '../src/services/demo.ts';
import { buildPlanRequest, nextPlanMonth } from '../src/services/planning.ts';
import { seedStudio } from '../src/services/seed.ts';

/** One page to time: who asks for it and where it is. */
interface PageCase {
  role: 'employee' | 'lead' | 'manager' | 'admin';
  path: string;
  headers?: Record<string, string>;
}

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '3000' },
    problems: { type: 'string', default: '150' },
    requests: { type: 'string', default: '20' },
  },
});
const size = { people: Number(values.people), problems: Number(values.problems) };
const requests = Number(values.requests);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cabal-bench-'));
const db = openDb(path.join(dir, 'bench.sqlite'));
migrateDb(db);
const t0 = performance.now();
const seeded = await seedStudio(db, systemClock, { ...size, seed: 11 });
const first = nextPlanMonth(db, systemClock);
const result = await planRequest(buildPlanRequest(db, first, 3));
if (result.status !== 'planned') throw new Error(`bench: planning the drafts failed: ${result.message}`);
db.transaction((tx) => writePlanMonths(tx, result.plan.months, 'draft', new Date().toISOString()));
console.log(
  `Studio: ${seeded.people} people, ${seeded.problems} problems, 2 published + 3 draft months (${((performance.now() - t0) / 1000).toFixed(1)} s to build)`,
);

const config = { ...loadConfig({ SEED_DEMO: '0', NODE_ENV: 'production' }), databasePath: ':memory:' };
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

const cookies = Object.fromEntries(
  await Promise.all(
    (['employee', 'lead', 'manager', 'admin'] as const).map(async (r) => [r, await signIn(`${r}@demo.cabal`)] as const),
  ),
);
const lead = seeded.accounts.find((a) => a.role === 'lead')!;
const led = db.$client.prepare('select id from problems where lead_person_id = ? limit 1').get(lead.personId) as {
  id: string;
};
const month = currentMonth(systemClock);

const cases: PageCase[] = [
  { role: 'employee', path: '/' },
  { role: 'employee', path: '/problems' },
  { role: 'lead', path: '/' },
  { role: 'lead', path: `/problems/${led.id}` },
  { role: 'lead', path: '/plans' },
  { role: 'manager', path: '/' },
  { role: 'admin', path: '/admin' },
  { role: 'employee', path: '/me/rotation' },
  { role: 'employee', path: '/me/profile' },
  { role: 'manager', path: `/coverage?from=${first}&to=${first}` },
  { role: 'manager', path: `/coverage?from=${month}&to=${first}` },
];

const rows: string[][] = [];
for (const c of cases) {
  const times: number[] = [];
  let status = 0;
  let bytes = 0;
  for (let i = 0; i < requests; i++) {
    const t = performance.now();
    const res = await fetch(base + c.path, { headers: { cookie: cookies[c.role]!, ...c.headers }, redirect: 'manual' });
    bytes = (await res.arrayBuffer()).byteLength;
    times.push(performance.now() - t);
    status = res.status;
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
  rows.push([c.role, c.path, String(status), q(0.5), q(0.95), times.at(-1)!.toFixed(1), (bytes / 1024).toFixed(0)]);
}
server.close();

const head = ['role', 'page', 'status', 'p50 ms', 'p95 ms', 'max ms', 'KiB'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => `| ${r.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
console.log(
  `\nPages on ${size.people} people × ${size.problems} problems, ${requests} sequential requests each; peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
);
console.log(line(head));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));
fs.rmSync(dir, { recursive: true, force: true });

// The load table: each page under N concurrent connections (default 50) for D seconds (default 10) with autocannon,
// against the app started as production starts it (NODE_ENV=production: compiled templates cached) in its own
// process on loopback, on a generated studio (default 3000 people × 150 problems, `npm run seed`). The load generator
// runs in this process, beside the server. Prints requests/s, p50, p95, p99 and errors per page; never fails on time.
// Usage: npx tsx bench/load.ts [--db seeded.sqlite] [--people 3000] [--problems 150] [--connections 50]
//          [--duration 10] [--pages dashboard,coverage] [--cpu-prof DIR]
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import autocannon from 'autocannon';
import { openDb } from '../src/db/client.ts';
import { systemClock } from '../src/domain/clock.ts';
import { regenerateFeedToken } from '../src/services/calendar.ts';
import { DEMO_PASSWORD } from '../src/services/demo.ts';
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

/** A port nobody listens on now, on loopback. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(
  process.execPath,
  [
    ...(values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : []),
    '--import',
    'tsx',
    'src/main.ts',
  ],
  {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DEMO: '1',
      SEED_DEMO: '0',
      PORT: String(port),
      DATABASE_PATH: file,
      PUBLIC_URL: base,
      SESSION_SECRET: randomBytes(32).toString('hex'),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
const exited = new Promise((resolve) => server.once('exit', resolve));

/** Waits until the server answers, or gives up after 60 s. */
async function ready(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`${base}/login`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('bench: the server did not start within 60 s');
}

/** Signs in through the login form; returns the cookie header. */
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

interface Page {
  name: string;
  url: string;
  cookie: string;
}

/** The CPU seconds the server process has used (user + system), from /proc; undefined where there is none. */
function serverCpuSeconds(): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // Fields 14 and 15 of stat (11 and 12 after the name): utime and stime in clock ticks, 100 per second on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** The latency percentile p (0..1) of sorted times, in ms. */
const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : NaN;

/** Loads one page for the set duration; every response's time is kept, so p95 is exact rather than bucketed. */
async function load(page: Page): Promise<string[]> {
  // One request first, so a cache filled on first use is measured warm, as users meet it.
  const first = await fetch(base + page.url, { headers: { cookie: page.cookie }, redirect: 'manual' });
  const bytes = (await first.arrayBuffer()).byteLength;
  const times: number[] = [];
  const cpuBefore = serverCpuSeconds();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: base + page.url, connections, duration, timeout: 10, headers: { cookie: page.cookie } },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  const cpuAfter = serverCpuSeconds();
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
  await ready();
  const cookies = { employee: await signIn('employee@demo.cabal'), manager: await signIn('manager@demo.cabal') };
  const pages: Page[] = [
    { name: 'dashboard (manager)', url: '/', cookie: cookies.manager },
    { name: 'problem list', url: '/problems', cookie: cookies.employee },
    { name: 'problem page', url: `/problems/${problem}`, cookie: cookies.employee },
    { name: 'my rotation', url: '/me/rotation', cookie: cookies.employee },
    { name: 'coverage', url: '/coverage', cookie: cookies.manager },
    { name: 'person page', url: `/people/${person}`, cookie: cookies.employee },
    { name: 'people search', url: `/people?q=${encodeURIComponent(searchWord)}`, cookie: cookies.employee },
    { name: 'calendar feed', url: `/calendar/${token}.ics`, cookie: '' },
  ];
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
  server.kill('SIGTERM');
  await exited;
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

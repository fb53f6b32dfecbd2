// What every benchmark that talks HTTP needs, in one place: the app served on loopback (in this process, or in its
// own process as production runs it), a signed-in session through the real login form, the server's CPU time, and
// percentiles of request times. bench/pages.ts, bench/load.ts, bench/search.ts and bench/network.ts all use it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { createApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import type { Db } from '../src/db/client.ts';
import type { Clock } from '../src/domain/clock.ts';
import { DEMO_PASSWORD } from '../src/services/demo.ts';
import type { NetworkService } from '../src/services/network.ts';

/** A running server: its base URL (`http://127.0.0.1:PORT`) and how to stop it. */
export interface BenchServer {
  base: string;
  /** The server's process id when it runs in its own process. */
  pid?: number;
  close(): Promise<void>;
}

/**
 * Serves the app on a migrated database as production does (NODE_ENV=production: compiled templates cached; the
 * demo accounts allowed) on a free loopback port, in this process; `options.config` overrides settings.
 */
export async function serveApp(
  db: Db,
  clock: Clock,
  options: { config?: Partial<Config>; network?: NetworkService } = {},
): Promise<BenchServer> {
  const config = {
    ...loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'http://localhost', DEMO: '1' }),
    databasePath: ':memory:',
    ...options.config,
  };
  const app = createApp({ db, config, clock, network: options.network, log: (e) => console.error(e) });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nobody listens on now, on loopback. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Starts `src/main.ts` in its own process as production runs it (NODE_ENV=production, templates cached, demo
 * accounts allowed so the bench can sign in) on the database file, and waits until it answers (60 s at most).
 * `cpuProfDir` writes a V8 CPU profile there when the server stops.
 */
export async function spawnServer(file: string, options: { cpuProfDir?: string } = {}): Promise<BenchServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      ...(options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : []),
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
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`${base}/login`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { base, pid: child.pid, close };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await close();
  throw new Error('bench: the server did not start within 60 s');
}

/** The CPU seconds a process has used (user + system), from /proc; undefined where there is none. */
export function cpuSeconds(pid: number = process.pid): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // Fields 14 and 15 of stat (11 and 12 after the name): utime and stime in clock ticks, 100 per second on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** A signed-in session: the cookie header to send and a CSRF token for its forms. */
export interface BenchSession {
  cookie: string;
  csrf: string;
}

/**
 * Signs in through the login form (a demo account and the demo password by default) and returns the session's
 * cookie header and the CSRF token that goes with it; throws when the login page or the sign-in fails.
 */
export async function signIn(base: string, email: string, password = DEMO_PASSWORD): Promise<BenchSession> {
  const form = await fetch(`${base}/login`);
  const loginCsrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!loginCsrf) throw new Error('bench: the login page has no CSRF token');
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      jar.set(pair!.split('=')[0]!, pair!);
    }
  };
  keep(form);
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...jar.values()].join('; ') },
    body: new URLSearchParams({ email, password, _csrf: loginCsrf }),
  });
  if (res.status !== 303) throw new Error(`bench: sign-in of ${email} failed (${res.status})`);
  // Signing in rotates the CSRF seed: keep the newest value of each cookie and read the token from a fresh page.
  keep(res);
  const cookie = [...jar.values()].join('; ');
  const page = await (await fetch(`${base}/me/password`, { headers: { cookie } })).text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '' };
}

/** The p-th percentile (0..1) of ascending times, nearest rank; NaN for none. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]! : NaN;
}

/** Sequential requests to one URL: the last status and size, and every time (ms, ascending). */
export interface Timed {
  status: number;
  bytes: number;
  body: string;
  times: number[];
}

/**
 * Requests a URL `n` times one after another with a session's cookie, after `warm` untimed requests (caches filled on
 * first use are measured warm, as people meet them); returns the times in ms, ascending.
 */
export async function timeRequests(
  base: string,
  url: string,
  session: Pick<BenchSession, 'cookie'>,
  n: number,
  options: { headers?: Record<string, string>; warm?: number } = {},
): Promise<Timed> {
  const times: number[] = [];
  let status = 0;
  let body = '';
  const warm = options.warm ?? 1;
  for (let i = 0; i < n + warm; i++) {
    const start = performance.now();
    const res = await fetch(base + url, {
      headers: { cookie: session.cookie, ...options.headers },
      redirect: 'manual',
    });
    body = await res.text();
    const ms = performance.now() - start;
    status = res.status;
    if (i >= warm) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return { status, bytes: Buffer.byteLength(body), body, times };
}

// What every HTTP benchmark needs, in one place: the app served in this process on a loopback port, a signed-in
// session through the real login form, and percentiles of sequential request times. The load table (bench/load.ts)
// serves the app from its own process, so it can use signIn and percentile with its own base URL.
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import type { Db } from '../src/db/client.ts';
import type { Clock } from '../src/domain/clock.ts';
import { DEMO_PASSWORD } from '../src/services/demo.ts';
import type { NetworkService } from '../src/services/network.ts';

/** The app serving a benchmark: its base URL and how to stop it. */
export interface BenchServer {
  base: string;
  close(): Promise<void>;
}

/**
 * Serves the app on a database as production does (NODE_ENV=production: compiled templates cached; the demo
 * accounts allowed) on a free loopback port, in this process.
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
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A signed-in session: the cookie header to send and a CSRF token for its forms. */
export interface BenchSession {
  cookie: string;
  csrf: string;
}

/** Signs in through the login form (a demo account by default) and returns the session's cookie and CSRF token. */
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
  const page = await (await fetch(`${base}/`, { headers: { cookie } })).text();
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

// What every benchmark that talks HTTP needs: a server on loopback (in this process, or in its own process as
// `npm start` runs it) and signed-in sessions. One copy here, so the benches start and sign in the same way.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { createApp } from '../src/app.ts';
import type { Config } from '../src/config.ts';
import type { Db } from '../src/db/client.ts';
import type { Clock } from '../src/domain/clock.ts';
import { DEMO_PASSWORD } from '../src/services/demo.ts';

/** A running server: its base URL (`http://127.0.0.1:PORT`) and how to stop it. */
export interface BenchServer {
  base: string;
  /** The server's process id when it runs in its own process. */
  pid?: number;
  close(): Promise<void>;
}

/** Serves the app on a migrated database in this process, on a free loopback port. */
export async function serveInProcess(db: Db, config: Config, clock: Clock): Promise<BenchServer> {
  const app = createApp({ db, config, clock, log: (e) => console.error(e) });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
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

/**
 * Signs in through the login form with the demo password (or `password`); returns the cookie header to send and
 * the CSRF token that goes with it (sign-in rotates the CSRF seed, so the token is read from a page after it).
 */
export async function signIn(
  base: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<{ cookie: string; csrf: string }> {
  const form = await fetch(`${base}/login`);
  const loginCsrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const jar = new Map<string, string>();
  const keep = (setCookies: string[]) => {
    for (const c of setCookies) {
      const [pair] = c.split(';');
      jar.set(pair!.split('=')[0]!, pair!);
    }
  };
  keep(form.headers.getSetCookie());
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...jar.values()].join('; ') },
    body: new URLSearchParams({ email, password, _csrf: loginCsrf }),
  });
  if (res.status !== 303) throw new Error(`bench: sign-in of ${email} failed (${res.status})`);
  keep(res.headers.getSetCookie());
  const cookie = [...jar.values()].join('; ');
  const page = await (await fetch(`${base}/me/password`, { headers: { cookie } })).text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '' };
}

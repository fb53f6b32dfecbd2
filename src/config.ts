import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * Which proxies to believe about the client's address: nobody (false), a number of hops, or addresses and subnets
 * (`loopback`, `uniquelocal`, `10.0.0.0/8`, ...). Passed to Express's `trust proxy` setting as it is.
 */
export type TrustProxy = false | number | string[];

/** The app's configuration, read once from the environment at start-up. */
export interface Config {
  port: number;
  databasePath: string;
  /** NODE_ENV as given; `production` turns the demo off unless DEMO=1 and makes PUBLIC_URL required. */
  nodeEnv: string;
  /** True when NODE_ENV=production. */
  production: boolean;
  /** Compiled templates are cached, except in development (`npm run dev`) where views reload on every request. */
  viewCache: boolean;
  /**
   * Demo allowed: seed the demo studio into an empty database and list its accounts on the login page. DEMO=1 or
   * DEMO=0 says it explicitly; unset, it is on except in production.
   */
  demo: boolean;
  /** Secret that signs CSRF tokens and (through a derived key) the notice cookie; random per process when unset. */
  sessionSecret: string | undefined;
  /** Mark cookies Secure (behind https). */
  secureCookies: boolean;
  sessionDays: number;
  /** Failed sign-ins allowed per account (email) in a 15-minute window. */
  loginAttemptsPerWindow: number;
  /** Failed sign-ins allowed per client address in a 15-minute window (an office behind one address shares it). */
  loginAttemptsPerIp: number;
  /** Which proxies may tell the client's address through X-Forwarded-For; off by default. */
  trustProxy: TrustProxy;
  /** The absolute base URL (no trailing slash) of links sent out: calendar feeds, feed URLs. */
  publicUrl: string;
}

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One TRUST_PROXY entry: a name Express knows, an IP address, or an address with a prefix length. */
function proxyEntryOk(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): TrustProxy => {
    if (['', '0', 'false', 'no'].includes(v)) return false;
    if (/^\d+$/.test(v)) return Number(v);
    const list = v.split(',').map((s) => s.trim());
    const bad = list.filter((s) => !proxyEntryOk(s));
    if (bad.length) {
      ctx.addIssue({
        code: 'custom',
        message: `"${bad.join(', ')}" is not a hop count, an IP address, a subnet or loopback/linklocal/uniquelocal`,
      });
      return z.NEVER;
    }
    return list;
  });

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default('./data/cabal.sqlite'),
  NODE_ENV: z.string().default(''),
  DEMO: flag.optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SECURE_COOKIES: flag.default(false),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  LOGIN_ATTEMPTS: z.coerce.number().int().min(1).max(10_000).default(10),
  LOGIN_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(200),
  TRUST_PROXY: trustProxy.default(false),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL, such as https://cabal.example.com' })
    .optional(),
});

/** Thrown when an environment variable has a bad value; main.ts prints it and exits. */
export class ConfigError extends Error {}

/** Parses and checks the environment once; a bad or missing value throws a ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.PUBLIC_URL) {
    throw new ConfigError(
      'invalid configuration:\n  PUBLIC_URL: required when NODE_ENV=production (the address people open, such as https://cabal.example.com); links in calendar feeds are built from it',
    );
  }
  return {
    port: e.PORT,
    databasePath: e.DATABASE_PATH === ':memory:' ? ':memory:' : path.resolve(e.DATABASE_PATH),
    nodeEnv: e.NODE_ENV,
    production,
    viewCache: e.NODE_ENV !== 'development',
    demo: e.DEMO ?? !production,
    sessionSecret: e.SESSION_SECRET,
    secureCookies: e.SECURE_COOKIES,
    sessionDays: e.SESSION_DAYS,
    loginAttemptsPerWindow: e.LOGIN_ATTEMPTS,
    loginAttemptsPerIp: e.LOGIN_ATTEMPTS_PER_IP,
    trustProxy: e.TRUST_PROXY,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
  };
}

import path from 'node:path';
import { z } from 'zod';

/** The app's configuration, read once from the environment at start-up. */
export interface Config {
  port: number;
  databasePath: string;
  /** DEMO=1 forces demo mode; otherwise demo mode follows whether the app seeded the demo itself. */
  demo: boolean;
  /** Seed the demo studio when the database is empty. */
  seedDemo: boolean;
  /** Secret that signs CSRF tokens; random per process when unset. */
  sessionSecret: string | undefined;
  /** Mark cookies Secure (behind https). */
  secureCookies: boolean;
  sessionDays: number;
  /** Login attempts allowed per IP in a 15-minute window. */
  loginAttemptsPerWindow: number;
  publicUrl: string | undefined;
  nodeEnv: string;
}

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default('./data/cabal.sqlite'),
  DEMO: flag.default(false),
  SEED_DEMO: flag.default(true),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SECURE_COOKIES: flag.default(false),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  LOGIN_ATTEMPTS: z.coerce.number().int().min(1).max(10_000).default(10),
  PUBLIC_URL: z.url().optional(),
  NODE_ENV: z.string().default('development'),
});

/** Thrown when an environment variable has a bad value; main.ts prints it and exits. */
export class ConfigError extends Error {}

/** Parses and checks the environment once; a bad value throws a ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    databasePath: e.DATABASE_PATH === ':memory:' ? ':memory:' : path.resolve(e.DATABASE_PATH),
    demo: e.DEMO,
    seedDemo: e.SEED_DEMO,
    sessionSecret: e.SESSION_SECRET,
    secureCookies: e.SECURE_COOKIES,
    sessionDays: e.SESSION_DAYS,
    loginAttemptsPerWindow: e.LOGIN_ATTEMPTS,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    nodeEnv: e.NODE_ENV,
  };
}

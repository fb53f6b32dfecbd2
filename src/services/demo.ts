import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { getSetting } from '../db/repos/settings.ts';
import { findAccountByEmail } from '../db/repos/users.ts';

/** The setting that records that this database was seeded with the demo studio by the app itself. */
export const DEMO_SEEDED_KEY = 'demo-seeded';

/** The shared password of the demo accounts; they exist only in a demo database. */
export const DEMO_PASSWORD = 'demo';

/** The demo accounts, one per role, shown on the login page in demo mode. */
export const DEMO_ACCOUNTS = [
  { role: 'admin', email: 'admin@demo.cabal', roles: ['admin'] },
  { role: 'lead', email: 'lead@demo.cabal', roles: ['lead'] },
  { role: 'manager', email: 'manager@demo.cabal', roles: ['manager'] },
  { role: 'employee', email: 'employee@demo.cabal', roles: [] },
] as const;

const DEMO_EMAILS = new Set<string>(DEMO_ACCOUNTS.map((a) => a.email));

/**
 * Demo mode is on when the configuration allows the demo (DEMO=1, or DEMO unset outside production) and this
 * database holds the demo the app seeded itself. Only then are the demo accounts listed and allowed to sign in.
 */
export function isDemoMode(db: Db, config: Config): boolean {
  return config.demo && getSetting(db, DEMO_SEEDED_KEY) === '1';
}

/** Tells whether an email is one of the demo accounts' (whose password is public). */
export function isDemoEmail(email: string): boolean {
  return DEMO_EMAILS.has(email.trim().toLowerCase());
}

/** The demo accounts present in a database, by email: in production these are a hole to close. */
export function demoAccountsIn(db: Db): string[] {
  return DEMO_ACCOUNTS.map((a) => a.email).filter((email) => findAccountByEmail(db, email) !== undefined);
}

/**
 * The start-up warning for a production server, or undefined when there is nothing to warn about: demo mode was
 * forced on with DEMO=1, or demo accounts (with their public password) exist in the database.
 */
export function productionDemoWarning(db: Db, config: Config): string | undefined {
  if (!config.production) return undefined;
  const present = demoAccountsIn(db);
  if (config.demo)
    return `WARNING: DEMO=1 with NODE_ENV=production: the demo accounts (${present.join(', ') || 'none yet'}) can sign in with the public password "${DEMO_PASSWORD}". Unset DEMO for a real installation.`;
  if (present.length)
    return `WARNING: this production database holds demo accounts (${present.join(', ')}) whose password "${DEMO_PASSWORD}" is public. They are refused at sign-in while DEMO is off; start from a fresh database (or delete them) for a real installation.`;
  return undefined;
}

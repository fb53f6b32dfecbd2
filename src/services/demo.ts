import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { getSetting } from '../db/repos/settings.ts';

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

/** Demo mode is on when DEMO=1 or when the app seeded this database with the demo itself. */
export function isDemoMode(db: Db, config: Config): boolean {
  return config.demo || getSetting(db, DEMO_SEEDED_KEY) === '1';
}

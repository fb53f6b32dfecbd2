import type { Db } from '../db/client.ts';
import { accountCount, studioFigures, type StudioFigures } from '../db/repos/dashboard.ts';
import type { Month } from '../domain/month.ts';
import type { StudioCache } from './studio-cache.ts';

/**
 * The studio's headline counts for a month, from the cache until the studio's data changes; accounts are counted
 * on each call, since opening an account does not move the data version.
 */
export function dashboardFigures(db: Db, cache: StudioCache, month: Month): StudioFigures {
  return { ...cache.get(`figures:${month}`, () => studioFigures(db, month)), accounts: accountCount(db) };
}

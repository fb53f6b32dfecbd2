import type { Db } from '../db/client.ts';
import { dataVersion } from '../db/repos/data-version.ts';

/**
 * Results computed from the studio's data (the coverage report, the problem list, studio figures), kept until that
 * data changes. It lives as long as the app (built in createApp, passed in the app context).
 *
 * Invalidation: every write to people, departments, problems, cabals, pins or the policy bumps a version counter in
 * the database (triggers, so a publish, a plan run, a plan or HR import, a swap, from this process or another, all
 * count); each read compares versions first, and an entry computed at an older version is computed again.
 */
export class StudioCache {
  private readonly entries = new Map<string, { version: number; value: unknown }>();

  /** `maxEntries` bounds memory: the oldest entry goes when a new key would exceed it. */
  constructor(
    private readonly db: Db,
    private readonly maxEntries = 64,
  ) {}

  /** The value cached under a key at the current data version, or what `compute` returns (then cached). */
  get<T>(key: string, compute: () => T): T {
    const version = dataVersion(this.db);
    const hit = this.entries.get(key);
    if (hit && hit.version === version) return hit.value as T;
    const value = compute();
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}

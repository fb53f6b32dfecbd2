import type { Db } from '../db/client.ts';
import { dataVersion } from '../db/repos/data-version.ts';

/**
 * Results computed from the studio's data (the coverage report, the problem list and pages, studio figures,
 * calendar feeds), kept until that data changes. It lives as long as the app (built in createApp, passed in the
 * app context), never in a module global.
 *
 * Invalidation: every write to people, departments, problems, cabals, pins or the policy bumps a version counter in
 * the database (triggers, so a publish, a plan run, a plan or HR import, a swap, from this process or another, all
 * count); each read compares versions first, and an entry computed at an older version is computed again.
 */
export class StudioCache {
  private readonly spaces = new Map<string, Map<string, { version: number; value: unknown }>>();

  /**
   * Keys are `<space>:<rest>`; each space holds at most `limits[space]` entries (else `maxEntries`), the oldest
   * going first, so that a few large results (coverage reports) cannot crowd out many small ones.
   */
  constructor(
    private readonly db: Db,
    private readonly maxEntries = 500,
    private readonly limits: Readonly<Record<string, number>> = { coverage: 16, 'coverage-html': 16 },
  ) {}

  /** The value cached under a key at the current data version, or what `compute` returns (then cached). */
  get<T>(key: string, compute: () => T): T {
    const version = dataVersion(this.db);
    const name = key.slice(0, key.indexOf(':') >>> 0);
    let space = this.spaces.get(name);
    if (!space) this.spaces.set(name, (space = new Map()));
    const hit = space.get(key);
    if (hit && hit.version === version) return hit.value as T;
    const value = compute();
    space.delete(key);
    space.set(key, { version, value });
    const limit = Object.hasOwn(this.limits, name) ? this.limits[name]! : this.maxEntries;
    if (space.size > limit) space.delete(space.keys().next().value!);
    return value;
  }
}

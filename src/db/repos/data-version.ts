import type { Db } from '../client.ts';

/**
 * The version of the studio's data: a counter that triggers (drizzle/0002_data-version.sql) bump on every write to
 * people, departments, problems, cabals, pins or the policy, in any process. Equal versions mean equal data. Read on
 * every cached page, so it runs straight on better-sqlite3 rather than through the query builder.
 */
export function dataVersion(db: Db): number {
  const row = db.$client.prepare('select version from data_version where id = 1').get() as
    { version: number } | undefined;
  return row?.version ?? 0;
}

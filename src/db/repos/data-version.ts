import { sql } from 'drizzle-orm';
import type { Conn } from '../client.ts';

/**
 * The version of the studio's data: a counter that triggers (drizzle/0002_data-version.sql) bump on every write to
 * people, departments, problems, cabals, pins or the policy, in any process. Equal versions mean equal data.
 */
export function dataVersion(db: Conn): number {
  const row = db.get<{ version: number }>(sql`select version from data_version where id = 1`);
  return row?.version ?? 0;
}

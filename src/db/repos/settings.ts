import { eq } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import { appSettings } from '../schema.ts';

/** Reads an installation setting. */
export function getSetting(db: Conn, key: string): string | undefined {
  return db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, key)).get()?.value;
}

/** Writes an installation setting. */
export function setSetting(db: Conn, key: string, value: string): void {
  db.insert(appSettings).values({ key, value }).onConflictDoUpdate({ target: appSettings.key, set: { value } }).run();
}

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../db/client.ts';

/** What a finished backup holds: its path, size in bytes, and the result of SQLite's integrity check on the copy. */
export interface BackupResult {
  path: string;
  bytes: number;
  integrity: string;
}

/**
 * Copies the live database to a new file with SQLite's online backup API (better-sqlite3's `backup()`), which is
 * consistent while the app serves and plans: the copy is one moment of the database (the backup restarts when another
 * connection writes mid-copy). `pagesPerStep` lets other work run between steps. The copy is then opened read-only
 * and checked with `PRAGMA integrity_check`. Refuses to overwrite an existing file.
 */
export async function backupDatabase(db: Db, destination: string, pagesPerStep = 1000): Promise<BackupResult> {
  const target = path.resolve(destination);
  if (fs.existsSync(target)) throw new Error(`backup: ${target} already exists; choose a new file name`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    await db.$client.backup(target, { progress: () => pagesPerStep });
  } catch (cause) {
    fs.rmSync(target, { force: true });
    throw new Error(`backup: unable to copy the database to ${target}`, { cause });
  }
  const copy = new Database(target, { readonly: true });
  try {
    const integrity = (copy.pragma('integrity_check', { simple: true }) as string) ?? 'unknown';
    return { path: target, bytes: fs.statSync(target).size, integrity };
  } finally {
    copy.close();
  }
}

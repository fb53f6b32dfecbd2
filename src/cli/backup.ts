import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { openDb } from '../db/client.ts';
import { backupDatabase } from '../services/backup.ts';

const USAGE = `usage: npm run backup -- FILE [--db PATH]
  Writes a consistent copy of the live database (DATABASE_PATH, or --db) to FILE with SQLite's online backup;
  safe while the app serves and plans. Refuses to overwrite FILE. To restore: stop the app, replace the database
  file with the copy (and delete any -wal and -shm files beside it), start the app.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { db: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help || positionals.length !== 1) {
    (values.help ? console.log : console.error)(USAGE);
    return values.help ? 0 : 1;
  }
  const config = loadConfig(values.db ? { ...process.env, DATABASE_PATH: values.db } : process.env);
  if (config.databasePath === ':memory:') {
    console.error('backup: DATABASE_PATH is :memory:; there is no file to back up');
    return 1;
  }
  if (!fs.existsSync(config.databasePath)) {
    console.error(`backup: there is no database at ${config.databasePath}`);
    return 1;
  }
  const db = openDb(config.databasePath);
  try {
    const result = await backupDatabase(db, positionals[0]!);
    console.log(
      `Backed up ${config.databasePath} to ${result.path} (${(result.bytes / 2 ** 20).toFixed(1)} MiB); integrity check: ${result.integrity}`,
    );
    return result.integrity === 'ok' ? 0 : 1;
  } finally {
    db.$client.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(
      err instanceof ConfigError || (err instanceof Error && err.message.startsWith('backup:')) ? err.message : err,
    );
    process.exit(1);
  },
);

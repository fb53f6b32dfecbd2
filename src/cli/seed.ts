import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { migrateDb, openDb } from '../db/client.ts';
import { systemClock } from '../domain/clock.ts';
import { DEMO_STUDIO, seedStudio } from '../services/seed.ts';

const USAGE = `usage: npm run seed -- [--people N] [--problems N] [--seed S] [--db PATH] [--reset]
  Builds a generated studio (default: the demo, ${DEMO_STUDIO.people} people and ${DEMO_STUDIO.problems} problems)
  with two published months, on an empty database (DATABASE_PATH or ./data/cabal.sqlite).
  --reset deletes the database file first.`;

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new ConfigError(`--${name}: expected a positive whole number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      people: { type: 'string' },
      problems: { type: 'string' },
      seed: { type: 'string' },
      db: { type: 'string' },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const config = loadConfig(values.db ? { ...process.env, DATABASE_PATH: values.db } : process.env);
  const options = {
    people: positive('people', values.people, DEMO_STUDIO.people),
    problems: positive('problems', values.problems, DEMO_STUDIO.problems),
    seed: positive('seed', values.seed, DEMO_STUDIO.seed),
  };
  if (values.reset && config.databasePath !== ':memory:') {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(config.databasePath + suffix, { force: true });
  }
  const db = openDb(config.databasePath);
  migrateDb(db);
  const started = performance.now();
  const report = await seedStudio(db, systemClock, options);
  db.$client.close();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Seeded ${config.databasePath} in ${seconds} s: ${report.people} people, ${report.problems} problems, published ${report.publishedMonths.join(', ')}.`,
  );
  for (const a of report.accounts) console.log(`  ${a.role.padEnd(9)} ${a.email} (person ${a.personId})`);
}

main().catch((err: unknown) => {
  console.error(
    err instanceof ConfigError || (err instanceof Error && err.message.startsWith('seed:')) ? err.message : err,
  );
  process.exit(1);
});

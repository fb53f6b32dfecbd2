import { ConfigError, loadConfig } from './config.ts';
import { migrateDb, openDb } from './db/client.ts';
import { isStudioEmpty } from './db/repos/studio.ts';
import { systemClock } from './domain/clock.ts';
import { createApp } from './app.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './services/demo.ts';
import { DEMO_STUDIO, seedStudio } from './services/seed.ts';
import { failOrphanedRuns, PlanRunRegistry } from './services/planning/index.ts';

// The only module with side effects: config → db → migrate → (seed) → app → listen.
async function main(): Promise<void> {
  const config = loadConfig();
  const db = openDb(config.databasePath);
  migrateDb(db);
  if (config.seedDemo && isStudioEmpty(db)) {
    console.log('Empty database: seeding the demo studio…');
    const report = await seedStudio(db, systemClock, DEMO_STUDIO);
    console.log(
      `Seeded ${report.people} people, ${report.problems} problems; published ${report.publishedMonths.join(', ')}.`,
    );
  }
  const orphaned = failOrphanedRuns({ db, clock: systemClock });
  if (orphaned) console.log(`Marked ${orphaned} plan run(s) left running by an earlier stop as failed.`);
  const runs = new PlanRunRegistry();
  const app = createApp({ db, config, clock: systemClock, runs });
  const server = app.listen(config.port, () => {
    console.log(`Cabal is listening on http://localhost:${config.port} (database ${config.databasePath})`);
    if (app.locals.demoMode) {
      console.log(
        `Demo mode: sign in with password "${DEMO_PASSWORD}" as ${DEMO_ACCOUNTS.map((a) => a.email).join(', ')}`,
      );
    }
  });
  // Running plans are cancelled and recorded as such before the database closes, so none is left "running".
  const stop = () =>
    server.close(() => {
      void runs.cancelAll().finally(() => {
        db.$client.close();
        process.exit(0);
      });
    });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});

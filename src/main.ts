import { ConfigError, loadConfig } from './config.ts';
import { migrateDb, openDb } from './db/client.ts';
import { isStudioEmpty } from './db/repos/studio.ts';
import { systemClock } from './domain/clock.ts';
import { createApp } from './app.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, productionDemoWarning } from './services/demo.ts';
import { seedDemoWhenAllowed } from './services/seed.ts';
import { failOrphanedRuns, PlanRunRegistry } from './services/planning/index.ts';
import { purgeExpiredSessions } from './services/sessions.ts';

// The only module with side effects: config → db → migrate → (seed) → app → listen.
async function main(): Promise<void> {
  const config = loadConfig();
  const db = openDb(config.databasePath);
  migrateDb(db);
  if (config.demo && isStudioEmpty(db)) console.log('Empty database: seeding the demo studio…');
  const report = await seedDemoWhenAllowed(db, systemClock, config);
  if (report)
    console.log(
      `Seeded ${report.people} people, ${report.problems} problems; published ${report.publishedMonths.join(', ')}.`,
    );
  const warning = productionDemoWarning(db, config);
  if (warning) console.warn(`\n${'!'.repeat(100)}\n${warning}\n${'!'.repeat(100)}\n`);
  const runs = new PlanRunRegistry();
  const orphaned = failOrphanedRuns({ db, clock: systemClock, runs });
  if (orphaned) console.log(`Marked ${orphaned} plan run(s) left running by an earlier stop as failed.`);
  purgeExpiredSessions(db, systemClock);
  // Sign-ins purge too; this catches the sessions of people who stopped coming.
  const purge = setInterval(() => purgeExpiredSessions(db, systemClock), 60 * 60 * 1000);
  purge.unref();
  const app = createApp({ db, config, clock: systemClock, runs });
  const server = app.listen(config.port, () => {
    const mode = config.production ? 'production' : config.viewCache ? 'templates cached' : 'development';
    console.log(
      `Cabal is listening on ${config.publicUrl} (port ${config.port}, ${mode}, database ${config.databasePath})`,
    );
    if (app.locals.demoMode) {
      console.log(
        `Demo mode: sign in with password "${DEMO_PASSWORD}" as ${DEMO_ACCOUNTS.map((a) => a.email).join(', ')}`,
      );
    }
  });
  // Running plans are cancelled and recorded as such before the database closes, so none is left "running".
  const stop = () =>
    server.close(() => {
      clearInterval(purge);
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

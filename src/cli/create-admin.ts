import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { migrateDb, openDb } from '../db/client.ts';
import { systemClock } from '../domain/clock.ts';
import { bootstrapAdmin } from '../services/bootstrap-admin.ts';

const USAGE = `usage: npm run create-admin -- --id PERSON_ID --email EMAIL [--name "Full Name" --department "Department"] [--db PATH]
  Opens an admin account (for a real installation: NODE_ENV=production, no demo), creating the person when missing.
  Prints a one-time password.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      id: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      department: { type: 'string' },
      db: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.id || !values.email) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 1);
  }
  const config = loadConfig(values.db ? { ...process.env, DATABASE_PATH: values.db } : process.env);
  const db = openDb(config.databasePath);
  migrateDb(db);
  const { email, password } = await bootstrapAdmin(db, systemClock, {
    personId: values.id,
    email: values.email,
    name: values.name,
    department: values.department,
  });
  db.$client.close();
  console.log(`Admin account ${email} created in ${config.databasePath}. One-time password: ${password}`);
}

main().catch((err: unknown) => {
  console.error(
    err instanceof ConfigError || (err instanceof Error && err.message.startsWith('admin:')) ? err.message : err,
  );
  process.exit(1);
});

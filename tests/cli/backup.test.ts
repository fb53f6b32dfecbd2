import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { migrateDb, openDb } from '../../src/db/client.ts';
import { fixedClock } from '../../src/domain/clock.ts';
import { backupDatabase } from '../../src/services/backup.ts';
import { PlanRunRegistry } from '../../src/services/planning/run-registry.ts';
import { signIn, TEST_NOW, testConfig, tinyStudio } from '../helpers/test-app.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'cabal-backup-'));
const TABLES = ['people', 'cabals', 'cabal_members', 'audit_log', 'plan_runs', 'users'] as const;

function counts(sqlite: Database.Database): Record<string, number> {
  return Object.fromEntries(
    TABLES.map((t) => [t, (sqlite.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n]),
  );
}

async function liveStudio() {
  const file = join(dir, `live-${Math.random().toString(36).slice(2)}.sqlite`);
  const db = openDb(file);
  migrateDb(db);
  const accounts = await tinyStudio(db);
  return { file, db, accounts };
}

describe('backups', { timeout: 120_000 }, () => {
  it('copies the database while a plan run is going on: the copy opens, is intact, and is one moment of it', async () => {
    const { file, db, accounts } = await liveStudio();
    const clock = fixedClock(TEST_NOW);
    const runs = new PlanRunRegistry();
    const app = createApp({ db, config: testConfig({ databasePath: file }), clock, runs, log: () => undefined });
    const { agent, csrf } = await signIn(app, accounts.admin.email);
    const start = await agent.post('/plans/runs').type('form').send({ months: '3', scope: 'studio', _csrf: csrf });
    expect(start.status).toBe(303);
    const before = counts(db.$client);
    expect(db.$client.prepare(`select status from plan_runs`).get()).toEqual({ status: 'running' });

    // A second connection, as `npm run backup` opens while the app runs; one page per step so the run can save meanwhile.
    const backupConnection = openDb(file);
    const copyPath = join(dir, 'copy.sqlite');
    const result = await backupDatabase(backupConnection, copyPath, 1);
    backupConnection.$client.close();
    await runs.settle();
    const after = counts(db.$client);
    expect(after.cabal_members).toBeGreaterThan(before.cabal_members);

    expect(result.integrity).toBe('ok');
    const copy = new Database(copyPath, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const copied = counts(copy);
    expect([before, after]).toContainEqual(copied);
    copy.close();
  });

  it('runs as `npm run backup -- FILE`, and refuses to overwrite a file', async () => {
    const { file, db } = await liveStudio();
    const live = counts(db.$client);
    const target = join(dir, `cli-${Math.random().toString(36).slice(2)}.sqlite`);
    const cli = (to: string) => run(process.execPath, ['--import', 'tsx', 'src/cli/backup.ts', to, '--db', file]);
    const { stdout } = await cli(target);
    expect(stdout).toContain('integrity check: ok');
    const copy = new Database(target, { readonly: true });
    expect(counts(copy)).toEqual(live);
    copy.close();
    await expect(cli(target)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('already exists') });
    const missing = join(dir, 'no-such.sqlite');
    await expect(
      run(process.execPath, ['--import', 'tsx', 'src/cli/backup.ts', join(dir, 'x.sqlite'), '--db', missing]),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('there is no database') });
    expect(existsSync(missing)).toBe(false);
  });
});

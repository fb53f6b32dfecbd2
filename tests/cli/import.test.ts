import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrateDb, openDb } from '../../src/db/client.ts';
import { readHrState } from '../../src/db/repos/hr.ts';
import { HR_HEADER, utf8, windows1252 } from '../helpers/hr-files.ts';
import { tinyStudio } from '../helpers/test-app.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'cabal-import-'));
let dbPath = '';

async function importCli(file: Buffer, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  const csv = join(dir, `staff-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(csv, file);
  try {
    const { stdout, stderr } = await run(process.execPath, [
      '--import',
      'tsx',
      'src/cli/import.ts',
      csv,
      '--db',
      dbPath,
      ...args,
    ]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function people() {
  const db = openDb(dbPath);
  try {
    return readHrState(db).people;
  } finally {
    db.$client.close();
  }
}

beforeEach(async () => {
  dbPath = join(dir, `cabal-${Math.random().toString(36).slice(2)}.sqlite`);
  const db = openDb(dbPath);
  migrateDb(db);
  await tinyStudio(db);
  db.$client.close();
});

describe('npm run import', { timeout: 120_000 }, () => {
  const file = windows1252([
    HR_HEADER,
    'p1,Ada Moss,p1@studio.test,art,Art Director,,',
    'w1,Zoë Dubé,zoe@studio.test,Art,,,',
  ]);

  it('prints the preview and writes nothing with --dry-run', async () => {
    const before = people();
    const r = await importCli(file, ['--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('read as Windows-1252, comma-separated; 2 people');
    expect(r.stdout).toContain('1 new, 1 changed, 0 unchanged, 0 deactivated');
    expect(r.stdout).toMatch(/row 2 {2}p1 {2}Ada Moss: title \(empty\) → Art Director/);
    expect(r.stdout).toContain('row 3  w1  Zoë Dubé <zoe@studio.test>  Art');
    expect(r.stdout).toContain('Dry run: nothing was written.');
    expect(people()).toEqual(before);
  });

  it('writes the previewed import without --dry-run, deactivating with --complete', async () => {
    const r = await importCli(file, ['--complete']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Imported into');
    expect(r.stdout).toContain('1 created, 1 updated, 0 unchanged, 5 deactivated');
    const after = people();
    expect(after.find((p) => p.id === 'w1')!.name).toBe('Zoë Dubé');
    expect(after.filter((p) => p.active).map((p) => p.id)).toEqual(['p1', 'w1']);
  });

  it('exits 1 naming rows and columns on a bad file, writing nothing', async () => {
    const before = people();
    const r = await importCli(utf8([HR_HEADER, 'x1,Ok Person,ok@studio.test,art,,,', 'x2,,not-an-email,art,,,']));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('row 3, column name: name is empty');
    expect(r.stderr).toContain('row 3, column email: email is not a valid email address');
    expect(people()).toEqual(before);
    const dup = await importCli(utf8(['id,name,email,department,email', 'x1,A B,a@s.test,art,b@s.test']));
    expect([dup.code, dup.stderr]).toEqual([
      1,
      expect.stringContaining('row 1, column email: column "email" appears twice'),
    ]);
  });

  it('refuses more than a few deactivations without --yes when nobody can be asked, then does them with it', async () => {
    const extra = Array.from({ length: 6 }, (_, i) => `x${i},Extra ${i},x${i}@studio.test,art,,,`);
    expect((await importCli(utf8([HR_HEADER, ...extra]))).code).toBe(0);
    const only = utf8([HR_HEADER, 'p1,Ada Moss,p1@studio.test,art,,,']);
    const refused = await importCli(only, ['--complete']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('0 new, 0 changed, 1 unchanged, 11 deactivated');
    expect(refused.stdout).toContain('x5  Extra 5 <x5@studio.test>');
    expect(refused.stderr).toContain('confirm the 11 deactivations (answer y, or add --yes)');
    expect(people().filter((p) => p.active).length).toBe(12);
    const done = await importCli(only, ['--complete', '--yes']);
    expect(done.code).toBe(0);
    expect(
      people()
        .filter((p) => p.active)
        .map((p) => p.id),
    ).toEqual(['p1']);
  });

  it('exits 1 with the usage when no file is given', async () => {
    try {
      await run(process.execPath, ['--import', 'tsx', 'src/cli/import.ts']);
      expect.unreachable();
    } catch (error) {
      expect((error as { code: number; stderr: string }).code).toBe(1);
      expect((error as { stderr: string }).stderr).toContain('usage: npm run import -- FILE');
    }
  });
});

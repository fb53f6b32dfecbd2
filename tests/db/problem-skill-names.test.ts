import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDb, openDb } from '../../src/db/client.ts';
import { findProblem } from '../../src/db/repos/problems.ts';
import { tinyStudio } from '../helpers/test-app.ts';

const DRIZZLE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../drizzle');
const folders: string[] = [];
afterAll(() => folders.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A copy of drizzle/ holding the migrations up to and including `tag`, as a database saved back then had them. */
function migrationsUpTo(tag: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cabal-migrations-'));
  folders.push(dir);
  fs.cpSync(DRIZZLE, dir, { recursive: true });
  const file = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag === tag);
  expect(last).toBeGreaterThanOrEqual(0);
  journal.entries = journal.entries.slice(0, last + 1);
  fs.writeFileSync(file, JSON.stringify(journal));
  return dir;
}

describe('migration 0008: required skills stored as profiles store skill names', () => {
  it('normalises rows saved before, merging names that become one at the higher level', async () => {
    const db = openDb(':memory:');
    migrate(db, { migrationsFolder: migrationsUpTo('0007_people_search_cjk') });
    await tinyStudio(db);
    const sql = db.$client;
    sql.prepare(`delete from problem_required_skills`).run();
    const insert = sql.prepare(`insert into problem_required_skills (problem_id, skill, min_level) values (?, ?, ?)`);
    // As the problem form kept them before: what the lead typed, twice in two spellings, and a blank name.
    insert.run('combat-feel', 'Netcode', 1);
    insert.run('combat-feel', 'netcode', 3);
    insert.run('combat-feel', '  Level   Design ', 2);
    insert.run('combat-feel', 'constructor', 1);
    insert.run('combat-feel', '   ', 1);

    migrateDb(db);

    expect(findProblem(db, 'combat-feel')?.requiredSkills).toEqual([
      { skill: 'constructor', minLevel: 1 },
      { skill: 'level-design', minLevel: 2 },
      { skill: 'netcode', minLevel: 3 },
    ]);
    // Migrating again changes nothing: the migration is recorded and runs once.
    migrateDb(db);
    expect(findProblem(db, 'combat-feel')?.requiredSkills.map((r) => r.skill)).toEqual([
      'constructor',
      'level-design',
      'netcode',
    ]);
  });
});

import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ftsQuery, rankPeople, reindexPeople, type PeopleQuery } from '../../src/db/repos/search.ts';
import { findAccountByEmail } from '../../src/db/repos/users.ts';
import { fixedClock } from '../../src/domain/clock.ts';
import { searchTerms } from '../../src/domain/people-search.ts';
import { confirmImport } from '../../src/services/hr-import/confirm.ts';
import { previewUpload, type ImportOptions } from '../../src/services/hr-import/preview.ts';
import type { Account } from '../../src/domain/account.ts';
import type { Clock } from '../../src/domain/clock.ts';
import { updateOwnProfile } from '../../src/services/profile.ts';
import { freshDb, TEST_NOW, tinyStudio } from '../helpers/test-app.ts';
import type { Db } from '../../src/db/client.ts';

const clock = fixedClock(TEST_NOW);

/** An admin's HR import through its preview and confirmation, as the web and the command line run it. */
function importHrCsv(db: Db, clock: Clock, admin: Account, bytes: Uint8Array, options: ImportOptions) {
  const previewed = previewUpload(db, bytes, options, admin.personId);
  if (!previewed.ok) return previewed;
  const actor = { userId: admin.id, personId: admin.personId, label: admin.email };
  const pending = { ...previewed.parsed, preview: previewed.preview, fileName: 'staff.csv', actor };
  return confirmImport(db, clock, pending, { deactivations: true });
}

function find(db: Db, text: string): string[] {
  const q: PeopleQuery = {
    terms: searchTerms(text),
    skills: [],
    interests: [],
    recentFrom: '2026-02',
    recentTo: '2027-01',
  };
  return rankPeople(db, q).map((r) => r.id);
}

function indexRows(db: Db): unknown[] {
  return db.all(sql`SELECT person_id, name, department, title, skills, interests FROM people_fts ORDER BY person_id`);
}

async function studio() {
  const db = freshDb();
  const accounts = await tinyStudio(db);
  return { db, accounts };
}

describe('people search index', () => {
  it('is filled when a studio is written', async () => {
    const { db } = await studio();
    expect(find(db, 'Cleo')).toEqual(['p3']);
    expect(find(db, 'netcode')).toHaveLength(6);
    expect(find(db, 'Engineering')).toEqual(['p2', 'p4']);
  });

  it('finds a skill the moment a profile saves it, and forgets the one it dropped', async () => {
    const { db } = await studio();
    expect(find(db, 'rigging')).toEqual([]);
    updateOwnProfile(db, clock, 'p1', {
      timeZone: 'UTC',
      skills: { rigging: 3 },
      interests: ['climbing'],
      unavailable: [],
    });
    expect(find(db, 'rigging')).toEqual(['p1']);
    expect(find(db, 'climbing')).toEqual(['p1']);
    expect(find(db, 'netcode')).not.toContain('p1');
  });

  it('follows an HR import: new people, renamed people, and people the complete list leaves out', async () => {
    const { db, accounts } = await studio();
    const admin = findAccountByEmail(db, accounts.admin.email)!;
    const csv =
      'id,name,email,department,title\n' +
      'p1,Ada Moss-Reed,p1@studio.test,Art,Lead Artist\n' +
      'p2,Ben Okafor,p2@studio.test,Engineering,\n' +
      'p9,Zoë Núñez,zoe@studio.test,Audio,Sound Designer\n';
    const result = importHrCsv(db, clock, admin, Buffer.from(csv), { complete: true, newDepartments: true });
    expect(result.ok).toBe(true);
    expect(find(db, 'Reed')).toEqual(['p1']);
    expect(find(db, 'Lead Artist')).toEqual(['p1']);
    expect(find(db, 'zoe nunez')).toEqual(['p9']);
    expect(find(db, 'Audio')).toEqual(['p9']);
    expect(find(db, 'Cleo')).toEqual([]); // p3 left the company
  });

  it('is left exactly as it was when an import fails inside its transaction', async () => {
    const { db, accounts } = await studio();
    const admin = findAccountByEmail(db, accounts.admin.email)!;
    const before = indexRows(db);
    // The import's last write (its audit entry) fails, after the index was rebuilt in the same transaction.
    db.run(sql`CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const csv = 'id,name,email,department\np1,Ada Renamed,p1@studio.test,Art\np9,Zed Quill,zed@studio.test,Art\n';
    expect(() => importHrCsv(db, clock, admin, Buffer.from(csv), { complete: true, newDepartments: false })).toThrow(
      /hr import/,
    );
    expect(indexRows(db)).toEqual(before);
    expect(find(db, 'Renamed')).toEqual([]);
  });

  it('is left as it was when an import is rejected for a bad row', async () => {
    const { db, accounts } = await studio();
    const admin = findAccountByEmail(db, accounts.admin.email)!;
    const before = indexRows(db);
    const result = importHrCsv(
      db,
      clock,
      admin,
      Buffer.from('id,name,email,department\np1,Ada Renamed,not-an-email,Art\n'),
      {
        complete: false,
        newDepartments: false,
      },
    );
    expect(result.ok).toBe(false);
    expect(indexRows(db)).toEqual(before);
  });

  it('rebuilds the whole index when asked for no one in particular', async () => {
    const { db } = await studio();
    const before = indexRows(db);
    db.run(sql`DELETE FROM people_fts`);
    expect(find(db, 'Cleo')).toEqual([]);
    db.transaction((tx) => reindexPeople(tx));
    expect(indexRows(db)).toEqual(before);
  });
});

describe('ftsQuery', () => {
  it('quotes every term and makes it a prefix, so no typed text is an operator', () => {
    expect(ftsQuery(['OR', 'NOT', 'ada'])).toBe('"OR"* "NOT"* "ada"*');
    expect(ftsQuery([])).toBeUndefined();
  });

  it('turns a CJK term into a phrase of its characters, a prefix only when it ends in another script', () => {
    expect(ftsQuery(['太郎'])).toBe('"太 郎"');
    expect(ftsQuery(['山田', 'Taro'])).toBe('"山 田" "Taro"*');
    expect(ftsQuery(['Kim김'])).toBe('"Kim 김"');
    expect(ftsQuery(['김Kim'])).toBe('"김 Kim"*');
  });
});

describe('names in scripts written without spaces', () => {
  /** Adds people to the tiny studio through the same write path as the seed (which reindexes them). */
  async function withNames(names: Record<string, string>) {
    const db = freshDb();
    const { insertStudio } = await import('../../src/db/repos/studio.ts');
    const people = Object.entries(names).map(([id, name]) => ({
      id,
      name,
      department: 'eng',
      email: `${id}@studio.test`,
      skills: {},
      interests: [],
      unavailable: [],
    }));
    const departments = [{ id: 'eng', name: 'Engineering' }];
    db.transaction((tx) => insertStudio(tx, { departments, people, problems: [] }, 'test fixture', TEST_NOW));
    return db;
  }

  it('finds a Chinese, Japanese or Korean name from its start, its middle or its end, and only that name', async () => {
    const db = await withNames({ wang: '王小明', sato: '佐藤花子', kim: '김민준', ito: 'いとう ゆい', li: '李明' });
    expect(find(db, '王')).toEqual(['wang']);
    expect(find(db, '小明')).toEqual(['wang']);
    expect(find(db, '明').sort()).toEqual(['li', 'wang']);
    expect(find(db, '花子')).toEqual(['sato']);
    expect(find(db, '藤花')).toEqual(['sato']);
    expect(find(db, '花藤')).toEqual([]); // the characters in that order, not merely all of them
    expect(find(db, '민준')).toEqual(['kim']);
    expect(find(db, 'ゆい')).toEqual(['ito']);
    expect(find(db, '佐藤 花子')).toEqual(['sato']);
  });

  it('rebuilds an index written before CJK characters were words, in the migration', async () => {
    const db = await withNames({ sato: '佐藤花子', cleo: 'Cleo Park' });
    // The index as the first search migration wrote it: the name as one word.
    db.run(sql`UPDATE people_fts SET name = '佐藤花子' WHERE person_id = 'sato'`);
    expect(find(db, '花子')).toEqual([]);
    const fs = await import('node:fs');
    const migration = fs.readFileSync(new URL('../../drizzle/0007_people_search_cjk.sql', import.meta.url), 'utf8');
    for (const statement of migration.split('--> statement-breakpoint')) db.$client.exec(statement);
    expect(find(db, '花子')).toEqual(['sato']);
    expect(find(db, 'Cleo')).toEqual(['cleo']);
  });
});

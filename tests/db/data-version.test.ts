import { describe, expect, it } from 'vitest';
import { dataVersion } from '../../src/db/repos/data-version.ts';
import { freshDb, tinyStudio } from '../helpers/test-app.ts';

// The tables the cached pages read: a write to any of them must move the version.
const WATCHED = [
  'departments',
  'people',
  'person_skills',
  'person_interests',
  'person_unavailable_months',
  'problems',
  'problem_affected_departments',
  'problem_affected_people',
  'problem_required_skills',
  'cabals',
  'cabal_members',
  'pins',
  'rotation_policy',
];

describe('data version', () => {
  it('has an insert, update and delete trigger on every watched table', () => {
    const db = freshDb();
    const triggers = db.$client
      .prepare(
        `select tbl_name as tbl, sql from sqlite_master where type = 'trigger' and name like '%bumps_data_version'`,
      )
      .all() as { tbl: string; sql: string }[];
    for (const table of WATCHED) {
      const events = triggers.filter((t) => t.tbl === table).map((t) => /AFTER (\w+)/.exec(t.sql)?.[1]);
      expect(events.sort(), table).toEqual(['DELETE', 'INSERT', 'UPDATE']);
    }
  });

  it('moves on inserts, updates and deletes, and not on the audit log', async () => {
    const db = freshDb();
    await tinyStudio(db);
    const sql = (text: string) => db.$client.prepare(text).run();
    let last = dataVersion(db);
    const moved = () => {
      const now = dataVersion(db);
      const changed = now !== last;
      last = now;
      return changed;
    };
    sql(`insert into cabals (problem_id, month, status) values ('combat-feel', '2027-02', 'draft')`);
    expect(moved()).toBe(true);
    sql(`update people set name = 'Ada M.' where id = 'p1'`);
    expect(moved()).toBe(true);
    sql(`delete from cabals where month = '2027-02'`);
    expect(moved()).toBe(true);
    sql(`insert into audit_log (at, action) values ('2027-01-15T10:00:00Z', 'test')`);
    expect(moved()).toBe(false);
  });
});

import { sql } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import type { NetworkPerson, NetworkTie } from '../../domain/network.ts';

/**
 * A fingerprint of everything the network is built from: the published cabals (a publish, a plan import or a
 * reopened month changes their count, newest id or newest publish time; published seats are never edited in place)
 * and the active people with their HR data and departments (an HR import stamps hr_updated_at). It reads the small
 * cabals, people and departments tables without joins, so the cached network can check it on every request.
 */
export function networkVersion(db: Conn): string {
  const row = db.get<{ v: string }>(sql`
    select
      (select count(*) || '.' || coalesce(max(id), 0) || '.' || coalesce(max(published_at), '')
         from cabals where status = 'published')
      || ':' || (select count(*) || '.' || coalesce(max(hr_updated_at), '') || '.' || total(active) from people)
      || ':' || (select count(*) || '.' || coalesce(group_concat(name, '|'), '') from departments) as v`);
  return row?.v ?? '';
}

/** The active people, with their department, as the network's nodes (ordered by id). */
export function networkPeople(db: Conn): NetworkPerson[] {
  return db.all<NetworkPerson>(sql`
    select p.id as id, p.name as name, p.department_id as department, d.name as departmentName
    from people p join departments d on d.id = p.department_id
    where p.active = 1
    order by p.id`);
}

/**
 * Every pair of active people who served together in a published cabal, with the months they shared (ascending):
 * one self-join of the seats, so the edges cost one query however large the studio.
 */
export function publishedTies(db: Conn): NetworkTie[] {
  const rows = db.all<{ a: string; b: string; months: string }>(sql`
    select a.person_id as a, b.person_id as b, group_concat(distinct c.month) as months
    from cabals c
    join cabal_members a on a.cabal_id = c.id
    join cabal_members b on b.cabal_id = c.id and a.person_id < b.person_id
    join people pa on pa.id = a.person_id and pa.active = 1
    join people pb on pb.id = b.person_id and pb.active = 1
    where c.status = 'published'
    group by a.person_id, b.person_id`);
  return rows.map((r) => ({ a: r.a, b: r.b, months: r.months.split(',').sort() }));
}

/**
 * A marker that moves whenever anything at all is written to the database: this connection's total changes and
 * SQLite's data_version (which moves on commits by other connections, e.g. a command-line import). Both are O(1),
 * so the network checks its fingerprint only after some write.
 */
export function writeMarker(db: Conn): string {
  const row = db.get<{ changes: number }>(sql`select total_changes() as changes`);
  const dataVersion = db.get<{ data_version: number }>(sql`pragma data_version`);
  return `${dataVersion?.data_version ?? 0}:${row?.changes ?? 0}`;
}

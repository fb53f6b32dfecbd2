import { sql } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import type { NetworkPerson, NetworkTie } from '../../domain/network.ts';

/**
 * A fingerprint of everything the network is built from: published cabals and their seats, and the active people
 * with their HR data. It changes on a publish, a plan import, an HR import or a department change, and costs a few
 * index look-ups, so the cached network can check it on every request.
 */
export function networkVersion(db: Conn): string {
  const row = db.get<{ v: string }>(sql`
    select
      (select count(*) || '.' || coalesce(max(id), 0) || '.' || coalesce(max(published_at), '')
         from cabals where status = 'published')
      || ':' || (select count(*) from cabal_members m join cabals c on c.id = m.cabal_id where c.status = 'published')
      || ':' || (select count(*) || '.' || coalesce(max(hr_updated_at), '') || '.' || sum(active) from people)
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

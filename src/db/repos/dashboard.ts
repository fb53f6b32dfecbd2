import { count, countDistinct, eq } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import { cabalMembers, cabals, people, problems, users } from '../schema.ts';

/** Headline counts of the studio for the manager's and admin's dashboards. */
export interface StudioFigures {
  people: number;
  accounts: number;
  activeProblems: number;
  cabalsThisMonth: number;
  seatsThisMonth: number;
  everServed: number;
}

const one = <T>(rows: T[]) => rows[0]!;

/** How many accounts there are. */
export function accountCount(db: Conn): number {
  return one(db.select({ n: count() }).from(users).all()).n;
}

/** Computes the studio's headline counts for a month. */
export function studioFigures(db: Conn, month: string): StudioFigures {
  const peopleCount = one(db.select({ n: count() }).from(people).where(eq(people.active, true)).all()).n;
  const active = one(db.select({ n: count() }).from(problems).where(eq(problems.status, 'active')).all()).n;
  const month_ = one(
    db
      .select({ cabals: countDistinct(cabals.id), seats: count(cabalMembers.personId) })
      .from(cabals)
      .leftJoin(cabalMembers, eq(cabalMembers.cabalId, cabals.id))
      .where(eq(cabals.month, month))
      .all(),
  );
  const served = one(
    db
      .select({ n: countDistinct(cabalMembers.personId) })
      .from(cabalMembers)
      .all(),
  ).n;
  return {
    people: peopleCount,
    accounts: accountCount(db),
    activeProblems: active,
    cabalsThisMonth: month_.cabals,
    seatsThisMonth: month_.seats,
    everServed: served,
  };
}

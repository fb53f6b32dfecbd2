import { asc, eq } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import { departments, people, userRoles, users } from '../schema.ts';
import type { Role } from '../../domain/account.ts';

/** A row of the admin's account list. */
export interface AccountRow {
  id: number;
  email: string;
  name: string;
  department: string;
  roles: Role[];
  /** Disabled by an admin. */
  disabled: boolean;
  /** False once the HR import marked the person as gone: they cannot sign in whatever the account says. */
  active: boolean;
  /** Still on a one-time password. */
  mustChangePassword: boolean;
}

/** Lists every account with its person and roles. */
export function listAccounts(db: Conn): AccountRow[] {
  const rows = db
    .select({
      id: users.id,
      email: users.email,
      name: people.name,
      department: departments.name,
      disabled: users.disabled,
      active: people.active,
      mustChangePassword: users.mustChangePassword,
    })
    .from(users)
    .innerJoin(people, eq(people.id, users.personId))
    .innerJoin(departments, eq(departments.id, people.departmentId))
    .orderBy(asc(people.name))
    .all();
  const roles = new Map<number, Role[]>();
  for (const r of db.select().from(userRoles).all()) roles.set(r.userId, [...(roles.get(r.userId) ?? []), r.role]);
  return rows.map((r) => ({ ...r, roles: roles.get(r.id) ?? [] }));
}

import { and, eq, lte, ne, sql } from 'drizzle-orm';
import type { Conn, Db } from '../client.ts';
import { people, sessions, userRoles, users } from '../schema.ts';
import { ROLES, type Account, type Role } from '../../domain/account.ts';

/** An account together with its password hash, for the login check only. */
export interface AccountWithSecret extends Account {
  passwordHash: string;
}

function rolesOf(db: Conn, userId: number): Role[] {
  return db
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.userId, userId))
    .all()
    .map((r) => r.role)
    .sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b));
}

function accountQuery(db: Conn) {
  return db
    .select({
      id: users.id,
      personId: users.personId,
      name: people.name,
      email: users.email,
      // A person the HR import deactivated (they left) can no longer sign in, whatever their account says.
      disabled: sql<boolean>`(${users.disabled} or not ${people.active})`.mapWith(Boolean),
      mustChangePassword: users.mustChangePassword,
      passwordHash: users.passwordHash,
    })
    .from(users)
    .innerJoin(people, eq(people.id, users.personId));
}

/** Finds an account by login email (case-insensitive), with its password hash. */
export function findAccountByEmail(db: Conn, email: string): AccountWithSecret | undefined {
  const row = accountQuery(db).where(eq(users.email, email.trim().toLowerCase())).get();
  return row && { ...row, roles: rolesOf(db, row.id) };
}

/** Finds an account by id. */
export function findAccount(db: Conn, id: number): Account | undefined {
  const row = accountQuery(db).where(eq(users.id, id)).get();
  if (!row) return undefined;
  const { passwordHash: _secret, ...account } = row;
  return { ...account, roles: rolesOf(db, row.id) };
}

/** Creates an account for a person with the given roles (a one-time password when `mustChangePassword`); returns its id. */
export function createAccount(
  db: Conn,
  input: { personId: string; email: string; passwordHash: string; roles: Role[]; mustChangePassword?: boolean },
): number {
  return db.transaction((tx) => {
    const { id } = tx
      .insert(users)
      .values({
        personId: input.personId,
        email: input.email.trim().toLowerCase(),
        passwordHash: input.passwordHash,
        mustChangePassword: input.mustChangePassword ?? false,
      })
      .returning({ id: users.id })
      .get();
    for (const role of new Set(input.roles)) tx.insert(userRoles).values({ userId: id, role }).run();
    return id;
  });
}

/** Stores a new session (by the hash of its cookie value). */
export function insertSession(db: Conn, s: { id: string; userId: number; createdAt: string; expiresAt: string }): void {
  db.insert(sessions).values(s).run();
}

// The session lookup runs on every request, so it is one statement (sessions, account, person and roles at once)
// run straight on better-sqlite3: building it through drizzle's query builder cost more than running it.
const SESSION_ACCOUNT_SQL = `
  select u.id, u.person_id as personId, p.name, u.email, u.must_change_password as mustChangePassword,
         (select group_concat(r.role) from user_roles r where r.user_id = u.id) as roles
  from sessions s
  join users u on u.id = s.user_id
  join people p on p.id = u.person_id
  where s.id = ? and s.expires_at > ? and u.disabled = 0 and p.active = 1`;

/**
 * Finds the enabled account behind a live session (one query), or undefined when the session is absent or expired,
 * or its account is disabled or its person deactivated.
 */
export function findSessionAccount(db: Db, sessionId: string, nowIso: string): Account | undefined {
  const row = db.$client.prepare(SESSION_ACCOUNT_SQL).get(sessionId, nowIso) as
    | { id: number; personId: string; name: string; email: string; mustChangePassword: number; roles: string | null }
    | undefined;
  if (!row) return undefined;
  const held = new Set(row.roles?.split(',') ?? []);
  return {
    id: row.id,
    personId: row.personId,
    name: row.name,
    email: row.email,
    roles: ROLES.filter((r) => held.has(r)),
    disabled: false,
    mustChangePassword: row.mustChangePassword === 1,
  };
}

/** Ends one session. */
export function deleteSession(db: Conn, sessionId: string): void {
  db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** Removes sessions that expired at or before a moment; returns how many. */
export function deleteExpiredSessions(db: Conn, nowIso: string): number {
  return db.delete(sessions).where(lte(sessions.expiresAt, nowIso)).run().changes;
}

/** Ends every session of an account, or every one but the given session (the one changing its own password). */
export function deleteSessionsOf(db: Conn, userId: number, exceptSessionId?: string): void {
  db.delete(sessions)
    .where(and(eq(sessions.userId, userId), exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined))
    .run();
}

/** The stored password hash of an account, for checking the current password before a change. */
export function passwordHashOf(db: Conn, userId: number): string | undefined {
  return db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)).get()?.hash;
}

/** Replaces an account's password hash; `mustChange` marks it as a one-time password. */
export function setPassword(db: Conn, userId: number, passwordHash: string, mustChange: boolean): void {
  db.update(users).set({ passwordHash, mustChangePassword: mustChange }).where(eq(users.id, userId)).run();
}

/** Disables or enables an account (disabling ends its sessions: see the trigger in drizzle/). */
export function setAccountDisabled(db: Conn, userId: number, disabled: boolean): void {
  db.update(users).set({ disabled }).where(eq(users.id, userId)).run();
}

/** Replaces the roles of an account. */
export function setAccountRoles(db: Conn, userId: number, roles: Role[]): void {
  db.delete(userRoles).where(eq(userRoles.userId, userId)).run();
  for (const role of new Set(roles)) db.insert(userRoles).values({ userId, role }).run();
}

import { createHash, randomBytes } from 'node:crypto';
import type { Conn, Db } from '../db/client.ts';
import {
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOf,
  findAccountByEmail,
  findSessionAccount,
  insertSession,
} from '../db/repos/users.ts';
import type { Account } from '../domain/account.ts';
import type { Clock } from '../domain/clock.ts';
import { verifyPassword } from './passwords.ts';

/** Hashes a session cookie value; only the hash is stored. */
function sessionKey(cookieValue: string): string {
  return createHash('sha256').update(cookieValue).digest('hex');
}

// A fixed hash to compare against when the email is unknown, so timing does not reveal which emails exist.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' + Buffer.alloc(64).toString('base64');

/** Checks an email and password; returns the account when they match an enabled account. */
export async function authenticate(db: Db, email: string, password: string): Promise<Account | undefined> {
  const account = findAccountByEmail(db, email);
  const ok = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
  if (!account || !ok || account.disabled) return undefined;
  const { passwordHash: _secret, ...rest } = account;
  return rest;
}

/** Deletes every session whose expiry has passed; returns how many. Each sign-in and start-up (then hourly) runs it. */
export function purgeExpiredSessions(db: Db, clock: Clock): number {
  return deleteExpiredSessions(db, clock.now().toISO()!);
}

/** Opens a session for an account (purging expired ones first); returns the cookie value to hand to the browser. */
export function openSession(db: Db, clock: Clock, userId: number, days: number): string {
  const value = randomBytes(32).toString('base64url');
  const now = clock.now();
  purgeExpiredSessions(db, clock);
  insertSession(db, {
    id: sessionKey(value),
    userId,
    createdAt: now.toISO()!,
    expiresAt: now.plus({ days }).toISO()!,
  });
  return value;
}

/** Resolves a session cookie value to its account, when the session is live. */
export function resolveSession(db: Db, clock: Clock, cookieValue: string): Account | undefined {
  return findSessionAccount(db, sessionKey(cookieValue), clock.now().toISO()!);
}

/** Ends every other session of an account than the one behind this cookie (after a password change). */
export function endOtherSessions(db: Conn, userId: number, cookieValue: string | undefined): void {
  deleteSessionsOf(db, userId, cookieValue ? sessionKey(cookieValue) : undefined);
}

/** Ends the session behind a cookie value. */
export function closeSession(db: Db, cookieValue: string): void {
  deleteSession(db, sessionKey(cookieValue));
}

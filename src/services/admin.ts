import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { listAccounts, type AccountRow } from '../db/repos/accounts.ts';
import { insertAudit } from '../db/repos/audit.ts';
import { getPolicy, savePolicy } from '../db/repos/policy.ts';
import { findPerson } from '../db/repos/people.ts';
import { peopleByName } from '../db/repos/search.ts';
import { searchTerms } from '../domain/people-search.ts';
import { createAccount, findAccount, findAccountByEmail, setAccountRoles } from '../db/repos/users.ts';
import { ROLES, type Account, type Role } from '../domain/account.ts';
import { hashPassword } from './passwords.ts';
import type { Clock } from '../domain/clock.ts';
import type { Policy } from '../domain/types.ts';

// An empty field is missing, not 0: z.coerce alone would turn "" into 0 and save it.
const blankAsMissing = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const months = (label: string) =>
  z.preprocess(
    blankAsMissing,
    z.coerce
      .number({ error: `${label} must be a number` })
      .int(`${label} must be a whole number`)
      .min(1, `${label} must be at least 1`)
      .max(24, `${label} must be at most 24`),
  );
const weight = z.preprocess(
  blankAsMissing,
  z.coerce
    .number({ error: 'Enter a number' })
    .min(0, 'A weight cannot be negative')
    .max(100, 'A weight is at most 100'),
);

const policyForm = z.object({
  maxConsecutiveMonths: months('Max consecutive months'),
  maxConsecutiveMonthsOnProblem: months('Max consecutive months on one problem'),
  fairness: weight,
  freshness: weight,
  skillFit: weight,
  network: weight,
});

/** The result of a form use case: the saved value, or field errors to show beside each field. */
export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** Every account with its person and roles, as the admin page lists them. */
export function accountRows(db: Db): AccountRow[] {
  return listAccounts(db);
}

/** The rotation policy in force. */
export function currentPolicy(db: Db): Policy {
  return getPolicy(db);
}

/** Validates and saves the rotation policy, recording the change in the audit log. */
export function updatePolicy(db: Db, clock: Clock, account: Account, body: unknown): FormResult<Policy> {
  const parsed = policyForm.safeParse(body);
  if (!parsed.success) {
    return { ok: false, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) };
  }
  const f = parsed.data;
  const policy: Policy = {
    maxConsecutiveMonths: f.maxConsecutiveMonths,
    maxConsecutiveMonthsOnProblem: f.maxConsecutiveMonthsOnProblem,
    weights: { fairness: f.fairness, freshness: f.freshness, skillFit: f.skillFit, network: f.network },
  };
  const before = getPolicy(db);
  const at = clock.now().toISO()!;
  db.transaction((tx) => {
    savePolicy(tx, policy, { userId: account.id, at });
    insertAudit(
      tx,
      [{ action: 'policy.update', detail: `rotation policy ${JSON.stringify(before)} → ${JSON.stringify(policy)}` }],
      { userId: account.id, at },
    );
  });
  return { ok: true, value: policy };
}

/** Sets an account's roles; an admin cannot take the admin role from themselves, so the studio keeps an admin. */
export function updateRoles(
  db: Db,
  clock: Clock,
  actor: Account,
  userId: number,
  body: unknown,
): FormResult<Role[]> | undefined {
  const target = findAccount(db, userId);
  if (!target) return undefined;
  const raw = (body as { roles?: unknown })?.roles;
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const unknown = list.filter((r) => !ROLES.includes(r as Role));
  if (unknown.length) return { ok: false, errors: { roles: `Unknown role: ${unknown.join(', ')}` } };
  const roles = list as Role[];
  if (target.id === actor.id && !roles.includes('admin')) {
    return { ok: false, errors: { roles: 'You cannot remove your own admin role.' } };
  }
  const at = clock.now().toISO()!;
  db.transaction((tx) => {
    setAccountRoles(tx, userId, roles);
    insertAudit(
      tx,
      [
        {
          action: 'account.roles',
          personId: target.personId,
          detail: `${target.email}: [${target.roles.join(', ')}] → [${roles.join(', ')}]`,
        },
      ],
      { userId: actor.id, at },
    );
  });
  return { ok: true, value: roles };
}

const accountForm = z.object({
  // The picked person (a radio button of the name search), else the typed name alone when it names one person.
  personId: z.string().trim().max(200).optional(),
  personQuery: z.string().trim().max(200, 'A name is at most 200 characters').optional(),
  roles: z
    .union([z.enum(ROLES as [Role, ...Role[]]), z.array(z.enum(ROLES as [Role, ...Role[]]))])
    .optional()
    .transform((r) => (r === undefined ? [] : Array.isArray(r) ? r : [r])),
});

/**
 * The person an account form names: the one picked from the name search, or else the only active person whose name
 * matches what was typed; otherwise a message that says what was typed (never an id) and what to do.
 */
function pickPerson(
  db: Db,
  personId: string | undefined,
  typed: string | undefined,
): { ok: true; person: NonNullable<ReturnType<typeof findPerson>> } | { ok: false; message: string } {
  if (personId) {
    const person = findPerson(db, personId);
    if (person) return { ok: true, person };
    return {
      ok: false,
      message: typed
        ? `No one in the studio matches “${typed}” any more; type the name again and pick the person.`
        : 'The person picked is no longer in the studio; type a name and pick the person.',
    };
  }
  if (!typed) return { ok: false, message: 'Type a name and pick the person the account is for.' };
  const hits = peopleByName(db, searchTerms(typed), 2);
  if (hits.length === 0) return { ok: false, message: `No one in the studio is called “${typed}”.` };
  if (hits.length > 1) return { ok: false, message: `Several people match “${typed}”; pick one from the list.` };
  const person = findPerson(db, hits[0]!.id);
  if (!person) return { ok: false, message: `No one in the studio is called “${typed}”.` };
  return { ok: true, person };
}

/**
 * Opens an account for a person, signing in with their HR email and a random one-time password that is shown to
 * the admin once and never stored in clear.
 */
export async function createPersonAccount(
  db: Db,
  clock: Clock,
  actor: Account,
  body: unknown,
): Promise<FormResult<{ email: string; password: string; name: string }>> {
  const parsed = accountForm.safeParse(body);
  if (!parsed.success) {
    return { ok: false, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) };
  }
  const picked = pickPerson(db, parsed.data.personId, parsed.data.personQuery);
  if (!picked.ok) return { ok: false, errors: { personId: picked.message } };
  const person = picked.person;
  if (findAccountByEmail(db, person.email))
    return { ok: false, errors: { personId: `${person.name} already has an account` } };
  const password = randomBytes(9).toString('base64url');
  const passwordHash = await hashPassword(password);
  const at = clock.now().toISO()!;
  try {
    db.transaction((tx) => {
      createAccount(tx, {
        personId: person.id,
        email: person.email,
        passwordHash,
        roles: parsed.data.roles,
        mustChangePassword: true,
      });
      insertAudit(
        tx,
        [
          {
            action: 'account.create',
            personId: person.id,
            detail: `account ${person.email} [${parsed.data.roles.join(', ')}]`,
          },
        ],
        { userId: actor.id, at },
      );
    });
  } catch (cause) {
    if (String((cause as Error)?.message).includes('UNIQUE'))
      return { ok: false, errors: { personId: `${person.name} already has an account` } };
    throw new Error('admin: unable to create the account', { cause });
  }
  return { ok: true, value: { email: person.email, password, name: person.name } };
}

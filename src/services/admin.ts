import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { insertAudit } from '../db/repos/audit.ts';
import { getPolicy, savePolicy } from '../db/repos/policy.ts';
import { findAccount, ROLES, setAccountRoles, type Account, type Role } from '../db/repos/users.ts';
import type { Clock } from '../domain/clock.ts';
import type { Policy } from '../domain/types.ts';

const months = (label: string) =>
  z.coerce
    .number({ error: `${label} must be a number` })
    .int(`${label} must be a whole number`)
    .min(1, `${label} must be at least 1`)
    .max(24, `${label} must be at most 24`);
const weight = z.coerce
  .number({ error: 'Enter a number' })
  .min(0, 'A weight cannot be negative')
  .max(100, 'A weight is at most 100');

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

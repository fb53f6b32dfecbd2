import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { insertAudit } from '../../db/repos/audit.ts';
import { deleteSessionsOf, findAccount, setAccountDisabled, setPassword } from '../../db/repos/users.ts';
import { canManageAccount } from '../../domain/access.ts';
import type { Account } from '../../domain/account.ts';
import type { Clock } from '../../domain/clock.ts';
import type { FormResult } from '../admin.ts';
import { hashPassword, oneTimePassword } from '../passwords.ts';

/** Why an admin may not manage this account, shown beside the account; undefined when they may. */
function refusal(actor: Account, target: Account): string | undefined {
  if (canManageAccount(actor, target)) return undefined;
  return actor.id === target.id
    ? 'You cannot do this to your own account; change your own password at My password.'
    : 'Only an admin manages accounts.';
}

/**
 * An admin resets another account's password: a new random one-time password, returned once to be handed over,
 * which must be changed at the next sign-in. Every session of the account ends. Undefined when no such account.
 */
export async function resetPassword(
  db: Db,
  clock: Clock,
  actor: Account,
  userId: number,
): Promise<FormResult<{ email: string; name: string; password: string }> | undefined> {
  const target = findAccount(db, userId);
  if (!target) return undefined;
  const refused = refusal(actor, target);
  if (refused) return { ok: false, errors: { account: refused } };
  const password = oneTimePassword();
  const hash = await hashPassword(password);
  const at = clock.now().toISO()!;
  db.transaction((tx) => {
    setPassword(tx, userId, hash, true);
    deleteSessionsOf(tx, userId);
    insertAudit(
      tx,
      [{ action: 'account.reset', personId: target.personId, detail: `${target.email}: one-time password issued` }],
      { userId: actor.id, at },
    );
  });
  return { ok: true, value: { email: target.email, name: target.name, password } };
}

const statusForm = z.object({
  status: z.enum(['disabled', 'enabled'], { error: 'Choose disabled or enabled' }),
});

/**
 * An admin disables or enables another account. Disabling ends every session of it at once (a trigger in the
 * database does it whoever writes); enabling does not bring old sessions back. Undefined when no such account.
 */
export function setAccountStatus(
  db: Db,
  clock: Clock,
  actor: Account,
  userId: number,
  body: unknown,
): FormResult<'disabled' | 'enabled'> | undefined {
  const target = findAccount(db, userId);
  if (!target) return undefined;
  const parsed = statusForm.safeParse(body);
  if (!parsed.success) return { ok: false, errors: { status: parsed.error.issues[0]!.message } };
  const refused = refusal(actor, target);
  if (refused) return { ok: false, errors: { account: refused } };
  const disabled = parsed.data.status === 'disabled';
  const at = clock.now().toISO()!;
  db.transaction((tx) => {
    setAccountDisabled(tx, userId, disabled);
    insertAudit(
      tx,
      [
        {
          action: disabled ? 'account.disable' : 'account.enable',
          personId: target.personId,
          detail: `${target.email} ${parsed.data.status}`,
        },
      ],
      { userId: actor.id, at },
    );
  });
  return { ok: true, value: parsed.data.status };
}

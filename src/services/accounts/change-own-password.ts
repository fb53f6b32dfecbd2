import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { insertAudit } from '../../db/repos/audit.ts';
import { passwordHashOf, setPassword } from '../../db/repos/users.ts';
import type { Account } from '../../domain/account.ts';
import type { Clock } from '../../domain/clock.ts';
import type { FormResult } from '../admin.ts';
import { hashPassword, newPasswordProblem, verifyPassword } from '../passwords.ts';
import { endOtherSessions } from '../sessions.ts';

const form = z.object({
  currentPassword: z.string({ error: 'Enter your current password' }).min(1, 'Enter your current password').max(1000),
  password: z.string({ error: 'Choose a new password' }).min(1, 'Choose a new password').max(1000),
  confirm: z.string({ error: 'Type the new password again' }).max(1000),
});

/** The error a wrong current password gets (the route counts these for its throttle). */
export const WRONG_CURRENT_PASSWORD = 'This is not your current password';

/**
 * A person changes their own password: the current one must match, the new one must be acceptable and typed twice,
 * and differ from the current one. It clears the one-time mark, ends every other session of the account (the one
 * behind `cookie` stays) and records the change in the audit log.
 */
export async function changeOwnPassword(
  db: Db,
  clock: Clock,
  account: Account,
  cookie: string | undefined,
  body: unknown,
): Promise<FormResult<true>> {
  const parsed = form.safeParse(body);
  if (!parsed.success) {
    return { ok: false, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) };
  }
  const { currentPassword, password, confirm } = parsed.data;
  const stored = passwordHashOf(db, account.id);
  if (!stored || !(await verifyPassword(currentPassword, stored)))
    return { ok: false, errors: { currentPassword: WRONG_CURRENT_PASSWORD } };
  const problem = newPasswordProblem(password, account.email);
  if (problem) return { ok: false, errors: { password: problem } };
  if (password === currentPassword)
    return { ok: false, errors: { password: 'Choose a password different from the current one' } };
  if (confirm !== password) return { ok: false, errors: { confirm: 'The two new passwords differ' } };
  const hash = await hashPassword(password);
  const at = clock.now().toISO()!;
  db.transaction((tx) => {
    setPassword(tx, account.id, hash, false);
    endOtherSessions(tx, account.id, cookie);
    insertAudit(
      tx,
      [{ action: 'account.password', personId: account.personId, detail: `${account.email} changed their password` }],
      { userId: account.id, at },
    );
  });
  return { ok: true, value: true };
}

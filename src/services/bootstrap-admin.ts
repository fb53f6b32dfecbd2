import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { insertAudit } from '../db/repos/audit.ts';
import { applyHrImport } from '../db/repos/hr.ts';
import { findPerson } from '../db/repos/people.ts';
import { createAccount, findAccountByEmail } from '../db/repos/users.ts';
import type { Clock } from '../domain/clock.ts';
import { departmentId } from './hr-import.ts';
import { hashPassword } from './passwords.ts';

/** Who the first admin is: a person id, and (when that person does not exist yet) their HR fields. */
export interface AdminInput {
  personId: string;
  email: string;
  name?: string;
  department?: string;
}

/**
 * Creates an admin account on an installation without the demo, so someone can sign in to import people and open
 * accounts. The person is created from the given HR fields when missing; the random password is returned once.
 */
export async function bootstrapAdmin(
  db: Db,
  clock: Clock,
  input: AdminInput,
): Promise<{ email: string; password: string }> {
  const email = input.email.trim().toLowerCase();
  if (findAccountByEmail(db, email)) throw new Error(`admin: an account for ${email} already exists`);
  const existing = findPerson(db, input.personId);
  if (!existing && (!input.name || !input.department)) {
    throw new Error(`admin: person ${input.personId} does not exist yet; give --name and --department to create them`);
  }
  const password = randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(password);
  const at = clock.now().toISO()!;
  db.transaction((tx) => {
    if (!existing) {
      const row = {
        line: 0,
        id: input.personId,
        name: input.name!,
        email,
        department: input.department!,
        title: '',
        grade: '',
        location: '',
      };
      applyHrImport(tx, [row], { at, source: 'first admin', deactivateMissing: false, departmentId });
    }
    createAccount(tx, { personId: input.personId, email, passwordHash, roles: ['admin'], mustChangePassword: true });
    insertAudit(tx, [{ action: 'account.create', personId: input.personId, detail: `first admin ${email}` }], { at });
  });
  return { email, password };
}

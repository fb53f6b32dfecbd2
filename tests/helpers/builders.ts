import type { Db } from '../../src/db/client.ts';
import { createAccount } from '../../src/db/repos/users.ts';
import type { Role } from '../../src/domain/account.ts';
import type { Person, Problem } from '../../src/domain/types.ts';
import { hashPassword } from '../../src/services/passwords.ts';
import { TEST_PASSWORD } from './test-app.ts';

/**
 * A design problem for tests: affects Game Design, no named people or skills, 3–4 seats, at least 1 affected and
 * 1 outsider from 2 departments, carry-over 1–2, starting 2027-01; `overrides` change any of it.
 */
export function testProblem(id: string, title: string, overrides: Partial<Problem> = {}): Problem {
  return {
    id,
    title,
    affectedDepartments: ['design'],
    affectedPeople: [],
    requiredSkills: [],
    size: { min: 3, max: 4 },
    minAffected: 1,
    minOutsiders: 1,
    minDepartments: 2,
    carryOver: { min: 1, max: 2 },
    startMonth: '2027-01',
    ...overrides,
  };
}

/** A person for tests with the e-mail `<id>@studio.test` and no skills, interests or absences unless given. */
export function testPerson(id: string, name: string, department: string, extra: Partial<Person> = {}): Person {
  return {
    id,
    name,
    department,
    email: `${id}@studio.test`,
    skills: {},
    interests: [],
    unavailable: [],
    ...extra,
  };
}

/** An account to create for a test: its e-mail, the person it belongs to and its roles. */
export interface TestAccount {
  email: string;
  personId: string;
  roles: Role[];
}

/** Creates accounts that sign in with TEST_PASSWORD (hashed once for all of them). */
export async function addTestAccounts(db: Db, accounts: TestAccount[]): Promise<void> {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  for (const a of accounts) createAccount(db, { ...a, passwordHash });
}

import { writePlanMonths } from '../../src/db/repos/cabals.ts';
import { insertStudio } from '../../src/db/repos/studio.ts';
import { createAccount } from '../../src/db/repos/users.ts';
import type { Role } from '../../src/domain/account.ts';
import type { Db } from '../../src/db/client.ts';
import type { PlanMonth } from '../../src/domain/plan.ts';
import type { Problem } from '../../src/domain/types.ts';
import { hashPassword } from '../../src/services/passwords.ts';
import { testPerson } from '../helpers/builders.ts';
import { TEST_NOW, TEST_PASSWORD } from '../helpers/test-app.ts';

const person = testPerson;

const problem = (id: string, title: string, requiredSkills: Problem['requiredSkills'], lead?: string): Problem => ({
  id,
  title,
  lead,
  affectedDepartments: ['eng'],
  affectedPeople: [],
  requiredSkills,
  size: { min: 2, max: 6 },
  minAffected: 0,
  minOutsiders: 0,
  minDepartments: 1,
  carryOver: { min: 0, max: 3 },
  startMonth: '2025-06',
});

/**
 * A studio whose right ranking for "netcode" is known by hand (the test month is 2027-01):
 * 1. Rhea Stone: netcode 3, no cabal work;
 * 2. Omar Vance: netcode 2, two recent published months on a problem needing netcode;
 * 3. Lena Park: netcode 2, one recent published month (plus a draft and an old month, which do not count);
 * 4. Kit Moreau: netcode 2 and the interest "netcode", no cabal work;
 * 5. Juno Hart: netcode 2, no cabal work, not interested;
 * 6. Ines Costa: only the interest "netcode".
 * Others hold no netcode. Names in other scripts and with accents or apostrophes are among them.
 */
export function expertStudio(db: Db): void {
  const people = [
    person('rhea', 'Rhea Stone', 'eng', { skills: { netcode: 3 }, location: 'Stockholm' }),
    person('omar', 'Omar Vance', 'eng', { skills: { netcode: 2, shaders: 1 }, location: 'Montreal' }),
    person('lena', 'Lena Park', 'art', { skills: { netcode: 2 }, location: 'Montreal' }),
    person('kit', 'Kit Moreau', 'art', { skills: { netcode: 2 }, interests: ['netcode'] }),
    person('juno', 'Juno Hart', 'design', { skills: { netcode: 2, 'level-design': 3 } }),
    person('ines', 'Ines Costa', 'design', { skills: { 'level-design': 1 }, interests: ['netcode'] }),
    person('zoe', 'Zoë Núñez', 'design', { skills: { 'sound-design': 2 }, title: 'Audio Lead' }),
    person('obrien', "Siobhán O'Brien", 'art', { skills: { 'c++': 3, 'c#': 1 }, interests: ['board games'] }),
    person('yamada', '山田 太郎', 'eng', { skills: { tools: 2 }, location: 'Tokyo' }),
    person('petr', 'Пётр Иванов', 'eng', { skills: { tools: 1 } }),
  ];
  const problems = [
    problem('netsync', 'Net sync', [{ skill: 'netcode', minLevel: 1 }], 'rhea'),
    problem('levels', 'Level flow', [{ skill: 'level-design', minLevel: 1 }], 'juno'),
  ];
  const departments = [
    { id: 'eng', name: 'Engineering' },
    { id: 'art', name: 'Art' },
    { id: 'design', name: 'Game Design' },
  ];
  const seat = (p: string) =>
    ({ person: p, tags: ['outsider'], why: '' }) as PlanMonth['cabals'][number]['members'][number];
  const month = (m: string, cabals: Record<string, string[]>): PlanMonth => ({
    month: m,
    cabals: Object.entries(cabals).map(([pr, ids]) => ({ problem: pr, members: ids.map(seat) })),
  });
  db.transaction((tx) => {
    insertStudio(tx, { departments, people, problems }, 'test fixture', TEST_NOW);
    writePlanMonths(
      tx,
      [
        month('2025-06', { netsync: ['lena', 'zoe'] }), // older than a year: not recent
        month('2026-11', { netsync: ['omar', 'zoe'], levels: ['juno', 'ines'] }),
        month('2026-12', { netsync: ['omar', 'lena'], levels: ['juno', 'ines'] }),
        month('2027-01', { levels: ['kit', 'zoe'] }), // a problem that does not need netcode
      ],
      'published',
      TEST_NOW,
    );
    writePlanMonths(tx, [month('2027-02', { netsync: ['lena', 'juno'], levels: ['omar', 'kit'] })], 'draft', TEST_NOW);
  });
}

/** Accounts on the expert studio: an employee (Ines), a lead (Juno, who leads Level flow), an admin (Rhea). */
export async function expertAccounts(db: Db): Promise<Record<'employee' | 'lead' | 'admin' | 'other', string>> {
  const hash = await hashPassword(TEST_PASSWORD);
  const accounts: [key: 'employee' | 'lead' | 'admin' | 'other', personId: string, roles: Role[]][] = [
    ['employee', 'ines', []],
    ['lead', 'juno', ['lead']],
    ['admin', 'petr', ['admin']],
    ['other', 'zoe', []],
  ];
  const out = {} as Record<'employee' | 'lead' | 'admin' | 'other', string>;
  for (const [key, personId, roles] of accounts) {
    const email = `${key}@studio.test`;
    createAccount(db, { personId, email, passwordHash: hash, roles });
    out[key] = email;
  }
  return out;
}

import request from 'supertest';
import { migrateDb, openDb, type Db } from '../../src/db/client.ts';
import { insertStudio } from '../../src/db/repos/studio.ts';
import type { Role } from '../../src/domain/account.ts';
import type { Department } from '../../src/domain/types.ts';
import type { PlanRunRegistry } from '../../src/services/planning/index.ts';
import { addTestAccounts, testPerson, testProblem } from './builders.ts';
import { appOn, TEST_NOW } from './test-app.ts';

const departments: Department[] = [
  { id: 'art', name: 'Art' },
  { id: 'eng', name: 'Engineering' },
  { id: 'design', name: 'Game Design' },
];

/**
 * Eighteen people ("Person A" … "Person R") in three departments, problems Alpha quest (led by p1) and Beta balance
 * (led by p2), and accounts leadA, leadB, idle (a lead of nothing), admin and employee, all at @studio.test.
 */
export async function twoLeadStudio(db: Db): Promise<void> {
  const people = Array.from({ length: 18 }, (_, k) =>
    testPerson(`p${k + 1}`, `Person ${String.fromCharCode(65 + k)}`, departments[k % 3].id),
  );
  const size = { min: 3, max: 3 };
  const problems = [
    testProblem('alpha', 'Alpha quest', { lead: 'p1', size }),
    testProblem('beta', 'Beta balance', { lead: 'p2', size }),
  ];
  db.transaction((tx) => insertStudio(tx, { departments, people, problems }, 'test fixture', TEST_NOW));
  const accounts: Record<string, { personId: string; roles: Role[] }> = {
    leadA: { personId: 'p1', roles: ['lead'] },
    leadB: { personId: 'p2', roles: ['lead'] },
    idle: { personId: 'p3', roles: ['lead'] },
    admin: { personId: 'p4', roles: ['admin'] },
    employee: { personId: 'p5', roles: [] },
  };
  await addTestAccounts(
    db,
    Object.entries(accounts).map(([key, a]) => ({ email: `${key}@studio.test`, ...a })),
  );
}

/**
 * An app on the two-lead studio, on a database file or in memory, with its live-run registry; `seed: false` opens a
 * second app instance on a file another instance already seeded.
 */
export async function twoLeadApp(file = ':memory:', { seed = true }: { seed?: boolean } = {}) {
  const db = openDb(file);
  migrateDb(db);
  const { app, runs, clock } = appOn(db, { config: { databasePath: file } });
  if (seed) await twoLeadStudio(db);
  return { db, app, runs, clock };
}

/** A problem's cabals exactly as stored (month, status, members, tags, why), to compare byte for byte. */
export function storedTimeline(db: Db, problemId: string): string {
  return JSON.stringify(
    db.$client
      .prepare(
        `select c.month, c.status, c.published_at, m.person_id, m.tags, m.why from cabals c
         join cabal_members m on m.cabal_id = c.id where c.problem_id = ? order by c.month, m.person_id`,
      )
      .all(problemId),
  );
}

/** Starts a plan run through the web and waits until it has saved (or refused) its drafts. */
export async function planRun(
  agent: request.Agent,
  csrf: string,
  runs: PlanRunRegistry,
  months: number,
  scope = 'mine',
) {
  const res = await agent
    .post('/plans/runs')
    .type('form')
    .send({ months: String(months), scope, _csrf: csrf });
  await runs.settle();
  return res;
}

/** Uploads a plan JSON through the htmx import form. */
export async function uploadPlan(agent: request.Agent, csrf: string, doc: unknown) {
  return agent
    .post('/plans/imports')
    .set('X-CSRF-Token', csrf)
    .set('HX-Request', 'true')
    .attach('plan', Buffer.from(typeof doc === 'string' ? doc : JSON.stringify(doc)), 'plan.json');
}

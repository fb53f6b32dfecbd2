import * as cheerio from 'cheerio';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { migrateDb, openDb, type Db } from '../../src/db/client.ts';
import type { Role } from '../../src/domain/account.ts';
import { insertStudio } from '../../src/db/repos/studio.ts';
import { fixedClock, type Clock } from '../../src/domain/clock.ts';
import type { Department, Person } from '../../src/domain/types.ts';
import { addTestAccounts, testPerson, testProblem } from './builders.ts';
import type { SeedOptions } from '../../src/services/seed.ts';
import { PlanRunRegistry } from '../../src/services/planning/run-registry.ts';

/** The password every test account gets. */
export const TEST_PASSWORD = 'correct horse battery staple';

/** The instant tests run at, unless they choose another. */
export const TEST_NOW = '2027-01-15T10:00:00Z';

/** A freshly migrated in-memory database. */
export function freshDb(): Db {
  const db = openDb(':memory:');
  migrateDb(db);
  return db;
}

/** A test configuration: in-memory database, no demo seed, overridable. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ NODE_ENV: 'test' }), databasePath: ':memory:', ...overrides };
}

/** The accounts of the tiny studio, one per role (and `other`, a second employee). */
export type TinyAccount = 'employee' | 'lead' | 'manager' | 'admin' | 'other';

/** A small hand-made studio: 3 departments, 6 people, 1 problem, plus accounts for each role. */
export async function tinyStudio(db: Db): Promise<Record<TinyAccount, { email: string; personId: string }>> {
  const departments: Department[] = [
    { id: 'art', name: 'Art' },
    { id: 'eng', name: 'Engineering' },
    { id: 'design', name: 'Game Design' },
  ];
  const person = (id: string, name: string, department: string): Person =>
    testPerson(id, name, department, { skills: { netcode: 2 }, interests: ['ui'] });
  const people = [
    person('p1', 'Ada Moss', 'art'),
    person('p2', 'Ben Okafor', 'eng'),
    person('p3', 'Cleo Park', 'design'),
    person('p4', 'Dev Rao', 'eng'),
    person('p5', 'Eve Lind', 'art'),
    person('p6', 'Finn Hale', 'design'),
  ];
  const problems = [testProblem('combat-feel', 'Combat feel', { lead: 'p2' })];
  db.transaction((tx) => insertStudio(tx, { departments, people, problems }, 'test fixture', TEST_NOW));
  const roles: Record<TinyAccount, [personId: string, roles: Role[]]> = {
    employee: ['p1', []],
    lead: ['p2', ['lead']],
    manager: ['p3', ['manager']],
    admin: ['p4', ['admin']],
    other: ['p5', []],
  };
  const accounts = Object.entries(roles).map(([key, [personId, r]]) => ({
    key,
    email: `${key}@studio.test`,
    personId,
    roles: r,
  }));
  await addTestAccounts(db, accounts);
  return Object.fromEntries(accounts.map((a) => [a.key, { email: a.email, personId: a.personId }])) as Record<
    TinyAccount,
    { email: string; personId: string }
  >;
}

/** An app on a fresh database; `seed` fills it with a generated studio, otherwise with the tiny studio. */
export async function testApp(options: { seed?: SeedOptions; config?: Partial<Config>; clock?: Clock } = {}) {
  const db = freshDb();
  const clock = options.clock ?? fixedClock(TEST_NOW);
  const accounts = options.seed ? undefined : await tinyStudio(db);
  if (options.seed) {
    // Loaded on demand: only tests that want a generated studio pay for the planner.
    const { seedStudio } = await import('../../src/services/seed.ts');
    await seedStudio(db, clock, options.seed);
  }
  return { ...appOn(db, { clock, config: options.config }), accounts };
}

/**
 * The app of a test on a migrated database, with a fixed clock (TEST_NOW unless given), a live-run registry that
 * settleRuns(db) waits on, and the errors it logged.
 */
export function appOn(db: Db, options: { config?: Partial<Config>; clock?: Clock } = {}) {
  const clock = options.clock ?? fixedClock(TEST_NOW);
  const errors: unknown[] = [];
  const runs = trackRuns(db);
  const app = createApp({ db, config: testConfig(options.config), clock, runs, log: (e) => errors.push(e) });
  return { app, db, clock, errors, runs };
}

/** The live-run registry of each test app, by its database, so a test holding only `db` can wait for its runs. */
const registries = new WeakMap<Db, PlanRunRegistry>();

/** A new live-run registry for an app on this database, which settleRuns(db) then waits on. */
export function trackRuns(db: Db): PlanRunRegistry {
  const runs = new PlanRunRegistry();
  registries.set(db, runs);
  return runs;
}

/** Resolves when every plan run of the app on this database has finished and saved (or refused) its drafts. */
export async function settleRuns(db: Db): Promise<void> {
  await registries.get(db)?.settle();
}

/** Parses an HTML response body. */
export function html(res: { text: string }): cheerio.CheerioAPI {
  return cheerio.load(res.text);
}

/** Reads the CSRF token a page rendered into its forms. */
export function csrfFrom(res: { text: string }): string {
  const token =
    html(res)('input[name="_csrf"]').first().attr('value') ?? html(res)('body').attr('hx-headers:inherited');
  if (!token) throw new Error('no CSRF token on the page');
  return token.startsWith('{') ? (JSON.parse(token) as Record<string, string>)['X-CSRF-Token']! : token;
}

/** Signs in through the real login form and returns the agent (cookies kept) and the CSRF token of the signed-in session. */
export async function signIn(
  app: Parameters<typeof request.agent>[0],
  email: string,
  password = TEST_PASSWORD,
): Promise<{ agent: TestAgent; csrf: string }> {
  const agent = request.agent(app);
  const form = await agent.get('/login').expect(200);
  const csrf = csrfFrom(form);
  const res = await agent.post('/login').type('form').send({ email, password, _csrf: csrf });
  if (res.status !== 303) throw new Error(`sign-in of ${email} failed with ${res.status}`);
  // Signing in rotates the CSRF seed: the token for later posts comes from a page rendered after it.
  const page = await agent.get(res.headers.location as string);
  return { agent, csrf: csrfFrom(page) };
}

/** Changes the signed-in account's password through /me/password (the way out of a one-time password); returns the response. */
export async function changePassword(agent: TestAgent, csrf: string, current: string, next: string) {
  return agent
    .post('/me/password')
    .type('form')
    .send({ currentPassword: current, password: next, confirm: next, _csrf: csrf });
}

/** Plans the next months through the lead's Plan button and waits until the run has saved (or refused) its drafts. */
export async function planThroughWeb(agent: TestAgent, csrf: string, db: Db, months: number): Promise<string> {
  const start = await agent
    .post('/plans/runs')
    .type('form')
    .send({ months: String(months), _csrf: csrf });
  if (start.status !== 303) throw new Error(`plan run refused with ${start.status}`);
  await settleRuns(db);
  return start.headers.location as string;
}

/**
 * The lead's problem form for the test studio's "Combat feel" problem, as posted fields: the given required skills
 * (names as typed, levels 1–3) as `skills[i][skill]` / `skills[i][minLevel]`, its usual sizes and quotas (3–4 seats,
 * 1 affected, 1 outsider, 2 departments, 1–2 carried over, from 2027-01, active), and `overrides` on top.
 */
export function combatFeelForm(
  csrf: string,
  skills: { skill: string; minLevel: number }[] = [],
  overrides: Record<string, string | string[]> = {},
): Record<string, string | string[]> {
  const fields = new Map<string, string | string[]>([
    ['title', 'Combat feel'],
    ['affectedDepartments', 'design'],
  ]);
  skills.forEach((s, i) => {
    fields.set(`skills[${i}][skill]`, s.skill);
    fields.set(`skills[${i}][minLevel]`, String(s.minLevel));
  });
  const usual: [string, string][] = [
    ['sizeMin', '3'],
    ['sizeMax', '4'],
    ['minAffected', '1'],
    ['minOutsiders', '1'],
    ['minDepartments', '2'],
    ['carryOverMin', '1'],
    ['carryOverMax', '2'],
    ['startMonth', '2027-01'],
    ['status', 'active'],
    ['_csrf', csrf],
  ];
  for (const [k, v] of usual) fields.set(k, v);
  for (const [k, v] of Object.entries(overrides)) fields.set(k, v);
  return Object.fromEntries(fields);
}

/**
 * Saves the test studio's "Combat feel" problem through the lead's form with the given required skills (skill names as
 * typed, levels 1–3) and its usual sizes and quotas; expects the form to be accepted (303).
 */
export async function saveCombatFeel(
  agent: TestAgent,
  csrf: string,
  skills: { skill: string; minLevel: number }[],
): Promise<void> {
  await agent.post('/problems/combat-feel').type('form').send(combatFeelForm(csrf, skills)).expect(303);
}

import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { createApp } from '../../src/app.ts';
import { migrateDb, openDb, type Db } from '../../src/db/client.ts';
import { listPlanMonths } from '../../src/db/repos/cabals.ts';
import { upsertPin } from '../../src/db/repos/pins.ts';
import { insertStudio } from '../../src/db/repos/studio.ts';
import { createAccount } from '../../src/db/repos/users.ts';
import type { Role } from '../../src/domain/account.ts';
import { fixedClock } from '../../src/domain/clock.ts';
import type { Department, Person, Problem } from '../../src/domain/types.ts';
import { hashPassword } from '../../src/services/passwords.ts';
import { PlanRunRegistry } from '../../src/services/planning/index.ts';
import { html, signIn, testConfig, TEST_NOW, TEST_PASSWORD } from '../helpers/test-app.ts';

const departments: Department[] = [
  { id: 'art', name: 'Art' },
  { id: 'eng', name: 'Engineering' },
  { id: 'design', name: 'Game Design' },
];

function problem(id: string, title: string, lead: string, extra: Partial<Problem> = {}): Problem {
  return {
    id,
    title,
    lead,
    affectedDepartments: ['design'],
    affectedPeople: [],
    requiredSkills: [],
    size: { min: 3, max: 3 },
    minAffected: 1,
    minOutsiders: 1,
    minDepartments: 2,
    carryOver: { min: 1, max: 2 },
    startMonth: '2027-01',
    ...extra,
  };
}

/** Eighteen people in three departments, two problems with two leads, and accounts: lead A, lead B, a lead of nothing, an admin. */
async function twoLeadStudio(db: Db) {
  const people: Person[] = Array.from({ length: 18 }, (_, k) => ({
    id: `p${k + 1}`,
    name: `Person ${String.fromCharCode(65 + k)}`,
    department: departments[k % 3].id,
    email: `p${k + 1}@studio.test`,
    skills: {},
    interests: [],
    unavailable: [],
  }));
  const problems = [problem('alpha', 'Alpha quest', 'p1'), problem('beta', 'Beta balance', 'p2')];
  db.transaction((tx) => insertStudio(tx, { departments, people, problems }, 'test fixture', TEST_NOW));
  const hash = await hashPassword(TEST_PASSWORD);
  const accounts: Record<string, { personId: string; roles: Role[] }> = {
    leadA: { personId: 'p1', roles: ['lead'] },
    leadB: { personId: 'p2', roles: ['lead'] },
    idle: { personId: 'p3', roles: ['lead'] },
    admin: { personId: 'p4', roles: ['admin'] },
  };
  for (const [key, a] of Object.entries(accounts))
    createAccount(db, { personId: a.personId, email: `${key}@studio.test`, passwordHash: hash, roles: a.roles });
}

async function ownershipApp(file = ':memory:') {
  const db = openDb(file);
  migrateDb(db);
  const runs = new PlanRunRegistry();
  const clock = fixedClock(TEST_NOW);
  const app = createApp({ db, config: testConfig({ databasePath: file }), clock, runs, log: () => undefined });
  return { db, app, runs };
}

/** A problem's cabals from 2027-01 on, exactly as stored (status, members, tags, why). */
function timeline(db: Db, problemId: string) {
  return JSON.stringify(
    db.$client
      .prepare(
        `select c.month, c.status, m.person_id, m.tags, m.why from cabals c join cabal_members m on m.cabal_id = c.id
         where c.problem_id = ? order by c.month, m.person_id`,
      )
      .all(problemId),
  );
}

async function plan(agent: request.Agent, csrf: string, runs: PlanRunRegistry, months: number, scope = 'mine') {
  const res = await agent
    .post('/plans/runs')
    .type('form')
    .send({ months: String(months), scope, _csrf: csrf });
  await runs.settle();
  return res;
}

function draftMonthsOf(db: Db, problemId: string) {
  return listPlanMonths(db, { status: 'draft' })
    .filter((m) => m.cabals.some((c) => c.problem === problemId))
    .map((m) => m.month);
}

function runStatus(db: Db) {
  return db.$client.prepare('select id, status, result from plan_runs order by id desc limit 1').get() as
    { id: number; status: string; result: string } | undefined;
}

describe('plan runs owned by their leads', () => {
  it('refuses a run to a lead who leads nothing (403), and a studio-wide run to a lead (403), recording nothing', async () => {
    const { db, app, runs } = await ownershipApp();
    await twoLeadStudio(db);
    const idle = await signIn(app, 'idle@studio.test');
    const page = html(await idle.agent.get('/plans').expect(200));
    expect(page('[data-testid="run-scope"]').text()).toContain('You lead no active design problem');
    expect(page('form[action="/plans/runs"]').length).toBe(0);
    const res = await plan(idle.agent, idle.csrf, runs, 2);
    expect(res.status).toBe(403);
    expect(res.text).toContain('You lead no active design problem');
    const leadA = await signIn(app, 'leadA@studio.test');
    expect((await plan(leadA.agent, leadA.csrf, runs, 2, 'studio')).status).toBe(403);
    expect(runStatus(db)).toBeUndefined();
    expect(listPlanMonths(db, {})).toEqual([]);
  });

  it('two leads plan and publish their own problems without touching each other; an admin run plans around an impossible problem', async () => {
    const { db, app, runs } = await ownershipApp();
    await twoLeadStudio(db);
    const a = await signIn(app, 'leadA@studio.test');
    const b = await signIn(app, 'leadB@studio.test');

    const scope = html(await a.agent.get('/plans').expect(200))('[data-testid="run-scope"]').text();
    expect(scope).toContain('Alpha quest');
    expect(scope).not.toContain('Beta balance');
    expect(scope).toContain('January 2027');

    expect((await plan(a.agent, a.csrf, runs, 3)).status).toBe(303);
    expect(runStatus(db)!.status).toBe('planned');
    expect(draftMonthsOf(db, 'alpha')).toEqual(['2027-01', '2027-02', '2027-03']);
    expect(draftMonthsOf(db, 'beta')).toEqual([]);

    expect((await plan(b.agent, b.csrf, runs, 3)).status).toBe(303);
    const alphaAfterB = timeline(db, 'alpha');
    expect(draftMonthsOf(db, 'beta')).toEqual(['2027-01', '2027-02', '2027-03']);

    // Lead B may not publish Alpha's month; lead A publishes Alpha's January only.
    await b.agent.post('/problems/alpha/months/2027-01/publication').type('form').send({ _csrf: b.csrf }).expect(403);
    expect(timeline(db, 'alpha')).toBe(alphaAfterB);
    const published = await a.agent
      .post('/problems/alpha/months/2027-01/publication')
      .type('form')
      .send({ _csrf: a.csrf });
    expect(published.status).toBe(303);
    const statuses = db.$client
      .prepare("select problem_id, status from cabals where month = '2027-01' order by problem_id")
      .all();
    expect(statuses).toEqual([
      { problem_id: 'alpha', status: 'published' },
      { problem_id: 'beta', status: 'draft' },
    ]);
    const notice = html(await a.agent.get(published.headers.location as string).expect(200));
    expect(notice('.notice').text()).toContain('Published January 2027 of Alpha quest');

    // A published month of a problem is refused a second time, named.
    const again = await a.agent.post('/problems/alpha/months/2027-01/publication').type('form').send({ _csrf: a.csrf });
    expect(again.status).toBe(409);
    expect(again.text).toContain('January 2027');

    // Lead B plans again: Alpha's published and draft cabals are byte-for-byte what they were.
    const alphaBefore = timeline(db, 'alpha');
    expect((await plan(b.agent, b.csrf, runs, 3)).status).toBe(303);
    expect(runStatus(db)!.status).toBe('planned');
    expect(timeline(db, 'alpha')).toBe(alphaBefore);
    // ... and Beta's seats never share a month with Alpha's.
    for (const m of listPlanMonths(db, {})) {
      const seated = m.cabals.flatMap((c) => c.members.map((x) => x.person));
      expect(new Set(seated).size).toBe(seated.length);
    }
    const betaBefore = timeline(db, 'beta');

    // An impossible third problem: an admin's studio-wide run plans the others and explains the impossible one.
    db.$client
      .prepare(
        `insert into problems (id, title, lead_person_id, size_min, size_max, min_affected, min_outsiders,
           min_departments, carry_over_min, carry_over_max, start_month, status)
         values ('gamma', 'Gamma wizardry', 'p4', 3, 3, 0, 1, 2, 1, 2, '2027-01', 'active')`,
      )
      .run();
    db.$client.prepare("insert into problem_required_skills values ('gamma', 'wizardry', 5)").run();
    const admin = await signIn(app, 'admin@studio.test');
    const started = await plan(admin.agent, admin.csrf, runs, 3, 'studio');
    expect(started.status).toBe(303);
    const run = runStatus(db)!;
    expect(run.status).toBe('planned');
    const outcome = JSON.parse(run.result) as { problems: string[]; blocked: { problem: string }[] };
    expect(outcome.problems.sort()).toEqual(['alpha', 'beta']);
    expect(outcome.blocked.map((x) => x.problem)).toEqual(['gamma']);
    expect(draftMonthsOf(db, 'gamma')).toEqual([]);
    // Beta's January stays (the run starts at February, Alpha's first month still to publish); Alpha's January stays published.
    expect(timeline(db, 'beta')).toContain(JSON.stringify(JSON.parse(betaBefore)[0]).slice(1, -1));
    expect(draftMonthsOf(db, 'beta')).toEqual(['2027-01', '2027-02', '2027-03', '2027-04']);
    expect(draftMonthsOf(db, 'alpha')).toEqual(['2027-02', '2027-03', '2027-04']);
    const widget = html(await admin.agent.get(started.headers.location as string).expect(200));
    expect(widget('#run').text()).toContain('Gamma wizardry');
    expect(widget('#run').text()).toContain('cannot be staffed');
    expect(widget('[data-testid="infeasible"] td').length).toBeGreaterThan(0);
  }, 180_000);

  it('keeps drafts after the planned months, reports later drafts a new month breaks, and offers to re-plan them', async () => {
    const { db, app, runs } = await ownershipApp();
    await twoLeadStudio(db);
    const a = await signIn(app, 'leadA@studio.test');
    await plan(a.agent, a.csrf, runs, 3);
    const march = timeline(db, 'alpha').match(/"month":"2027-03"[^}]*/g);
    // Everyone in February's cabal is pinned out of January, so a re-planned January leaves February no carry-over.
    const feb = listPlanMonths(db, { from: '2027-02', before: '2027-03' })[0].cabals.find(
      (c) => c.problem === 'alpha',
    )!;
    db.transaction((tx) => {
      for (const x of feb.members)
        upsertPin(
          tx,
          { month: '2027-01', problem: 'alpha', person: x.person, mode: 'exclude' },
          { userId: 1, at: TEST_NOW },
        );
    });
    const febBefore = JSON.stringify(feb);
    const res = await plan(a.agent, a.csrf, runs, 1);
    expect(runStatus(db)!.status).toBe('planned');
    expect(draftMonthsOf(db, 'alpha')).toEqual(['2027-01', '2027-02', '2027-03']);
    expect(timeline(db, 'alpha').match(/"month":"2027-03"[^}]*/g)).toEqual(march);
    const febAfter = listPlanMonths(db, { from: '2027-02', before: '2027-03' })[0].cabals.find(
      (c) => c.problem === 'alpha',
    )!;
    expect(JSON.stringify(febAfter)).toBe(febBefore);
    const widget = html(await a.agent.get(res.headers.location as string).expect(200));
    const breaks = widget('[data-testid="later-breaks"]');
    expect(breaks.text()).toContain('Alpha quest');
    expect(breaks.text()).toContain('February 2027');
    expect(breaks.find('code').text()).toContain('carry-over');
    expect(breaks.find('input[name="months"]').attr('value')).toBe('2');
  });

  it("keeps a lead's drafts when their own problem cannot be staffed", async () => {
    const { db, app, runs } = await ownershipApp();
    await twoLeadStudio(db);
    const a = await signIn(app, 'leadA@studio.test');
    await plan(a.agent, a.csrf, runs, 2);
    const before = timeline(db, 'alpha');
    db.$client.prepare("insert into problem_required_skills values ('alpha', 'wizardry', 5)").run();
    const res = await plan(a.agent, a.csrf, runs, 2);
    expect(runStatus(db)!.status).toBe('infeasible');
    expect(timeline(db, 'alpha')).toBe(before);
    const widget = html(await a.agent.get(res.headers.location as string).expect(200));
    expect(widget('[data-testid="infeasible"]').text()).toContain('Alpha quest');
  });
});

describe('one writer', () => {
  it('lets only one of two app processes on one database start a run, and publish a month once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cabal-one-writer-'));
    const file = path.join(dir, 'cabal.db');
    const one = await ownershipApp(file);
    await twoLeadStudio(one.db);
    const two = await ownershipApp(file);
    try {
      const a1 = await signIn(one.app, 'leadA@studio.test');
      const b2 = await signIn(two.app, 'leadB@studio.test');
      const first = await a1.agent
        .post('/plans/runs')
        .type('form')
        .send({ months: '2', scope: 'mine', _csrf: a1.csrf });
      expect(first.status).toBe(303);
      // The second process has no run of its own in memory; the database refuses it.
      const second = await b2.agent
        .post('/plans/runs')
        .type('form')
        .send({ months: '2', scope: 'mine', _csrf: b2.csrf });
      expect(second.status).toBe(303);
      expect(second.headers.location).toBe(first.headers.location);
      await one.runs.settle();
      expect(one.db.$client.prepare('select count(*) n from plan_runs').get()).toEqual({ n: 1 });

      const a2 = await signIn(two.app, 'leadA@studio.test');
      const [p1, p2] = await Promise.all([
        a1.agent.post('/problems/alpha/months/2027-01/publication').type('form').send({ _csrf: a1.csrf }),
        a2.agent.post('/problems/alpha/months/2027-01/publication').type('form').send({ _csrf: a2.csrf }),
      ]);
      expect([p1.status, p2.status].sort()).toEqual([303, 409]);
      const audit = one.db.$client.prepare("select count(*) n from audit_log where action = 'month.publish'").get();
      expect(audit).toEqual({ n: 1 });
    } finally {
      one.db.$client.close();
      two.db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('route parameters and candidates', () => {
  it('answers 404 for a malformed month, an unknown person, a published month and a non-member', async () => {
    const { db, app, runs } = await ownershipApp();
    await twoLeadStudio(db);
    const a = await signIn(app, 'leadA@studio.test');
    await plan(a.agent, a.csrf, runs, 2);
    const jan = listPlanMonths(db, { from: '2027-01', before: '2027-02' })[0].cabals.find(
      (c) => c.problem === 'alpha',
    )!;
    const member = jan.members[0].person;
    const outsider = ['p5', 'p6', 'p7', 'p8', 'p9'].find((p) => !jan.members.some((x) => x.person === p))!;
    const url = (month: string, person: string) => `/problems/alpha/months/${month}/members/${person}/candidates`;
    await a.agent.get(url('2027-01', member)).expect(200);
    await a.agent.get(url('abc', member)).expect(404);
    await a.agent.get(url('2027-13', member)).expect(404);
    await a.agent.get(url('2027-01', 'nobody')).expect(404);
    await a.agent.get(url('2027-01', outsider)).expect(404);
    await a.agent.post('/problems/alpha/months/2027-01/publication').type('form').send({ _csrf: a.csrf }).expect(303);
    const published = await a.agent.get(url('2027-01', member));
    expect(published.status).toBe(404);
    expect(published.text).toContain('no seat to replace in a draft cabal of Alpha quest');
    // A malformed month on a state-changing route is 404 too, and changes nothing.
    await a.agent.post('/problems/alpha/months/abc/publication').type('form').send({ _csrf: a.csrf }).expect(404);
  });
});

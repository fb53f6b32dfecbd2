import { describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { lastPublishedMonth, listPlanMonths, writePlanMonths } from '../../src/db/repos/cabals.ts';
import { createAccount } from '../../src/db/repos/users.ts';
import { personUnavailableMonths } from '../../src/db/schema.ts';
import type { Db } from '../../src/db/client.ts';
import type { PlanMonth } from '../../src/domain/plan.ts';
import { hashPassword } from '../../src/services/passwords.ts';
import { buildPlanRequest } from '../../src/services/planning/index.ts';
import { checkPlan } from '../../src/planner/index.ts';
import { html, planThroughWeb, settleRuns, signIn, testApp, TEST_NOW, TEST_PASSWORD } from '../helpers/test-app.ts';

// Guards found in review: history never gets a gap, imports cannot break later drafts or lie in their tags,
// and a swap cannot add a second break of a rule the cabal already breaks.

const cabalOf = (month: string, members: string[]): PlanMonth => ({
  month,
  cabals: [{ problem: 'combat-feel', members: members.map((person) => ({ person, tags: [], why: '' })) }],
});

async function importPlan(agent: TestAgent, csrf: string, months: PlanMonth[]) {
  return agent
    .post('/plans/imports')
    .set('X-CSRF-Token', csrf)
    .set('HX-Request', 'true')
    .attach('plan', Buffer.from(JSON.stringify({ status: 'planned', months })), 'plan.json');
}

function drafts(db: Db) {
  return listPlanMonths(db, { status: 'draft' });
}

describe('plan import keeps the schedule whole', () => {
  it('refuses a plan that starts after the next unplanned month, so a published gap cannot arise', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    const res = await importPlan(agent, csrf, [cabalOf('2027-05', ['p1', 'p2', 'p3'])]);
    expect(res.status).toBe(422);
    expect(html(res)('.import-result').text()).toContain(
      'The plan starts Combat feel at May 2027, leaving January 2027 unplanned',
    );
    expect(drafts(db)).toEqual([]);
  });

  it('refuses a plan with a month missing in the middle', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    const res = await importPlan(agent, csrf, [
      cabalOf('2027-01', ['p1', 'p2', 'p3']),
      cabalOf('2027-03', ['p4', 'p5', 'p6']),
    ]);
    expect(res.status).toBe(422);
    expect(html(res)('.import-result').text()).toContain('The plan skips February 2027 of Combat feel');
    expect(drafts(db)).toEqual([]);
  });

  it('refuses an import that breaks the carry-over of a later draft month', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    db.transaction((tx) =>
      writePlanMonths(
        tx,
        [cabalOf('2027-01', ['p1', 'p2', 'p3']), cabalOf('2027-02', ['p1', 'p3', 'p5'])],
        'draft',
        TEST_NOW,
      ),
    );
    const res = await importPlan(agent, csrf, [cabalOf('2027-01', ['p2', 'p4', 'p6'])]);
    expect(res.status).toBe(422);
    expect(html(res)('.import-result').text()).toContain('carry-over');
    expect(drafts(db)[0]!.cabals[0]!.members.map((m) => m.person)).toEqual(['p1', 'p2', 'p3']);
  });

  it('recomputes tags and "why" from the data instead of trusting the file', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    const lying: PlanMonth = {
      month: '2027-01',
      cabals: [
        {
          problem: 'combat-feel',
          members: [
            { person: 'p1', tags: ['affected', 'carry-over'], why: 'the boss said so' },
            { person: 'p2', tags: [], why: '' },
            { person: 'p3', tags: ['outsider', 'affected'], why: '' },
          ],
        },
      ],
    };
    const res = await importPlan(agent, csrf, [lying]);
    expect(res.status).toBe(200);
    const members = drafts(db)[0]!.cabals[0]!.members;
    // Only design is affected; nobody served in 2026-12.
    expect(members.find((m) => m.person === 'p1')!.tags).toEqual(['outsider']);
    expect(members.find((m) => m.person === 'p3')!.tags).toEqual(['affected']);
    expect(members.every((m) => !m.tags.includes('carry-over'))).toBe(true);
    expect(members.find((m) => m.person === 'p1')!.why).toMatch(/^imported by Ben Okafor; an outsider to the problem/);
  });

  it('refuses two cabals for one problem in one month with the field named, not a server error', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    const twice: PlanMonth = {
      month: '2027-01',
      cabals: [...cabalOf('2027-01', ['p1', 'p2', 'p3']).cabals, ...cabalOf('2027-01', ['p4', 'p5', 'p6']).cabals],
    };
    const res = await importPlan(agent, csrf, [twice]);
    expect(res.status).toBe(422);
    expect(html(res)('.import-result').text()).toContain('months[0].cabals[1].problem');
    expect(drafts(db)).toEqual([]);
  });
});

describe('publishing', () => {
  it('publishes only the next month, so history has no gap', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    await planThroughWeb(agent, csrf, db, 2);
    const res = await agent.post('/plans/months/2027-02/publication').type('form').send({ _csrf: csrf });
    expect(res.status).toBe(422);
    expect(html(res)('body').text()).toContain('publish January 2027 first');
    expect(lastPublishedMonth(db)).toBeUndefined();
  });

  it('is refused to a lead who leads none of the month’s problems', async () => {
    const { app, db, accounts } = await testApp();
    const lead = await signIn(app, accounts!.lead.email);
    await planThroughWeb(lead.agent, lead.csrf, db, 1);
    createAccount(db, {
      personId: 'p6',
      email: 'p6@studio.test',
      passwordHash: await hashPassword(TEST_PASSWORD),
      roles: ['lead'],
    });
    const other = await signIn(app, 'p6@studio.test');
    const res = await other.agent.post('/plans/months/2027-01/publication').type('form').send({ _csrf: other.csrf });
    expect(res.status).toBe(422);
    expect(html(res)('body').text()).toContain('Only an admin or the lead of one of January 2027');
    expect(lastPublishedMonth(db)).toBeUndefined();
  });
});

describe('replacing a member', () => {
  it('refuses a swap that adds a second break of a rule the cabal already breaks', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    db.transaction((tx) => writePlanMonths(tx, [cabalOf('2027-01', ['p1', 'p2', 'p3'])], 'draft', TEST_NOW));
    db.insert(personUnavailableMonths)
      .values([
        { personId: 'p1', month: '2027-01' },
        { personId: 'p5', month: '2027-01' },
      ])
      .run();
    const res = await agent
      .post('/problems/combat-feel/months/2027-01/members/p2/replacement')
      .type('form')
      .send({ candidate: 'p5', _csrf: csrf });
    expect(res.status).toBe(422);
    const members = drafts(db)[0]!.cabals[0]!.members.map((m) => m.person);
    expect(members).toEqual(['p1', 'p2', 'p3']);
    const unavailable = checkPlan(buildPlanRequest(db, '2027-01', 1), { months: drafts(db) }).violations.filter(
      (v) => v.rule === 'unavailable',
    );
    expect(unavailable).toHaveLength(1);
  });
});

describe('who stays on', () => {
  it('is read from last month’s roster, not from stored tags a later swap can outdate', async () => {
    const { app, db, accounts } = await testApp();
    const { agent } = await signIn(app, accounts!.lead.email);
    const feb: PlanMonth = {
      month: '2027-02',
      cabals: [
        {
          problem: 'combat-feel',
          members: [
            { person: 'p2', tags: ['outsider'], why: '' },
            { person: 'p4', tags: ['outsider', 'carry-over'], why: 'carried over from 2027-01' },
            { person: 'p6', tags: ['affected'], why: '' },
          ],
        },
      ],
    };
    db.transaction((tx) => writePlanMonths(tx, [cabalOf('2027-01', ['p1', 'p2', 'p3']), feb], 'draft', TEST_NOW));
    const $ = html(await agent.get('/problems/combat-feel').expect(200));
    expect($('#month-2027-02 .carry-note').text()).toContain('1 of 3 stay on from January 2027');
    const staying = $('#month-2027-02 tr.stays-on')
      .map((_, tr) => $(tr).attr('data-person'))
      .get();
    expect(staying).toEqual(['p2']);
  });
});

describe('the progress widget on a problem page', () => {
  it('reloads the problem page when the run ends, so the timeline shows the new drafts; on the plan page it swaps in place', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    const url = await planThroughWeb(agent, csrf, db, 1);
    const fromProblem = await agent
      .get(url)
      .set('HX-Request', 'true')
      .set('HX-Current-URL', 'http://localhost/problems/combat-feel?run=1')
      .expect(200);
    expect(fromProblem.headers['hx-refresh']).toBe('true');
    const fromPlans = await agent
      .get(url)
      .set('HX-Request', 'true')
      .set('HX-Current-URL', 'http://localhost/plans')
      .expect(200);
    expect(fromPlans.headers['hx-refresh']).toBeUndefined();
    expect(html(fromPlans)('#run').attr('data-status')).toBe('planned');
  });
});

describe('a plan run that outlives its data', () => {
  it('saves nothing when the studio changed while it ran so that the plan breaks a rule', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    const start = await agent.post('/plans/runs').type('form').send({ months: '1', _csrf: csrf }).expect(303);
    // While the worker plans, everyone marks January unavailable.
    db.insert(personUnavailableMonths)
      .values(['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((personId) => ({ personId, month: '2027-01' })))
      .run();
    await settleRuns(db);
    const done = html(
      await agent
        .get(start.headers.location as string)
        .set('HX-Request', 'true')
        .expect(200),
    );
    expect(done('#run').attr('data-status')).toBe('failed');
    expect(done('#run').text()).toContain('The studio changed while the plan ran');
    expect(drafts(db)).toEqual([]);
  });

  it('cannot be cancelled by another lead', async () => {
    const { app, db, accounts } = await testApp();
    const lead = await signIn(app, accounts!.lead.email);
    createAccount(db, {
      personId: 'p6',
      email: 'p6@studio.test',
      passwordHash: await hashPassword(TEST_PASSWORD),
      roles: ['lead'],
    });
    const other = await signIn(app, 'p6@studio.test');
    const start = await lead.agent.post('/plans/runs').type('form').send({ months: '1', _csrf: lead.csrf }).expect(303);
    await other.agent
      .post(`${start.headers.location}/cancellation`)
      .type('form')
      .send({ _csrf: other.csrf })
      .expect(303);
    await settleRuns(db);
    const done = html(
      await lead.agent
        .get(start.headers.location as string)
        .set('HX-Request', 'true')
        .expect(200),
    );
    expect(done('#run').attr('data-status')).toBe('planned');
  });
});

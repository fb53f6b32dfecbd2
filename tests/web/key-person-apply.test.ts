import { describe, expect, it } from 'vitest';
import { saveProblem } from '../../src/db/repos/problems.ts';
import { dataVersion } from '../../src/db/repos/data-version.ts';
import { cabalMembers, cabals } from '../../src/db/schema.ts';
import type { Db } from '../../src/db/client.ts';
import { addTestAccounts, testProblem } from '../helpers/builders.ts';
import { html, settleRuns, signIn, testApp, TEST_NOW } from '../helpers/test-app.ts';
import { tinyNetwork, writeCabal } from './network-fixture.ts';

/** Writes a draft cabal of the second problem, Sound (led by Finn). */
function writeSoundDraft(db: Db, month: string, members: string[]): void {
  const { id } = db
    .insert(cabals)
    .values({ problemId: 'sound', month, status: 'draft' })
    .returning({ id: cabals.id })
    .get();
  for (const personId of members)
    db.insert(cabalMembers)
      .values({ cabalId: id, personId, tags: ['outsider'] })
      .run();
}

/**
 * The tiny network with drafts: Combat feel (led by Ben, the lead account) has Cleo in January and February;
 * Sound (led by Finn, a second lead) has Eve in January. Cleo sits only on Combat feel; Eve on both.
 */
async function app() {
  const t = await testApp();
  tinyNetwork(t.db);
  // Ada and Cleo sat in December's cabal and Ada rests after three months: January may start afresh.
  t.db.$client.prepare(`update problems set carry_over_min = 0 where id = 'combat-feel'`).run();
  saveProblem(
    t.db,
    {
      ...testProblem('sound', 'Sound', {
        lead: 'p6',
        affectedDepartments: ['art'],
        size: { min: 1, max: 2 },
        minAffected: 0,
        minOutsiders: 0,
        minDepartments: 1,
        carryOver: { min: 0, max: 2 },
      }),
      status: 'active',
    },
    TEST_NOW,
  );
  await addTestAccounts(t.db, [{ personId: 'p6', email: 'finn@studio.test', roles: ['lead'] }]);
  writeCabal(t.db, '2027-01', ['p3', 'p2', 'p6'], 'draft');
  writeCabal(t.db, '2027-02', ['p3', 'p4', 'p1'], 'draft');
  writeSoundDraft(t.db, '2027-01', ['p5', 'p1']);
  return t;
}

/** Everything a refused apply must leave as it was. */
const snapshot = (db: Db) => ({
  seats: db.$client
    .prepare(
      `select c.problem_id, c.month, c.status, m.person_id from cabals c join cabal_members m on m.cabal_id = c.id
       order by 1, 2, 4`,
    )
    .all(),
  pins: db.$client.prepare('select * from pins order by 1, 2, 3').all(),
  audit: db.$client.prepare('select count(*) n from audit_log').get(),
  runs: db.$client.prepare('select count(*) n from plan_runs').get(),
});

/** Opens the re-plan preview and waits (on the plan worker, not on a clock) until it has an answer. */
async function preview(agent: Awaited<ReturnType<typeof signIn>>['agent'], person: string) {
  for (let i = 0; i < 600; i++) {
    const $ = html(await agent.get(`/people/${person}/impact/replan`).set('HX-Request', 'true').expect(200));
    if ($('[data-status]').attr('data-status') !== 'running') return $;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the preview did not finish');
}

describe('POST /people/:id/impact/applications: applying the re-plan without a person', () => {
  it('lets a lead re-plan the problems they lead without the person, pinned out and audited, in one click', async () => {
    const { app: a, accounts, db } = await app();
    const { agent } = await signIn(a, accounts!.lead.email);
    const $ = await preview(agent, 'p3');
    expect($('[data-status]').attr('data-status')).toBe('planned');
    const form = $('[data-testid="apply-replan"]');
    expect(form.find('button').text()).toBe('Re-plan Combat feel without Cleo Park');
    const version = form.find('input[name="version"]').val() as string;
    const csrf = form.find('input[name="_csrf"]').val() as string;
    const soundBefore = snapshot(db).seats.filter((s) => (s as { problem_id: string }).problem_id === 'sound');

    const res = await agent.post('/people/p3/impact/applications').type('form').send({ version, _csrf: csrf });
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/problems\/combat-feel\?run=\d+#run$/);
    await settleRuns(db);

    const after = snapshot(db);
    const combat = after.seats.filter((s) => (s as { problem_id: string }).problem_id === 'combat-feel') as {
      month: string;
      status: string;
      person_id: string;
    }[];
    // Cleo is in no draft of Combat feel any more; both months were re-planned; Sound kept its draft.
    expect(combat.filter((s) => s.status === 'draft' && s.person_id === 'p3')).toEqual([]);
    expect(new Set(combat.filter((s) => s.status === 'draft').map((s) => s.month))).toEqual(
      new Set(['2027-01', '2027-02']),
    );
    expect(after.seats.filter((s) => (s as { problem_id: string }).problem_id === 'sound')).toEqual(soundBefore);
    // She is pinned out of both months, each pin audited, and the run saved and audited as any re-plan.
    expect(db.$client.prepare(`select problem_id, month, person_id, mode from pins order by month`).all()).toEqual([
      { problem_id: 'combat-feel', month: '2027-01', person_id: 'p3', mode: 'exclude' },
      { problem_id: 'combat-feel', month: '2027-02', person_id: 'p3', mode: 'exclude' },
    ]);
    const audit = db.$client
      .prepare(
        `select action, person_id, detail from audit_log where action in ('pin.add', 'plan.save', 'cabal.leave')`,
      )
      .all() as { action: string; person_id: string; detail: string }[];
    expect(audit.filter((e) => e.action === 'pin.add').map((e) => e.detail)).toEqual([
      'pinned out to re-plan without Cleo Park (key-person impact)',
      'pinned out to re-plan without Cleo Park (key-person impact)',
    ]);
    expect(audit.some((e) => e.action === 'plan.save')).toBe(true);
    expect(audit.filter((e) => e.action === 'cabal.leave' && e.person_id === 'p3')).toHaveLength(2);
    // The problem page follows the run like any re-plan.
    const page = html(await agent.get(res.headers.location as string).expect(200));
    expect(page('[data-testid="plan-run"]').attr('data-status')).toBe('planned');
  });

  it('explains an infeasible re-plan like any other, and keeps the drafts', async () => {
    const { app: a, accounts, db } = await app();
    // Without Cleo, only Finn could be Combat feel's affected member; he is away both months.
    for (const month of ['2027-01', '2027-02'])
      db.$client.prepare(`insert into person_unavailable_months (person_id, month) values ('p6', ?)`).run(month);
    const { agent, csrf } = await signIn(a, accounts!.lead.email);
    const $ = await preview(agent, 'p3');
    expect($('[data-status]').attr('data-status')).toBe('infeasible');
    expect($('[data-testid="apply-replan"]').length).toBe(0); // the preview found no plan: no button to apply it
    const drafts = () =>
      db.$client
        .prepare(
          `select c.month, m.person_id from cabals c join cabal_members m on m.cabal_id = c.id
           where c.status = 'draft' order by 1, 2`,
        )
        .all();
    const before = drafts();
    // Applied all the same (from a tab opened before), the run explains why it cannot staff the problem.
    const res = await agent
      .post('/people/p3/impact/applications')
      .type('form')
      .send({ version: String(dataVersion(db)), _csrf: csrf })
      .expect(303);
    await settleRuns(db);
    const run = html(await agent.get(res.headers.location as string).expect(200))('[data-testid="plan-run"]');
    expect(run.attr('data-status')).toBe('infeasible');
    expect(run.text()).toContain('Combat feel');
    expect(run.text()).toContain('cannot be staffed in January 2027');
    expect(run.text()).toContain('Cleo Park pinned out'); // the reasons name people, with ways out
    expect(run.text()).toContain('Nothing was changed');
    expect(drafts()).toEqual(before);
  });
});

describe('POST /people/:id/impact/applications: refusals change nothing', () => {
  it('refuses a lead whose problems the person does not sit on, naming the problems (403)', async () => {
    const { app: a, accounts, db } = await app();
    const before = snapshot(db);
    // Finn leads Sound; Cleo sits only on Combat feel.
    const finn = await signIn(a, 'finn@studio.test');
    const version = String(dataVersion(db));
    const res = await finn.agent
      .post('/people/p3/impact/applications')
      .type('form')
      .send({ version, _csrf: finn.csrf });
    expect(res.status).toBe(403);
    expect(html(res)('main').text()).toContain('Cleo Park’s draft seats are on Combat feel, which you do not lead');
    // Ben leads Combat feel; Eve sits only on Sound. His preview page does not offer to apply it.
    const ben = await signIn(a, accounts!.lead.email);
    const eve = await ben.agent.post('/people/p5/impact/applications').type('form').send({ version, _csrf: ben.csrf });
    expect(eve.status).toBe(403);
    expect(html(eve)('main').text()).toContain('Sound');
    const $ = await preview(ben.agent, 'p5');
    expect($('[data-testid="apply-replan"]').length).toBe(0);
    expect($('[data-testid="apply-others"]').text()).toContain('Eve Lind’s seats on Sound are for its lead to re-plan');
    // A manager changes nothing; an employee may not even see the impact.
    const manager = await signIn(a, accounts!.manager.email);
    expect(
      (await manager.agent.post('/people/p3/impact/applications').type('form').send({ version, _csrf: manager.csrf }))
        .status,
    ).toBe(403);
    const employee = await signIn(a, accounts!.employee.email);
    expect(
      (await employee.agent.post('/people/p3/impact/applications').type('form').send({ version, _csrf: employee.csrf }))
        .status,
    ).toBe(403);
    await settleRuns(db);
    expect(snapshot(db)).toEqual(before);
  });

  it('answers malformed, stale or unknown input with a 4xx that says what is wrong', async () => {
    const { app: a, accounts, db } = await app();
    const { agent, csrf } = await signIn(a, accounts!.lead.email);
    const before = snapshot(db);
    const post = (person: string, body: Record<string, string>) =>
      agent.post(`/people/${person}/impact/applications`).type('form').send(body);
    const missing = await post('p3', { _csrf: csrf });
    expect(missing.status).toBe(400);
    expect(html(missing)('main').text()).toContain('version:');
    for (const version of ['abc', '-1', '1.5', '9'.repeat(30)])
      expect((await post('p3', { version, _csrf: csrf })).status, version).toBe(400);
    const stale = await post('p3', { version: String(dataVersion(db) - 1), _csrf: csrf });
    expect(stale.status).toBe(409);
    expect(html(stale)('main').text()).toContain('The studio changed since this preview was planned');
    const nobody = await post('nobody', { version: String(dataVersion(db)), _csrf: csrf });
    expect(nobody.status).toBe(404);
    const forged = await post('p3', { version: String(dataVersion(db)) });
    expect(forged.status).toBe(403); // no CSRF token
    await settleRuns(db);
    expect(snapshot(db)).toEqual(before);
  });
});

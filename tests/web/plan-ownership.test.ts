import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Db } from '../../src/db/client.ts';
import { listPlanMonths } from '../../src/db/repos/cabals.ts';
import { upsertPin } from '../../src/db/repos/pins.ts';
import { planRun, storedTimeline, twoLeadApp } from '../helpers/two-leads.ts';
import { html, signIn, TEST_NOW } from '../helpers/test-app.ts';

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
    const { db, app, runs } = await twoLeadApp();
    const idle = await signIn(app, 'idle@studio.test');
    const page = html(await idle.agent.get('/plans').expect(200));
    expect(page('[data-testid="run-scope"]').text()).toContain('You lead no active design problem');
    expect(page('form[action="/plans/runs"]').length).toBe(0);
    const res = await planRun(idle.agent, idle.csrf, runs, 2);
    expect(res.status).toBe(403);
    expect(res.text).toContain('You lead no active design problem');
    const leadA = await signIn(app, 'leadA@studio.test');
    expect((await planRun(leadA.agent, leadA.csrf, runs, 2, 'studio')).status).toBe(403);
    expect(runStatus(db)).toBeUndefined();
    expect(listPlanMonths(db, {})).toEqual([]);
  });

  it('two leads plan and publish their own problems without touching each other; an admin run plans around an impossible problem', async () => {
    const { db, app, runs } = await twoLeadApp();
    const a = await signIn(app, 'leadA@studio.test');
    const b = await signIn(app, 'leadB@studio.test');

    const scope = html(await a.agent.get('/plans').expect(200))('[data-testid="run-scope"]').text();
    expect(scope).toContain('Alpha quest');
    expect(scope).not.toContain('Beta balance');
    expect(scope).toContain('January 2027');

    expect((await planRun(a.agent, a.csrf, runs, 3)).status).toBe(303);
    expect(runStatus(db)!.status).toBe('planned');
    expect(draftMonthsOf(db, 'alpha')).toEqual(['2027-01', '2027-02', '2027-03']);
    expect(draftMonthsOf(db, 'beta')).toEqual([]);

    expect((await planRun(b.agent, b.csrf, runs, 3)).status).toBe(303);
    const alphaAfterB = storedTimeline(db, 'alpha');
    expect(draftMonthsOf(db, 'beta')).toEqual(['2027-01', '2027-02', '2027-03']);

    // Lead B may not publish Alpha's month; lead A publishes Alpha's January only.
    await b.agent.post('/problems/alpha/months/2027-01/publication').type('form').send({ _csrf: b.csrf }).expect(403);
    expect(storedTimeline(db, 'alpha')).toBe(alphaAfterB);
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
    const alphaBefore = storedTimeline(db, 'alpha');
    expect((await planRun(b.agent, b.csrf, runs, 3)).status).toBe(303);
    expect(runStatus(db)!.status).toBe('planned');
    expect(storedTimeline(db, 'alpha')).toBe(alphaBefore);
    // ... and Beta's seats never share a month with Alpha's.
    for (const m of listPlanMonths(db, {})) {
      const seated = m.cabals.flatMap((c) => c.members.map((x) => x.person));
      expect(new Set(seated).size).toBe(seated.length);
    }
    const betaBefore = storedTimeline(db, 'beta');

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
    const started = await planRun(admin.agent, admin.csrf, runs, 3, 'studio');
    expect(started.status).toBe(303);
    const run = runStatus(db)!;
    expect(run.status).toBe('planned');
    const outcome = JSON.parse(run.result) as { problems: string[]; blocked: { problem: string }[] };
    expect(outcome.problems.sort()).toEqual(['alpha', 'beta']);
    expect(outcome.blocked.map((x) => x.problem)).toEqual(['gamma']);
    expect(draftMonthsOf(db, 'gamma')).toEqual([]);
    // Beta's January stays (the run starts at February, Alpha's first month still to publish); Alpha's January stays published.
    expect(storedTimeline(db, 'beta')).toContain(JSON.stringify(JSON.parse(betaBefore)[0]).slice(1, -1));
    expect(draftMonthsOf(db, 'beta')).toEqual(['2027-01', '2027-02', '2027-03', '2027-04']);
    expect(draftMonthsOf(db, 'alpha')).toEqual(['2027-02', '2027-03', '2027-04']);
    const widget = html(await admin.agent.get(started.headers.location as string).expect(200));
    expect(widget('#run').text()).toContain('Gamma wizardry');
    expect(widget('#run').text()).toContain('cannot be staffed');
    expect(widget('[data-testid="infeasible"] td').length).toBeGreaterThan(0);
  }, 180_000);

  it('keeps drafts after the planned months, reports later drafts a new month breaks, and offers to re-plan them', async () => {
    const { db, app, runs } = await twoLeadApp();
    const a = await signIn(app, 'leadA@studio.test');
    await planRun(a.agent, a.csrf, runs, 3);
    const march = storedTimeline(db, 'alpha').match(/"month":"2027-03"[^}]*/g);
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
    const res = await planRun(a.agent, a.csrf, runs, 1);
    expect(runStatus(db)!.status).toBe('planned');
    expect(draftMonthsOf(db, 'alpha')).toEqual(['2027-01', '2027-02', '2027-03']);
    expect(storedTimeline(db, 'alpha').match(/"month":"2027-03"[^}]*/g)).toEqual(march);
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
    const { db, app, runs } = await twoLeadApp();
    const a = await signIn(app, 'leadA@studio.test');
    await planRun(a.agent, a.csrf, runs, 2);
    const before = storedTimeline(db, 'alpha');
    db.$client.prepare("insert into problem_required_skills values ('alpha', 'wizardry', 5)").run();
    const res = await planRun(a.agent, a.csrf, runs, 2);
    expect(runStatus(db)!.status).toBe('infeasible');
    expect(storedTimeline(db, 'alpha')).toBe(before);
    const widget = html(await a.agent.get(res.headers.location as string).expect(200));
    expect(widget('[data-testid="infeasible"]').text()).toContain('Alpha quest');
  });
});

describe('one writer', () => {
  it('lets only one of two app processes on one database start a run, and publish a month once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cabal-one-writer-'));
    const file = path.join(dir, 'cabal.db');
    const one = await twoLeadApp(file);
    const two = await twoLeadApp(file, { seed: false });
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
    const { db, app, runs } = await twoLeadApp();
    const a = await signIn(app, 'leadA@studio.test');
    await planRun(a.agent, a.csrf, runs, 2);
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

import { describe, expect, it } from 'vitest';
import { html, signIn } from '../helpers/test-app.ts';
import { planRun, storedTimeline, twoLeadApp } from '../helpers/two-leads.ts';

/** Alpha planned for two months with January published, then closed by its lead; Alpha requires a skill nobody has. */
async function closedAlpha() {
  const t = await twoLeadApp();
  const a = await signIn(t.app, 'leadA@studio.test');
  expect((await planRun(a.agent, a.csrf, t.runs, 2)).status).toBe(303);
  await a.agent.post('/problems/alpha/months/2027-01/publication').type('form').send({ _csrf: a.csrf }).expect(303);
  await a.agent.post('/problems/alpha/closure').type('form').send({ _csrf: a.csrf }).expect(303);
  // A skill nobody holds: an open problem's page warns it cannot be staffed.
  t.db.$client.prepare("insert into problem_required_skills values ('alpha', 'wizardry', 5)").run();
  const state = () => ({
    timeline: storedTimeline(t.db, 'alpha'),
    problem: t.db.$client.prepare("select status, updated_at from problems where id = 'alpha'").get(),
    audit: t.db.$client.prepare('select count(*) n from audit_log').get(),
  });
  return { ...t, a, state };
}

describe('a closed problem', () => {
  it('shows its history plainly, with no "cannot be staffed" warning, and a reopen button for its lead', async () => {
    const { a } = await closedAlpha();
    const page = html(await a.agent.get('/problems/alpha').expect(200));
    expect(page('h1 .badge').text()).toBe('closed');
    expect(page('[data-testid="unreachable-skills"]').length).toBe(0);
    expect(page('[data-testid="closed-note"]').text()).toContain('no longer planned');
    expect(page('[data-testid="closed-note"]').text()).toMatch(/Closed on \d{4}-\d\d-\d\d \d\d:\d\d UTC by Person A/);
    // January's published cabal is kept and shown; the draft February was dropped at closing.
    expect(page('#month-2027-01 tr.member').length).toBe(3);
    expect(page('#month-2027-02').length).toBe(0);
    // History only: no edit, replace, pin or publish controls.
    expect(page('button:contains("Replace")').length + page('.publish-month').length).toBe(0);
    expect(page('form[action="/problems/alpha/reopening"] button').text()).toBe('Reopen this problem');
  });

  it('offers no reopen button to another lead, a manager-less employee or a reader', async () => {
    const { app } = await closedAlpha();
    for (const email of ['leadB@studio.test', 'employee@studio.test', 'idle@studio.test']) {
      const { agent } = await signIn(app, email);
      const page = html(await agent.get('/problems/alpha').expect(200));
      expect(page('form[action="/problems/alpha/reopening"]').length, email).toBe(0);
      expect(page('[data-testid="closed-note"]').length, email).toBe(1);
    }
  });

  it('is reopened by its lead: audited, planned again, with a notice', async () => {
    const { a, db, runs } = await closedAlpha();
    const res = await a.agent.post('/problems/alpha/reopening').type('form').send({ _csrf: a.csrf });
    expect(res.status).toBe(303);
    const page = html(await a.agent.get(res.headers.location as string).expect(200));
    expect(page('h1 .badge').text()).toBe('active');
    expect(page('[data-testid="notice"]').text()).toContain('Alpha quest is open again');
    expect(page('[data-testid="closed-note"]').length).toBe(0);
    const audit = db.$client
      .prepare(
        "select a.action, a.detail, u.email from audit_log a join users u on u.id = a.actor_user_id where action = 'problem.reopen'",
      )
      .all();
    expect(audit).toEqual([{ action: 'problem.reopen', detail: 'reopened "Alpha quest"', email: 'leada@studio.test' }]);
    // It plans again, from February (January stays published).
    db.$client.prepare("delete from problem_required_skills where problem_id = 'alpha'").run();
    expect((await planRun(a.agent, a.csrf, runs, 1)).status).toBe(303);
    expect(
      db.$client.prepare("select month, status from cabals where problem_id = 'alpha' order by month").all(),
    ).toEqual([
      { month: '2027-01', status: 'published' },
      { month: '2027-02', status: 'draft' },
    ]);
  });

  it('is reopened by an admin too', async () => {
    const { app, db } = await closedAlpha();
    const admin = await signIn(app, 'admin@studio.test');
    await admin.agent.post('/problems/alpha/reopening').type('form').send({ _csrf: admin.csrf }).expect(303);
    expect(db.$client.prepare("select status from problems where id = 'alpha'").get()).toEqual({ status: 'active' });
  });

  it('refuses a reopening to another lead, an employee and a lead of nothing (403), the database unchanged', async () => {
    const { app, state } = await closedAlpha();
    const before = state();
    for (const email of ['leadB@studio.test', 'employee@studio.test', 'idle@studio.test']) {
      const { agent, csrf } = await signIn(app, email);
      const res = await agent.post('/problems/alpha/reopening').type('form').send({ _csrf: csrf });
      expect(res.status, email).toBe(403);
      expect(html(res)('main').text()).toContain('Only this problem’s lead or an admin may reopen it');
    }
    expect(state()).toEqual(before);
  });

  it('answers a malformed or pointless reopening with a 4xx and a message, changing nothing', async () => {
    const { a, app, db, state } = await closedAlpha();
    const before = state();
    const missing = await a.agent.post('/problems/no-such-problem/reopening').type('form').send({ _csrf: a.csrf });
    expect(missing.status).toBe(404);
    expect(html(missing)('main').text()).toContain('No such design problem');
    const noToken = await a.agent.post('/problems/alpha/reopening').type('form').send({});
    expect(noToken.status).toBe(403);
    expect(html(noToken)('main').text()).toContain('CSRF');
    const foreign = await a.agent.post('/problems/beta/reopening').type('form').send({ _csrf: a.csrf });
    expect(foreign.status).toBe(403);
    const admin = await signIn(app, 'admin@studio.test');
    const open = await admin.agent.post('/problems/beta/reopening').type('form').send({ _csrf: admin.csrf });
    expect(open.status).toBe(409);
    expect(html(open)('main').text()).toContain('Beta balance is not closed');
    expect(state()).toEqual(before);
    expect(db.$client.prepare("select status from problems where id = 'beta'").get()).toEqual({ status: 'active' });
  });
});

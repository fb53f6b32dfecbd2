import { describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { listPlanMonths } from '../../src/db/repos/cabals.ts';
import type { Db } from '../../src/db/client.ts';
import { html, saveCombatFeel, settleRuns, signIn, testApp } from '../helpers/test-app.ts';

/** Starts a plan from the plan page and follows the progress widget until it stops polling. */
async function planMonths(agent: TestAgent, csrf: string, db: Db, months: number) {
  const start = await agent
    .post('/plans/runs')
    .type('form')
    .send({ months: String(months), _csrf: csrf });
  expect(start.status).toBe(303);
  const url = start.headers.location as string;
  expect(url).toMatch(/^\/plans\/runs\/\d+$/);
  const first = await agent.get(url).set('HX-Request', 'true').expect(200);
  expect(first.text).not.toContain('<html');
  await settleRuns(db);
  const done = await agent.get(url).set('HX-Request', 'true').expect(200);
  return { url, first: html(first), done: html(done) };
}

describe('planning the coming months', () => {
  it('runs off the request thread with a polling widget that replaces itself with the saved drafts', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    const page = html(await agent.get('/plans').expect(200));
    expect(page('input[name="months"]').attr('value')).toBe('3');
    expect(page('body').text()).toContain('January 2027');
    expect(
      page('.my-problems a')
        .map((_, a) => page(a).attr('href'))
        .get(),
    ).toEqual(['/problems/combat-feel']);
    const { first, done } = await planMonths(agent, csrf, db, 3);
    const widget = first('#run');
    expect(widget.attr('data-status')).toBe('running');
    expect(widget.attr('hx-get')).toMatch(/\/plans\/runs\/\d+/);
    expect(widget.attr('hx-trigger')).toContain('delay:1s');
    expect(widget.text()).toMatch(/Planning month \d of 3/);
    expect(done('#run').attr('data-status')).toBe('planned');
    expect(done('#run').attr('hx-get')).toBeUndefined();
    expect(done('#run').text()).toContain('Drafts saved: January 2027 – March 2027');
    const drafts = listPlanMonths(db, { status: 'draft' });
    expect(drafts.map((m) => m.month)).toEqual(['2027-01', '2027-02', '2027-03']);

    const timeline = html(await agent.get('/problems/combat-feel').expect(200));
    expect(timeline('article.cabal').length).toBe(3);
    const firstRow = timeline('#month-2027-01 tr.member').first();
    expect(firstRow.find('td.why').text().length).toBeGreaterThan(10);
    expect(firstRow.find('.tag').text()).toMatch(/affected|outsider/);
    expect(timeline('#month-2027-02 .carry-note').text()).toMatch(/\d of \d stay on from January 2027/);
    expect(timeline('#month-2027-02 tr.stays-on').length).toBeGreaterThanOrEqual(1);
    const joins = timeline('.audit tbody tr').filter(
      (_, tr) => /cabal\.join/.test(timeline(tr).text()) && timeline(tr).find('td').eq(3).text() === 'January 2027',
    );
    expect(joins.length).toBe(1);
    expect(joins.find('td').eq(4).text().split(', ').length).toBe(drafts[0].cabals[0].members.length);
    expect(joins.text()).toMatch(/plan run #\d+/);
  });

  it('cancels a running plan and keeps nothing from it', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    const start = await agent.post('/plans/runs').type('form').send({ months: '12', _csrf: csrf }).expect(303);
    const cancel = await agent.post(`${start.headers.location}/cancellation`).type('form').send({ _csrf: csrf });
    expect(cancel.status).toBe(303);
    const widget = html(await agent.get(start.headers.location).set('HX-Request', 'true'))('#run');
    expect(widget.attr('data-status')).toBe('failed');
    expect(widget.text()).toContain('The run was cancelled.');
    expect(widget.text()).toContain('Nothing was changed');
    expect(listPlanMonths(db, {})).toEqual([]);
  });

  it('refuses more than 12 months with 422 beside the field', async () => {
    const { app, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    const res = await agent.post('/plans/runs').type('form').send({ months: '13', _csrf: csrf });
    expect(res.status).toBe(422);
    expect(html(res)('#months-error').text()).toMatch(/1 to 12/);
  });

  it('explains an impossible problem in plain words and keeps the drafts already made', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    await planMonths(agent, csrf, db, 2);
    const before = listPlanMonths(db, { status: 'draft' });
    expect(before.length).toBe(2);
    await saveCombatFeel(agent, csrf, [{ skill: 'netcode', minLevel: 3 }]);
    const { done } = await planMonths(agent, csrf, db, 3);
    const widget = done('#run');
    expect(widget.attr('data-status')).toBe('infeasible');
    const text = widget.text();
    expect(text).toContain('“Combat feel” cannot be staffed in January 2027');
    expect(
      widget
        .find('.conflict code')
        .map((_, c) => done(c).text())
        .get(),
    ).toContain('required-skills');
    expect(text).toMatch(/netcode/);
    expect(text).toContain('Nothing was changed');
    expect(listPlanMonths(db, { status: 'draft' })).toEqual(before);
  });

  it('publishes the first draft month, freezes it, and plans after it from then on', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    await planMonths(agent, csrf, db, 2);
    const refused = await agent.post('/plans/months/2027-02/publication').type('form').send({ _csrf: csrf });
    expect(refused.status).toBe(422);
    expect(html(refused)('.refusal').text()).toContain('publish January 2027 first');
    const january = listPlanMonths(db, { from: '2027-01', before: '2027-02' });
    const res = await agent.post('/plans/months/2027-01/publication').type('form').send({ _csrf: csrf });
    expect(res.status).toBe(303);
    expect(listPlanMonths(db, { status: 'published' })).toEqual(january);
    const page = html(await agent.get('/plans'));
    expect(page('body').text()).toContain('from February 2027 on');
    await planMonths(agent, csrf, db, 2);
    expect(listPlanMonths(db, { status: 'published' })).toEqual(january);
    expect(listPlanMonths(db, { status: 'draft' }).map((m) => m.month)).toEqual(['2027-02', '2027-03']);
    const timeline = html(await agent.get('/problems/combat-feel'));
    expect(timeline('#month-2027-01 .badge.published').length).toBe(1);
    expect(timeline('#month-2027-01 button').length).toBe(0);
    expect(timeline('.audit').text()).toContain('month.publish');
    const pin = await agent
      .post('/problems/combat-feel/months/2027-01/pins')
      .type('form')
      .send({ person: 'p1', mode: 'include', _csrf: csrf });
    expect(pin.status).toBe(422);
  });

  it('refuses to publish a draft that seats someone who has since left, naming them', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    await planMonths(agent, csrf, db, 1);
    const [draft] = listPlanMonths(db, { status: 'draft' });
    // Anyone but the lead (p2), whose leaving would end the session.
    const leaver = draft.cabals[0].members.map((m) => m.person).find((id) => id !== 'p2')!;
    db.$client.prepare("update people set active = 0, hr_updated_at = '2027-01-02' where id = ?").run(leaver);
    const res = await agent.post('/plans/months/2027-01/publication').type('form').send({ _csrf: csrf });
    expect(res.status).toBe(422);
    expect(html(res)('.refusal').text()).toContain(`unknown person "${leaver}"`);
    expect(listPlanMonths(db, { status: 'published' })).toEqual([]);
  });

  it('refuses planning, publishing, pinning and replacing to an employee and a manager (403)', async () => {
    const { app, db, accounts } = await testApp();
    const lead = await signIn(app, accounts!.lead.email);
    await planMonths(lead.agent, lead.csrf, db, 1);
    const member = listPlanMonths(db, {})[0].cabals[0].members[0].person;
    for (const email of [accounts!.employee.email, accounts!.manager.email]) {
      const { agent, csrf } = await signIn(app, email);
      const send = (path: string, body: object = {}) =>
        agent
          .post(path)
          .type('form')
          .send({ ...body, _csrf: csrf });
      expect((await agent.get('/plans')).status, email).toBe(403);
      expect((await send('/plans/runs', { months: '3' })).status, email).toBe(403);
      expect((await send('/plans/months/2027-01/publication')).status, email).toBe(403);
      expect(
        (await send('/problems/combat-feel/months/2027-01/pins', { person: 'p1', mode: 'include' })).status,
        email,
      ).toBe(403);
      expect((await send(`/problems/combat-feel/months/2027-01/pins/${member}/removal`)).status, email).toBe(403);
      expect((await agent.get(`/problems/combat-feel/months/2027-01/members/${member}/candidates`)).status, email).toBe(
        403,
      );
      expect(
        (await send(`/problems/combat-feel/months/2027-01/members/${member}/replacement`, { candidate: 'p1' })).status,
        email,
      ).toBe(403);
      const timeline = html(await agent.get('/problems/combat-feel').expect(200));
      expect(timeline('#month-2027-01 tr.member').length).toBeGreaterThan(0);
      expect(timeline('#month-2027-01 button').length, email).toBe(0);
    }
    expect(listPlanMonths(db, { status: 'published' })).toEqual([]);
  });
});

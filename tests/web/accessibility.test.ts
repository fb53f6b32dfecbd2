import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { listPlanMonths } from '../../src/db/repos/cabals.ts';
import { html, planThroughWeb, signIn, testApp } from '../helpers/test-app.ts';

describe('accessible names and landmarks in the HTML', () => {
  it('starts every page with a skip link to the focusable main landmark', async () => {
    const { app, accounts } = await testApp();
    const { agent } = await signIn(app, accounts!.employee.email);
    const pages = [['/login', await request(app).get('/login')]] as [string, { text: string }][];
    for (const path of ['/', '/me/rotation', '/problems']) pages.push([path, await agent.get(path).expect(200)]);
    for (const [path, res] of pages) {
      const page = html(res);
      const first = page('body a, body button, body input:not([type="hidden"])').first();
      expect(first.hasClass('skip-link'), path).toBe(true);
      expect(first.attr('href')).toBe('#main');
      expect(page('main#main').attr('tabindex')).toBe('-1');
    }
  });

  it('names each Replace, Swap in and Pin out button after the person and the month', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    await planThroughWeb(agent, csrf, db, 2);
    const page = html(await agent.get('/problems/combat-feel'));
    const replace = page('#month-2027-01 tr.member button[hx-get]')
      .map((_, b) => page(b).attr('aria-label'))
      .get();
    const members = page('#month-2027-01 tr.member td:first-child')
      .map((_, td) => page(td).text().replace('↺', '').replace('(stays on from last month)', '').trim())
      .get();
    expect(replace).toEqual(members.map((name) => `Replace ${name} in January 2027`));
    expect(new Set(page('button[aria-label^="Replace "]').map((_, b) => page(b).attr('aria-label'))).size).toBe(
      page('button[aria-label^="Replace "]').length,
    );
    expect(page('#month-2027-01 tr.member button.link').first().attr('aria-label')).toBe(
      `Pin out & re-plan: ${members[0]} in January 2027`,
    );

    const leaving = listPlanMonths(db, { from: '2027-01', before: '2027-01-99' })[0].cabals[0].members[0].person;
    const leavingName = page(`#month-2027-01 tr.member[data-person="${leaving}"] td:first-child`)
      .text()
      .replace('↺', '')
      .replace('(stays on from last month)', '')
      .trim();
    const panel = html(
      await agent.get(`/problems/combat-feel/months/2027-01/members/${leaving}/candidates`).set('HX-Request', 'true'),
    );
    const swaps = panel('tr.candidate').map((_, tr) => ({
      name: panel(tr).find('td').eq(1).contents().first().text().trim(),
      label: panel(tr).find('button').attr('aria-label'),
    }));
    expect(swaps.length).toBeGreaterThan(0);
    for (const s of swaps.get()) expect(s.label).toMatch(`Swap in ${s.name} for ${leavingName} in January 2027`);
  });

  it('announces the stays-on mark with text, not an aria-label on a role-less span', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    await planThroughWeb(agent, csrf, db, 2);
    const page = html(await agent.get('/problems/combat-feel'));
    const staying = page('#month-2027-02 tr.member.stays-on');
    expect(staying.length).toBeGreaterThan(0);
    expect(staying.find('.stays-mark').attr('aria-hidden')).toBe('true');
    expect(staying.find('.stays-mark').attr('aria-label')).toBeUndefined();
    expect(staying.find('.visually-hidden').first().text()).toBe('(stays on from last month)');
  });

  it('keeps notes inside <dd> elements of the figures lists (only dt and dd in a dl group)', async () => {
    const { app, accounts } = await testApp();
    const employee = await signIn(app, accounts!.employee.email);
    const manager = await signIn(app, accounts!.manager.email);
    const pages = [html(await employee.agent.get('/me/rotation')), html(await manager.agent.get('/coverage'))];
    for (const page of pages) {
      expect(page('dl.figures').length).toBeGreaterThan(0);
      page('dl.figures > div').each((_, group) => {
        for (const child of page(group).children().get()) expect(['dt', 'dd']).toContain(child.tagName);
      });
    }
    expect(pages[0]('[data-testid="latest-rest"]').prop('tagName')).toBe('DD');
  });

  it('opens a failed form with a focusable error summary listing every message, and the candidates panel at its heading', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    const refused = await agent.post('/problems').type('form').send({ _csrf: csrf, title: '' }).expect(422);
    const summary = html(refused)('[data-testid="error-summary"]');
    expect(summary.attr('autofocus')).toBeDefined();
    expect(summary.attr('tabindex')).toBe('-1');
    expect(summary.find('h2').text()).toBe('The problem was not saved');
    const fieldErrors = html(refused)('.field-error')
      .map((_, e) => html(refused)(e).text())
      .get();
    expect(fieldErrors.length).toBeGreaterThan(0);
    expect(
      summary
        .find('li')
        .map((_, li) => html(refused)(li).text())
        .get(),
    ).toEqual(expect.arrayContaining(fieldErrors));

    const anonymous = request.agent(app);
    const token = (await anonymous.get('/login')).text.match(/name="_csrf" value="([^"]+)"/)![1];
    const wrong = await anonymous.post('/login').type('form').send({ _csrf: token, email: 'x@y.z', password: 'no' });
    expect(html(wrong)('[data-testid="error-summary"][autofocus] li').text()).toBe('Email or password is wrong.');

    await planThroughWeb(agent, csrf, db, 1);
    const member = listPlanMonths(db, { from: '2027-01', before: '2027-01-99' })[0].cabals[0].members[0].person;
    const panel = html(
      await agent.get(`/problems/combat-feel/months/2027-01/members/${member}/candidates`).set('HX-Request', 'true'),
    );
    expect(panel('h4[autofocus][tabindex="-1"]').text()).toMatch(/^Replace .+ in January 2027: ranked candidates$/);
  });
});

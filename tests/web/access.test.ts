import { describe, expect, it } from 'vitest';
import { html, signIn, testApp } from '../helpers/test-app.ts';

describe('role gates', () => {
  it('refuses the lead, manager and admin pages to an employee, and hides them from the navigation', async () => {
    const { app, accounts } = await testApp();
    const { agent } = await signIn(app, accounts!.employee.email);
    const nav = html(await agent.get('/').expect(200))('nav a')
      .map((_, a) => html({ text: '' })(a).attr('href'))
      .get();
    expect(nav).not.toContain('/plans');
    expect(nav).not.toContain('/coverage');
    expect(nav).not.toContain('/admin');
    for (const path of ['/plans', '/problems/new', '/coverage', '/admin']) {
      const res = await agent.get(path);
      expect(res.status, path).toBe(403);
      expect(html(res)('h1').text()).toBe('Forbidden');
    }
  });

  it('lets a lead see the problem list with a "New problem" action, but not the admin page', async () => {
    const { app, accounts } = await testApp();
    const { agent } = await signIn(app, accounts!.lead.email);
    const res = await agent.get('/problems').expect(200);
    const $ = html(res);
    expect($('#problem-table tbody tr').first().text()).toContain('Combat feel');
    expect($('a[href="/problems/new"]').length).toBeGreaterThan(0);
    expect((await agent.get('/admin')).status).toBe(403);
  });

  it('lets an admin into the admin page, which lists accounts with roles', async () => {
    const { app, accounts } = await testApp();
    const { agent } = await signIn(app, accounts!.admin.email);
    const $ = html(await agent.get('/admin').expect(200));
    expect($('table').text()).toContain('lead@studio.test');
  });

  it('sends anonymous visitors to the login page', async () => {
    const { app } = await testApp();
    const { default: request } = await import('supertest');
    const res = await request(app).get('/problems');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fproblems');
  });
});

describe('error pages', () => {
  it('renders 404 in the layout, and as a bare fragment for htmx', async () => {
    const { app, accounts } = await testApp();
    const { agent } = await signIn(app, accounts!.employee.email);
    const page = await agent.get('/no/such/page');
    expect(page.status).toBe(404);
    expect(html(page)('header.top').length).toBe(1);
    expect(html(page)('h1').text()).toBe('Page not found');
    const fragment = await agent.get('/no/such/page').set('HX-Request', 'true');
    expect(fragment.status).toBe(404);
    expect(fragment.text).not.toContain('<html');
    expect(html(fragment)('section.error-page h1').text()).toBe('Page not found');
    expect(fragment.headers.vary).toMatch(/HX-Request/);
  });

  it('renders a 500 page without leaking the error', async () => {
    const { app, accounts, db, errors } = await testApp();
    const { agent } = await signIn(app, accounts!.employee.email);
    // The dashboard's seats are cached until the data changes: drop the table they come from and say it changed.
    db.$client.exec('DROP TABLE cabal_members; UPDATE data_version SET version = version + 1');
    const res = await agent.get('/');
    expect(res.status).toBe(500);
    expect(html(res)('h1').text()).toBe('Something went wrong');
    expect(res.text).not.toContain('cabal_members');
    expect(errors.length).toBe(1);
  });
});

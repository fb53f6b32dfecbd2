import { describe, expect, it } from 'vitest';
import { listPlanMonths } from '../../src/db/repos/cabals.ts';
import { html, planThroughWeb, signIn, testApp } from '../helpers/test-app.ts';

// The plan import and the HR import take multipart uploads. Their CSRF token travels as a header (htmx) or as a form
// field ahead of the file (a plain form), never in the URL, where logs, history and Referer headers would keep it.
describe('CSRF on uploads', () => {
  async function leadWithExport() {
    const t = await testApp();
    const lead = await signIn(t.app, t.accounts!.lead.email);
    await planThroughWeb(lead.agent, lead.csrf, t.db, 2);
    const exported = (await lead.agent.get('/problems/combat-feel/plan.json').expect(200)).text;
    return { ...t, ...lead, exported };
  }

  it('renders the import form without a token in its action, with the token as its first field', async () => {
    const { agent } = await leadWithExport();
    const form = html(await agent.get('/plans').expect(200))('form[enctype="multipart/form-data"]');
    expect(form.attr('action')).toBe('/plans/imports');
    expect(form.find('input').first().attr('name')).toBe('_csrf');
  });

  it('accepts the token as a field ahead of the file, and as a header', async () => {
    const { agent, csrf, exported } = await leadWithExport();
    const plain = await agent
      .post('/plans/imports')
      .field('_csrf', csrf)
      .attach('plan', Buffer.from(exported), 'plan.json');
    expect(plain.status).toBe(200);
    const htmx = await agent
      .post('/plans/imports')
      .set('X-CSRF-Token', csrf)
      .set('HX-Request', 'true')
      .attach('plan', Buffer.from(exported), 'plan.json');
    expect(htmx.status).toBe(200);
  });

  it('refuses a token in the URL only (403), and writes nothing', async () => {
    const { agent, csrf, exported, db } = await leadWithExport();
    const before = listPlanMonths(db, {});
    const res = await agent
      .post(`/plans/imports?_csrf=${encodeURIComponent(csrf)}`)
      .attach('plan', Buffer.from(exported), 'plan.json');
    expect(res.status).toBe(403);
    expect(html(res)('main').text()).toContain('CSRF');
    expect(listPlanMonths(db, {})).toEqual(before);
  });

  it('refuses a token field sent after the file (403): the file would be read before the check', async () => {
    const { agent, csrf, exported } = await leadWithExport();
    const res = await agent
      .post('/plans/imports')
      .attach('plan', Buffer.from(exported), 'plan.json')
      .field('_csrf', csrf);
    expect(res.status).toBe(403);
  });

  it('refuses a wrong token field (403) and an upload without a file but with the token asks for the file (400)', async () => {
    const { agent, csrf } = await leadWithExport();
    const wrong = await agent
      .post('/plans/imports')
      .field('_csrf', `${csrf}x`)
      .attach('plan', Buffer.from('{}'), 'plan.json');
    expect(wrong.status).toBe(403);
    const empty = await agent.post('/plans/imports').field('_csrf', csrf).field('note', 'no file');
    expect(empty.status).toBe(400);
    expect(html(empty)('main').text()).toContain('Choose a plan JSON file');
  });

  it('refuses multipart to a route that is not an upload route (415), so no form can dodge the token check', async () => {
    const { agent, csrf, db } = await leadWithExport();
    const res = await agent.post('/problems/combat-feel/closure').field('_csrf', csrf);
    expect(res.status).toBe(415);
    expect(db.$client.prepare("select status from problems where id = 'combat-feel'").get()).toEqual({
      status: 'active',
    });
  });

  it('refuses an upload without any token to a lead (403) before reading the file', async () => {
    const { agent } = await leadWithExport();
    const res = await agent.post('/plans/imports').attach('plan', Buffer.alloc(2 * 2 ** 20, 'a'), 'plan.json');
    expect(res.status).toBe(403);
  });
});

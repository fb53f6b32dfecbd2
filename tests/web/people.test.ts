import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { fixedClock } from '../../src/domain/clock.ts';
import { freshDb, html, signIn, TEST_NOW, testConfig } from '../helpers/test-app.ts';
import { expertAccounts, expertStudio } from './people-fixture.ts';

async function expertApp() {
  const db = freshDb();
  expertStudio(db);
  const emails = await expertAccounts(db);
  const errors: unknown[] = [];
  const app = createApp({ db, config: testConfig(), clock: fixedClock(TEST_NOW), log: (e) => errors.push(e) });
  return { app, db, emails, errors };
}

async function signedIn(who: 'employee' | 'lead' | 'admin' | 'other' = 'employee') {
  const t = await expertApp();
  const { agent, csrf } = await signIn(t.app, t.emails[who]);
  return { ...t, agent, csrf };
}

const ids = (res: { text: string }) =>
  html(res)('[data-testid="people-results"] [data-person]')
    .map((_, el) => html(res)(el).attr('data-person'))
    .get();

describe('GET /people: expert search', () => {
  it('ranks level 3 before level 2, recent cabal work breaks ties, an interest ranks below any skill', async () => {
    const { agent } = await signedIn();
    const res = await agent.get('/people?q=netcode').expect(200);
    expect(ids(res)).toEqual(['rhea', 'omar', 'lena', 'kit', 'juno', 'ines']);
    const $ = html(res);
    expect($('[data-testid="people-count"]').text()).toContain('6 people match “netcode”');
    expect($('[data-testid="people-count"]').text()).toContain('February 2026 to January 2027');
    const omar = $('[data-person="omar"]');
    expect(omar.find('[data-testid="recent-work"]').text().replace(/\s+/g, ' ')).toContain(
      'Net sync (November 2026, December 2026)',
    );
    // Lena's June 2025 month is too old and her February draft is not work yet.
    expect($('[data-person="lena"] [data-testid="recent-work"]').text().replace(/\s+/g, ' ')).toContain(
      'Net sync (December 2026)',
    );
    expect($('[data-person="lena"]').text()).not.toContain('2025');
    expect($('[data-person="rhea"] h3 a').attr('href')).toBe('/people/rhea');
    expect($('[data-person="kit"] .interest-match').text()).toContain('netcode');
  });

  it("shows each result's department, top skills and this month's published cabal, linked", async () => {
    const { agent } = await signedIn();
    const $ = html(await agent.get('/people?q=Kit').expect(200));
    const kit = $('[data-person="kit"]');
    expect(kit.text()).toContain('Art');
    expect(kit.find('.chip').first().text()).toMatch(/netcode\s+2/);
    expect(kit.find('[data-testid="current-cabal"] a').attr('href')).toBe('/problems/levels');
    expect(kit.find('[data-testid="current-cabal"]').text()).toContain('January 2027');
    const $2 = html(await agent.get('/people?q=Rhea').expect(200));
    expect($2('[data-person="rhea"] [data-testid="current-cabal"]').text()).toContain('in no cabal this month');
  });

  it('ranks a two-word skill by the skill both words name', async () => {
    const { agent } = await signedIn();
    expect(ids(await agent.get('/people?q=level+design').expect(200))).toEqual(['juno', 'ines']);
  });

  it('finds names by prefix, with accents or without, apostrophes and other scripts', async () => {
    const { agent } = await signedIn();
    const find = async (q: string) => ids(await agent.get(`/people?q=${encodeURIComponent(q)}`).expect(200));
    expect(await find('Rh')).toEqual(['rhea']);
    expect(await find('Zoë Núñez')).toEqual(['zoe']);
    expect(await find('zoe nunez')).toEqual(['zoe']);
    expect(await find("O'Brien")).toEqual(['obrien']);
    expect(await find('o’brien')).toEqual(['obrien']);
    expect(await find('山田')).toEqual(['yamada']);
    expect(await find('太郎')).toEqual(['yamada']);
    expect(await find('田')).toEqual(['yamada']); // from inside the family name
    expect(await find('郎')).toEqual(['yamada']);
    expect(await find('Пётр')).toEqual(['petr']);
    expect(await find('c++')).toEqual(['obrien']);
    expect(await find('audio lead')).toEqual(['zoe']);
  });

  it('answers every odd query with results or none, never an error', async () => {
    const { agent, errors } = await signedIn();
    for (const q of [
      '"',
      '*',
      '-',
      'OR',
      'AND',
      'NOT',
      'NEAR',
      '(',
      ')',
      '^',
      ':',
      'netcode OR',
      '"netcode',
      'a*b',
      '-netcode',
      "'",
      '\\',
      '%',
      '_',
    ]) {
      const res = await agent.get(`/people?q=${encodeURIComponent(q)}`);
      expect(res.status, `query ${q}`).toBe(200);
      expect(html(res)('[data-testid="people-results"]').length, `query ${q}`).toBe(1);
    }
    expect(errors).toEqual([]);
  });

  it('filters by department, location and minimum level in the searched skill', async () => {
    const { agent } = await signedIn();
    expect(ids(await agent.get('/people?q=netcode&department=art').expect(200))).toEqual(['lena', 'kit']);
    expect(ids(await agent.get('/people?q=netcode&location=Montreal').expect(200))).toEqual(['omar', 'lena']);
    expect(ids(await agent.get('/people?q=netcode&level=3').expect(200))).toEqual(['rhea']);
    expect(ids(await agent.get('/people?level=3').expect(200))).toEqual(['juno', 'rhea', 'obrien']);
  });

  it('lists everyone by name when nothing is asked, in pages', async () => {
    const { agent } = await signedIn();
    const $ = html(await agent.get('/people').expect(200));
    expect($('[data-testid="people-count"]').text()).toContain('10 people');
    expect(ids({ text: $.html() })[0]).toBe('ines');
    expect(ids(await agent.get('/people?page=2').expect(200))).toEqual([]);
  });

  it('refuses malformed parameters with a 400 that names the field', async () => {
    const { agent } = await signedIn();
    const bad = await agent.get('/people?level=7').expect(400);
    expect(html(bad)('[data-testid="people-errors"]').text()).toContain('Level: choose 1, 2 or 3');
    const page = await agent.get('/people?page=0').expect(400);
    expect(html(page)('[data-testid="people-errors"]').text()).toContain('Page');
    const twice = await agent.get('/people?q=a&q=b').expect(400);
    expect(html(twice)('[data-testid="people-errors"]').text()).toContain('Search: give one value');
  });

  it('answers an htmx request with the results only, from the same template, varying on HX-Request', async () => {
    const { agent } = await signedIn();
    const res = await agent.get('/people?q=netcode').set('HX-Request', 'true').expect(200);
    expect(res.headers.vary).toMatch(/HX-Request/);
    expect(res.text).not.toContain('<html');
    expect(res.text).not.toContain('tag-cloud');
    expect(ids(res)).toEqual(['rhea', 'omar', 'lena', 'kit', 'juno', 'ines']);
  });

  it('sends anonymous visitors to sign in', async () => {
    const { app } = await expertApp();
    const { default: request } = await import('supertest');
    const res = await request(app).get('/people?q=netcode');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
  });
});

describe('the tag cloud on /people', () => {
  it('sizes skills and interests by holders, styles them apart, and links each to its search', async () => {
    const { agent } = await signedIn();
    const $ = html(await agent.get('/people').expect(200));
    const netcode = $('[data-testid="cloud-skills"] a:contains("netcode")');
    expect(netcode.attr('href')).toBe('/people?q=netcode');
    expect(netcode.attr('hx-push-url')).toBe('true');
    expect(netcode.hasClass('skill')).toBe(true);
    const step = (el: ReturnType<typeof $>) => Number(/step-(\d)/.exec(el.attr('class') ?? '')?.[1]);
    expect(step(netcode)).toBe(5); // 5 holders, the most held
    const rare = $('[data-testid="cloud-skills"] a:contains("shaders")');
    expect(step(rare)).toBe(1);
    const interest = $('[data-testid="cloud-interests"] a:contains("board games")');
    expect(interest.hasClass('interest')).toBe(true);
    expect(interest.attr('href')).toBe('/people?q=board%20games');
  });
});

describe('GET /people/:id: a person page', () => {
  it('shows HR fields with their source, skills with levels, interests, and every published month with co-members', async () => {
    const { agent } = await signedIn('employee');
    const $ = html(await agent.get('/people/lena').expect(200));
    expect($('h1').text()).toBe('Lena Park');
    expect($('[data-testid="hr-fields"]').text()).toContain('lena@studio.test');
    expect($('[data-testid="hr-fields"]').text()).toContain('Montreal');
    expect($('[data-testid="hr-source"]').text()).toContain('Source: test fixture, updated 15 January 2027');
    expect($('[data-testid="person-skills"]').text()).toMatch(/netcode\s+2/);
    const rows = $('[data-testid="seats"] tr[data-month]');
    expect(rows.map((_, r) => $(r).attr('data-month')).get()).toEqual(['2026-12', '2025-06']);
    expect(rows.first().text()).toContain('Net sync');
    expect(rows.first().find('a[href="/people/omar"]').text()).toBe('Omar Vance');
    expect($('[data-status="draft"]').length).toBe(0);
    expect($('a[href="/me/profile"]').filter((_, a) => $(a).text() === 'Edit your profile').length).toBe(0);
    expect($('form').filter((_, f) => ($(f).attr('action') ?? '').startsWith('/people')).length).toBe(0);
  });

  it("shows upcoming draft seats only to the person, their problem's lead and admins", async () => {
    const drafts = async (who: 'employee' | 'lead' | 'admin' | 'other', id: string) => {
      const { agent } = await signedIn(who);
      const $ = html(await agent.get(`/people/${id}`).expect(200));
      return $('tr[data-status="draft"]')
        .map((_, r) => `${$(r).attr('data-month')} ${$(r).find('td').eq(1).text()}`)
        .get();
    };
    // Kit's February seat is on Level flow, which Juno leads.
    expect(await drafts('lead', 'kit')).toEqual(['2027-02 Level flow']);
    expect(await drafts('admin', 'kit')).toEqual(['2027-02 Level flow']);
    expect(await drafts('employee', 'kit')).toEqual([]);
    expect(await drafts('other', 'kit')).toEqual([]);
    // Juno sees her own draft on Net sync, which she does not lead; Ines (her co-member in history) does not.
    expect(await drafts('lead', 'juno')).toEqual(['2027-02 Net sync']);
    expect(await drafts('employee', 'juno')).toEqual([]);
  });

  it('offers the person their profile edit, which stays at /me/profile', async () => {
    const { agent } = await signedIn('employee');
    const $ = html(await agent.get('/people/ines').expect(200));
    expect($('a.button[href="/me/profile"]').text()).toBe('Edit your profile');
  });

  it('answers an unknown person with 404 and changes nothing on a post', async () => {
    const { agent, csrf, db } = await signedIn('admin');
    const missing = await agent.get('/people/nobody').expect(404);
    expect(html(missing)('main').text()).toContain('No such person');
    await agent.get(`/people/${encodeURIComponent('"><script>')}`).expect(404);
    const before = db.$client.prepare('select * from people order by id').all();
    const res = await agent.post('/people/kit').type('form').send({ _csrf: csrf, name: 'Changed' });
    expect(res.status).toBe(404);
    expect(db.$client.prepare('select * from people order by id').all()).toEqual(before);
  });
});

describe('who works on what', () => {
  it('links the problem list, the problem page and its members to person pages', async () => {
    const { agent } = await signedIn('employee');
    const list = html(await agent.get('/problems').expect(200));
    const levels = list('#problem-table tr').filter((_, tr) => list(tr).text().includes('Level flow'));
    expect(levels.find('a[href="/people/juno"]').text()).toBe('Juno Hart'); // the lead
    expect(
      levels
        .find('.members-now a')
        .map((_, a) => list(a).attr('href'))
        .get(),
    ).toEqual(['/people/kit', '/people/zoe']);
    const page = html(await agent.get('/problems/levels').expect(200));
    expect(page('#month-2027-01 tr.member[data-person="kit"] a').attr('href')).toBe('/people/kit');
  });

  it('offers the people search on the dashboard', async () => {
    const { agent } = await signedIn('employee');
    const $ = html(await agent.get('/').expect(200));
    const form = $('[data-testid="dashboard-search"]');
    expect(form.attr('action')).toBe('/people');
    expect(form.find('input[name="q"]').length).toBe(1);
  });
});

describe('names instead of ids', () => {
  it('lets an admin find a person by name for a new account, marking who already has one', async () => {
    const { agent } = await signedIn('admin');
    const admin = html(await agent.get('/admin').expect(200));
    const box = admin('input[name="personQuery"]');
    expect(box.attr('hx-get')).toBe('/people/choices');
    expect(admin('input[name="personId"]').length).toBe(0);
    const res = await agent.get('/people/choices?personQuery=zo%C3%AB').set('HX-Request', 'true').expect(200);
    const $ = html(res);
    const zoe = $('input[name="personId"][value="zoe"]');
    expect(zoe.parent().text()).toContain('Zoë Núñez');
    expect(zoe.parent().text()).toContain('already has an account');
    expect(zoe.attr('disabled')).toBeDefined();
    const $2 = html(await agent.get('/people/choices?q=Omar').set('HX-Request', 'true').expect(200));
    expect($2('input[name="personId"][value="omar"]').attr('disabled')).toBeUndefined();
  });

  it('does not tell a non-admin who has an account, and refuses an unknown field', async () => {
    const { agent } = await signedIn('employee');
    const $ = html(await agent.get('/people/choices?q=zoe').set('HX-Request', 'true').expect(200));
    expect($('input[value="zoe"]').parent().text()).not.toContain('account');
    const bad = await agent.get('/people/choices?q=zoe&field=password').expect(400);
    expect(html(bad)('main').text()).toContain('field: one of personId');
    for (const q of ['"', '*', 'OR', '-']) await agent.get(`/people/choices?q=${encodeURIComponent(q)}`).expect(200);
  });

  it('finds people for the pickers through the full-text index, in any script, from inside a CJK name', async () => {
    const { agent } = await signedIn('admin');
    const choices = async (q: string) => {
      const $ = html(
        await agent
          .get(`/people/choices?q=${encodeURIComponent(q)}`)
          .set('HX-Request', 'true')
          .expect(200),
      );
      return $('input[name="personId"]')
        .map((_, el) => $(el).attr('value'))
        .get();
    };
    expect(await choices('太郎')).toEqual(['yamada']);
    expect(await choices('Пёт')).toEqual(['petr']);
    expect(await choices('siobhan')).toEqual(['obrien']);
    expect(await choices("o'brien")).toEqual(['obrien']);
    // A name search looks at names only: a skill or a department is not a name.
    expect(await choices('netcode')).toEqual([]);
    // The lead's picker on problem pages uses the same index.
    const { agent: lead } = await signedIn('lead');
    for (const q of ['"', '*', '-', 'OR', 'NEAR(', '田']) {
      const res = await lead.get(`/problems/people-search?q=${encodeURIComponent(q)}`).set('HX-Request', 'true');
      expect(res.status, q).toBe(200);
    }
    const $ = html(await lead.get('/problems/people-search?q=%E7%94%B0').set('HX-Request', 'true').expect(200));
    expect($('[data-add-person]').attr('data-id')).toBe('yamada');
  });
});

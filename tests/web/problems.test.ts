import { describe, expect, it } from 'vitest';
import { createAccount } from '../../src/db/repos/users.ts';
import { listPlanMonths } from '../../src/db/repos/cabals.ts';
import { auditLog } from '../../src/db/schema.ts';
import { hashPassword } from '../../src/services/passwords.ts';
import { html, planThroughWeb, signIn, testApp, TEST_PASSWORD } from '../helpers/test-app.ts';

const FULL_FORM = {
  title: 'Onboarding flow',
  description: 'The first ten minutes of the game.',
  affectedDepartments: ['design', 'art'],
  affectedPeople: ['p5'],
  'skills[0][skill]': 'netcode',
  'skills[0][minLevel]': '2',
  sizeMin: '3',
  sizeMax: '4',
  minAffected: '1',
  minOutsiders: '1',
  minDepartments: '2',
  carryOverMin: '1',
  carryOverMax: '2',
  startMonth: '2027-02',
  endMonth: '2027-06',
  status: 'active',
};

describe('creating a problem', () => {
  it('lets a lead create a problem with every field; the lead leads it and its id is the slug of its title', async () => {
    const { app, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    const form = await agent.get('/problems/new').expect(200);
    expect(html(form)('input[name="title"]').length).toBe(1);
    const res = await agent
      .post('/problems')
      .type('form')
      .send({ ...FULL_FORM, _csrf: csrf });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/problems/onboarding-flow');
    const $ = html(await agent.get('/problems/onboarding-flow').expect(200));
    const facts = $('.problem-facts').text();
    expect($('h1').text()).toContain('Onboarding flow');
    expect(facts).toContain('Ben Okafor');
    expect(facts).toContain('Art, Game Design');
    expect(facts).toContain('Eve Lind');
    expect(facts).toContain('netcode ≥ 2');
    expect(facts).toContain('3–4');
    expect(facts).toContain('1–2 a month');
    expect(facts).toContain('February 2027 – June 2027');
    expect($('a[href="/problems/onboarding-flow/edit"]').length).toBe(1);

    const again = await agent
      .post('/problems')
      .type('form')
      .send({ ...FULL_FORM, _csrf: csrf });
    expect(again.headers.location).toBe('/problems/onboarding-flow-2');
  });

  it('says picked people are gone without showing their ids, and creates nothing', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    const count = () => db.$client.prepare('select count(*) n from problems').get();
    const before = count();
    const res = await agent
      .post('/problems')
      .type('form')
      .send({ ...FULL_FORM, affectedPeople: ['p5', 'ghost-id-77'], _csrf: csrf });
    expect(res.status).toBe(422);
    expect(html(res)('#affectedPeople-error').text()).toBe(
      'One of the people picked is no longer in the studio; remove them and find them by name again.',
    );
    expect(html(res)('#affectedPeople-error').text()).not.toContain('ghost-id-77');
    expect(count()).toEqual(before);
  });

  it('keeps an open-ended problem open-ended and applies the carry-over default when left blank', async () => {
    const { app, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    const res = await agent
      .post('/problems')
      .type('form')
      .send({ ...FULL_FORM, title: 'Loot tables', endMonth: '', carryOverMin: '', carryOverMax: '', _csrf: csrf });
    expect(res.status).toBe(303);
    const facts = html(await agent.get('/problems/loot-tables'))('.problem-facts').text();
    expect(facts).toContain('open-ended');
    expect(facts).toContain('2–2 a month');
  });

  it('shows each error beside its field with status 422 and keeps what was typed', async () => {
    const { app, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    const res = await agent
      .post('/problems')
      .type('form')
      .send({
        ...FULL_FORM,
        title: 'x',
        sizeMin: '6',
        sizeMax: '4',
        endMonth: '2027-01',
        'skills[0][minLevel]': '7',
        _csrf: csrf,
      });
    expect(res.status).toBe(422);
    const $ = html(res);
    expect($('#title-error').text()).toMatch(/at least 3/);
    expect($('input[name="title"]').attr('aria-invalid')).toBe('true');
    expect($('#sizeMax-error').text()).toMatch(/at least the minimum/);
    expect($('#endMonth-error').text()).toMatch(/not be before the start/);
    expect($('.skills .field-error').text()).toMatch(/1, 2 or 3/);
    expect($('textarea[name="description"]').text()).toBe(FULL_FORM.description);
    expect($('#affected-people input[value="p5"]').length).toBe(1);
    expect($('input[name="affectedDepartments"][value="art"]').attr('checked')).toBeDefined();
  });

  it('accepts a form that leaves out the optional fields, and names each missing required field', async () => {
    const { app, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    const minimal = {
      title: 'Save system',
      affectedDepartments: 'eng',
      sizeMin: '5',
      sizeMax: '7',
      minAffected: '2',
      minOutsiders: '2',
      minDepartments: '3',
      startMonth: '2027-03',
    };
    const ok = await agent
      .post('/problems')
      .type('form')
      .send({ ...minimal, _csrf: csrf });
    expect(ok.status).toBe(303);
    const facts = html(await agent.get('/problems/save-system'))('.problem-facts').text();
    expect(facts).toContain('2–4 a month');
    expect(facts).toContain('March 2027 – open-ended');
    const empty = await agent.post('/problems').type('form').send({ _csrf: csrf });
    expect(empty.status).toBe(422);
    expect(html(empty)('#title-error').text()).toBe('Title is required');
    expect(html(empty)('#sizeMin-error').text()).toBe('Minimum size is required');
    expect(html(empty)('#startMonth-error').text()).toBe('Start month is required');
    const nobody = await agent
      .post('/problems')
      .type('form')
      .send({ ...minimal, affectedDepartments: [], _csrf: csrf });
    expect(nobody.status).toBe(422);
    expect(html(nobody)('#affectedDepartments-error').text()).toMatch(/needs 2 affected members/);
  });

  it('finds people by name for the affected-people picker, as an htmx fragment', async () => {
    const { app, accounts } = await testApp();
    const { agent } = await signIn(app, accounts!.lead.email);
    const res = await agent.get('/problems/people-search?q=ev').set('HX-Request', 'true').expect(200);
    expect(res.text).not.toContain('<html');
    const $ = html(res);
    // Words of a name starting with what was typed: Eve Lind, not Dev Rao (the search is full-text, by word).
    expect(
      $('[data-add-person]')
        .map((_, b) => $(b).attr('data-id'))
        .get(),
    ).toEqual(['p5']);
    const both = html(await agent.get('/problems/people-search?q=r').set('HX-Request', 'true').expect(200));
    expect(
      both('[data-add-person]')
        .map((_, b) => both(b).attr('data-id'))
        .get(),
    ).toEqual(['p4']);
  });
});

describe('changing a problem', () => {
  it('lets the lead edit and close their problem', async () => {
    const { app, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    const edit = html(await agent.get('/problems/combat-feel/edit').expect(200));
    expect(edit('input[name="title"]').attr('value')).toBe('Combat feel');
    const res = await agent
      .post('/problems/combat-feel')
      .type('form')
      .send({ ...FULL_FORM, title: 'Combat feel, revisited', startMonth: '2027-01', _csrf: csrf });
    expect(res.status).toBe(303);
    const page = html(await agent.get('/problems/combat-feel'));
    expect(page('h1').text()).toContain('Combat feel, revisited');
    await agent.post('/problems/combat-feel/closure').type('form').send({ _csrf: csrf }).expect(303);
    expect(html(await agent.get('/problems/combat-feel'))('h1 .badge').text()).toBe('closed');
    expect(html(await agent.get('/problems/combat-feel'))('.audit').text()).toMatch(/problem\.close/);
    // Closed is history: no edit that would silently reopen it.
    expect((await agent.get('/problems/combat-feel/edit')).status).toBe(409);
    const reopen = await agent
      .post('/problems/combat-feel')
      .type('form')
      .send({ ...FULL_FORM, startMonth: '2027-01', _csrf: csrf });
    expect(reopen.status).toBe(409);
    expect(html(await agent.get('/problems/combat-feel'))('h1 .badge').text()).toBe('closed');
  });

  it('records every member of a dropped draft as leaving when the problem closes', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    await planThroughWeb(agent, csrf, db, 1);
    const members = listPlanMonths(db, { status: 'draft' })[0]!.cabals[0]!.members.map((m) => m.person);
    await agent.post('/problems/combat-feel/closure').type('form').send({ _csrf: csrf }).expect(303);
    const leaves = db
      .select()
      .from(auditLog)
      .all()
      .filter((e) => e.action === 'cabal.leave' && e.month === '2027-01');
    expect(leaves.map((e) => e.personId).sort()).toEqual([...members].sort());
  });

  it('starts a new problem at the first month still to plan, not a published one', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    await planThroughWeb(agent, csrf, db, 1);
    await agent.post('/plans/months/2027-01/publication').type('form').send({ _csrf: csrf }).expect(303);
    const form = html(await agent.get('/problems/new').expect(200));
    expect(form('input[name="startMonth"]').attr('value')).toBe('2027-02');
  });

  it('refuses with 403 an employee, a manager and another lead who try to create, edit or close', async () => {
    const { app, db, accounts } = await testApp();
    createAccount(db, {
      personId: 'p6',
      email: 'lead2@studio.test',
      passwordHash: await hashPassword(TEST_PASSWORD),
      roles: ['lead'],
    });
    for (const email of [accounts!.employee.email, accounts!.manager.email, 'lead2@studio.test']) {
      const { agent, csrf } = await signIn(app, email);
      const send = (path: string, body: object = {}) =>
        agent
          .post(path)
          .type('form')
          .send({ ...body, _csrf: csrf });
      if (email !== 'lead2@studio.test') {
        expect((await agent.get('/problems/new')).status, email).toBe(403);
        expect((await send('/problems', FULL_FORM)).status, email).toBe(403);
      }
      expect((await agent.get('/problems/combat-feel/edit')).status, email).toBe(403);
      expect((await send('/problems/combat-feel', { ...FULL_FORM, title: 'Hijacked' })).status, email).toBe(403);
      expect((await send('/problems/combat-feel/closure')).status, email).toBe(403);
      const page = html(await agent.get('/problems/combat-feel').expect(200));
      expect(page('.read-only').length, email).toBe(1);
      expect(page('a[href$="/edit"]').length, email).toBe(0);
    }
    const { agent } = await signIn(app, accounts!.lead.email);
    const page = html(await agent.get('/problems/combat-feel'));
    expect(page('h1').text()).toContain('Combat feel');
    expect(page('h1 .badge').text()).toBe('active');
  });

  it('lets an admin edit a problem they do not lead', async () => {
    const { app, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.admin.email);
    const res = await agent
      .post('/problems/combat-feel')
      .type('form')
      .send({ ...FULL_FORM, title: 'Combat feel (admin)', startMonth: '2027-01', _csrf: csrf });
    expect(res.status).toBe(303);
    const facts = html(await agent.get('/problems/combat-feel'))('.problem-facts').text();
    expect(facts).toContain('Ben Okafor');
  });

  it('answers 404 for a problem that does not exist', async () => {
    const { app, accounts } = await testApp();
    const { agent } = await signIn(app, accounts!.lead.email);
    expect((await agent.get('/problems/no-such-thing')).status).toBe(404);
  });
});

describe('a problem nobody can staff', () => {
  it('says so on its page when no one holds a required skill at the level asked', async () => {
    const { app, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    await agent
      .post('/problems')
      .type('form')
      .send({ ...FULL_FORM, title: 'Netcode rewrite', 'skills[0][minLevel]': '3', _csrf: csrf })
      .expect(303);
    const notice = html(await agent.get('/problems/netcode-rewrite').expect(200))('[data-testid="unreachable-skills"]');
    expect(notice.text()).toContain('nobody holds netcode at level 3 or above (the highest is level 2, held by 6)');
    const fine = html(await agent.get('/problems/combat-feel').expect(200));
    expect(fine('[data-testid="unreachable-skills"]').length).toBe(0);
  });
});

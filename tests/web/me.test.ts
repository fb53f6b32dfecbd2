import { describe, expect, it } from 'vitest';
import { findPerson, listPeople } from '../../src/db/repos/people.ts';
import { html, signIn, testApp } from '../helpers/test-app.ts';
import { scheduleTinyStudio } from './me-fixture.ts';

async function employee() {
  const t = await testApp();
  scheduleTinyStudio(t.db);
  const session = await signIn(t.app, t.accounts!.employee.email);
  return { ...t, ...session };
}

describe('my rotation', () => {
  it('shows this month, then upcoming months, then past months, each with problem, lead, co-members and who stays on', async () => {
    const { agent } = await employee();
    const $ = html(await agent.get('/me/rotation').expect(200));
    expect($('#current .cabal-month').attr('data-month')).toBe('2027-01');
    expect(
      $('#upcoming .cabal-month')
        .map((_, e) => $(e).attr('data-month'))
        .get(),
    ).toEqual(['2027-02']);
    expect(
      $('#past .cabal-month')
        .map((_, e) => $(e).attr('data-month'))
        .get(),
    ).toEqual(['2026-12']);

    const jan = $('#current .cabal-month');
    expect(jan.find('h3 a').attr('href')).toBe('/problems/combat-feel');
    expect(jan.find('.lead-line').text()).toContain('Ben Okafor');
    expect(jan.find('.badge.published').length).toBe(1);
    const coMembers = jan.find('.co-members li');
    expect(coMembers.map((_, e) => $(e).attr('data-person')).get()).toEqual(['p3', 'p5', 'p6']);
    // Cleo and Finn were in December's cabal too; Eve was not.
    expect(jan.find('li[data-person="p3"] .stays').length).toBe(1);
    expect(jan.find('li[data-person="p5"] .stays').length).toBe(0);
    expect(jan.find('li[data-person="p6"] .stays').length).toBe(1);
    expect(jan.find('.my-tags').text()).toContain('outsider');
    expect(jan.find('.my-tags').text()).toContain('I stay on from last month');
    expect(jan.find('.why').text()).toContain('why p1');
    expect(jan.find('.next-month').text()).toContain('I move to');
    expect(jan.find('.next-month a').attr('href')).toBe('/problems/lore');

    const feb = $('#upcoming .cabal-month');
    expect(feb.find('.badge.draft').length).toBe(1);
    expect(feb.find('.lead-line').text()).toContain('Dev Rao');
    expect(feb.find('.my-tags').text()).not.toContain('I stay on');
    expect(feb.find('.next-month').text()).toContain('I rest.');
    expect($('#past .cabal-month .next-month').text()).toContain('I stay on in this cabal.');
  });

  it('counts consecutive months served and names the next rest month from the schedule', async () => {
    const { agent } = await employee();
    const $ = html(await agent.get('/me/rotation').expect(200));
    expect($('[data-testid="consecutive"]').text()).toBe('2 of at most 3');
    expect($('[data-testid="next-rest"]').text()).toBe('March 2027');
  });

  it('tells someone without a seat this month that they rest now', async () => {
    const t = await testApp();
    scheduleTinyStudio(t.db);
    // Dev (the admin) served November and December, rests in January and comes back in February.
    const { agent } = await signIn(t.app, t.accounts!.admin.email);
    const $ = html(await agent.get('/me/rotation').expect(200));
    expect($('#current').text()).toContain('You are not in a cabal this month.');
    expect($('[data-testid="next-rest"]').text()).toBe('This month');
    expect($('[data-testid="consecutive"]').text()).toBe('0 of at most 3');
    expect(
      $('#upcoming .cabal-month')
        .map((_, e) => $(e).attr('data-month'))
        .get(),
    ).toEqual(['2027-02', '2027-03']);
  });

  it('says the rest is not planned yet while nothing is scheduled, with the latest month the policy allows', async () => {
    const t = await testApp();
    const { agent } = await signIn(t.app, t.accounts!.employee.email);
    const $ = html(await agent.get('/me/rotation').expect(200));
    expect($('#past').text()).toContain('You have not served in a cabal yet.');
    expect($('#current').text()).toContain('This month is not planned yet.');
    expect($('[data-testid="next-rest"]').text()).toBe('Not planned yet');
    expect($('[data-testid="latest-rest"]').text()).toContain('April 2027 at the latest');
  });
});

describe('my profile', () => {
  it('shows the HR-owned fields read-only, with their source', async () => {
    const { agent } = await employee();
    const $ = html(await agent.get('/me/profile').expect(200));
    const hr = $('#hr-fields');
    expect(hr.text()).toContain('test fixture');
    expect(hr.text()).toContain('last updated on 15 January 2027');
    expect(hr.text()).toContain('Ada Moss');
    expect(hr.text()).toContain('p1@studio.test');
    expect(hr.text()).toContain('Art');
    expect(hr.find('input, select, textarea').length).toBe(0);
    for (const field of ['name', 'email', 'department', 'title', 'grade', 'location']) {
      expect($(`#profile-form [name="${field}"]`).length, field).toBe(0);
    }
    expect($('#profile-form input[name="skills[0][name]"]').val()).toBe('netcode');
    expect($('#profile-form select[name="skills[0][level]"] option[selected]').val()).toBe('2');
  });

  it('saves skills, interests, unavailable months and time zone, which the planner reads from then on', async () => {
    const { agent, csrf, db } = await employee();
    const res = await agent
      .post('/me/profile')
      .type('form')
      .send({
        _csrf: csrf,
        personId: 'p1',
        'skills[0][name]': 'netcode',
        'skills[0][level]': '3',
        'skills[1][name]': 'Level Design',
        'skills[1][level]': '1',
        'skills[2][name]': '',
        'skills[2][level]': '',
        interests: 'Combat, UI,  combat ',
        unavailable: ['2027-02', '2027-05'],
        timeZone: 'Europe/Stockholm',
      });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/me/profile?saved=1');
    const p1 = findPerson(db, 'p1')!;
    expect(p1.skills).toEqual({ netcode: 3, 'level-design': 1 });
    expect(p1.interests).toEqual(['combat', 'ui']);
    expect(p1.unavailable).toEqual(['2027-02', '2027-05']);
    expect(p1.timeZone).toBe('Europe/Stockholm');
    expect(listPeople(db).find((p) => p.id === 'p1')!.unavailable).toEqual(['2027-02', '2027-05']);

    const $ = html(await agent.get('/me/profile?saved=1').expect(200));
    expect($('.notice').text()).toContain('next run');
    expect($('input[name="unavailable"][value="2027-02"]').attr('checked')).toBeDefined();
    expect($('input[name="unavailable"][value="2027-03"]').attr('checked')).toBeUndefined();
  });

  it('keeps earlier unavailable months when the form only offers the months from now on', async () => {
    const { agent, csrf, db } = await employee();
    db.$client.prepare("insert into person_unavailable_months (person_id, month) values ('p1', '2026-06')").run();
    await agent
      .post('/me/profile')
      .type('form')
      .send({ _csrf: csrf, personId: 'p1', timeZone: 'UTC', unavailable: '2027-04' })
      .expect(303);
    expect(findPerson(db, 'p1')!.unavailable).toEqual(['2026-06', '2027-04']);
  });

  it('refuses bad input with 422 and each error beside its field, keeping what was typed', async () => {
    const { agent, csrf, db } = await employee();
    const res = await agent
      .post('/me/profile')
      .type('form')
      .send({
        _csrf: csrf,
        personId: 'p1',
        'skills[0][name]': 'netcode',
        'skills[0][level]': '4',
        'skills[1][name]': '',
        'skills[1][level]': '2',
        'skills[2][name]': 'NetCode',
        'skills[2][level]': '1',
        interests: 'x'.repeat(41),
        unavailable: ['2026-10', 'soon'],
        timeZone: 'Mars/Olympus',
      });
    expect(res.status).toBe(422);
    const $ = html(res);
    const errorOf = (selector: string) => {
      const field = $(selector);
      expect(field.attr('aria-invalid'), selector).toBe('true');
      return $(`#${field.attr('aria-describedby')}`).text();
    };
    expect(errorOf('select[name="skills[0][level]"]')).toBe('Choose a level: 1, 2 or 3');
    expect(errorOf('input[name="skills[1][name]"]')).toBe('Name the skill, or clear its level');
    expect(errorOf('input[name="skills[2][name]"]')).toBe('Listed twice');
    expect(errorOf('#interests')).toBe('Each interest is at most 40 characters');
    expect(errorOf('#timeZone')).toMatch(/Not a known time zone/);
    expect($('#unavailable-error').text()).toBeTruthy();
    // The form comes back as typed.
    expect($('input[name="skills[2][name]"]').val()).toBe('NetCode');
    expect($('#timeZone').val()).toBe('Mars/Olympus');
    // Nothing was saved.
    expect(findPerson(db, 'p1')!.skills).toEqual({ netcode: 2 });
    expect(findPerson(db, 'p1')!.timeZone).toBe('UTC');
  });

  it('answers an htmx save with the form fragment only', async () => {
    const { agent, csrf } = await employee();
    const res = await agent
      .post('/me/profile')
      .set('HX-Request', 'true')
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ personId: 'p1', 'skills[0][name]': 'netcode', 'skills[0][level]': '1', timeZone: 'UTC' })
      .expect(200);
    expect(res.text).not.toContain('<html');
    expect(html(res)('form#profile-form .notice').text()).toContain('Saved');
  });
});

describe('editing someone else’s profile', () => {
  it('is refused with 403 to an employee, a manager and an admin, and changes nothing', async () => {
    const { app, db, accounts } = await testApp();
    for (const who of ['employee', 'manager', 'admin'] as const) {
      const { agent, csrf } = await signIn(app, accounts![who].email);
      const res = await agent.post('/me/profile').type('form').send({
        _csrf: csrf,
        personId: accounts!.other.personId,
        'skills[0][name]': 'hacking',
        'skills[0][level]': '3',
        timeZone: 'UTC',
        unavailable: '2027-02',
      });
      expect(res.status, who).toBe(403);
      expect(html(res)('h1').text()).toBe('Forbidden');
    }
    const other = findPerson(db, accounts!.other.personId)!;
    expect(other.skills).toEqual({ netcode: 2 });
    expect(other.unavailable).toEqual([]);
  });

  it('needs a CSRF token even for one’s own profile', async () => {
    const { agent } = await employee();
    const res = await agent.post('/me/profile').type('form').send({ personId: 'p1', timeZone: 'UTC' });
    expect(res.status).toBe(403);
  });
});

describe('a manager reads and changes nothing', () => {
  it('is refused (403) on every route that changes problems, cabals, plans, profiles or the admin settings, and nothing changes', async () => {
    const { app, db, accounts } = await testApp();
    scheduleTinyStudio(db);
    const snapshot = () =>
      [
        'problems',
        'cabals',
        'cabal_members',
        'pins',
        'rotation_policy',
        'users',
        'user_roles',
        'plan_runs',
        'person_skills',
      ]
        .map((t) => db.$client.prepare(`select count(*) n, group_concat(rowid) ids from ${t}`).get())
        .concat(db.$client.prepare('select * from problems order by id').all());
    const before = snapshot();
    const { agent, csrf } = await signIn(app, accounts!.manager.email);
    const paths = [
      '/plans/runs',
      '/plans/months/2027-02/publication',
      '/plans/imports',
      '/problems',
      '/problems/combat-feel',
      '/problems/combat-feel/closure',
      '/problems/combat-feel/months/2027-02/pins',
      '/problems/combat-feel/months/2027-02/pins/p3/removal',
      '/problems/combat-feel/months/2027-02/members/p3/replacement',
      '/admin/policy',
      '/admin/accounts',
      '/admin/accounts/1/roles',
      '/admin/import',
    ];
    for (const path of paths) {
      const res = await agent.post(path).type('form').send({
        _csrf: csrf,
        title: 'Taken over',
        person: 'p3',
        mode: 'include',
        months: '3',
        maxConsecutiveMonths: '9',
      });
      expect(res.status, path).toBe(403);
    }
    expect(snapshot()).toEqual(before);
  });
});

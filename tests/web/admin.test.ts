import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { reindexPeople } from '../../src/db/repos/search.ts';
import { getPolicy } from '../../src/db/repos/policy.ts';
import { findAccountByEmail } from '../../src/db/repos/users.ts';
import { auditLog } from '../../src/db/schema.ts';
import { changePassword, html, signIn, testApp } from '../helpers/test-app.ts';

const policy = {
  maxConsecutiveMonths: '4',
  maxConsecutiveMonthsOnProblem: '2',
  fairness: '2',
  freshness: '1',
  skillFit: '0.5',
  network: '1',
};

describe('rotation policy', () => {
  it('lets an admin change the policy, which the next planning run reads, and records it in the audit log', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.admin.email);
    const res = await agent
      .post('/admin/policy')
      .type('form')
      .send({ ...policy, _csrf: csrf })
      .expect(200);
    expect(html(res)('[role="status"]').text()).toContain('Policy saved');
    expect(getPolicy(db)).toEqual({
      maxConsecutiveMonths: 4,
      maxConsecutiveMonthsOnProblem: 2,
      weights: { fairness: 2, freshness: 1, skillFit: 0.5, network: 1 },
    });
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .map((e) => e.action),
    ).toContain('policy.update');
  });

  it('shows errors beside the fields with 422 and saves nothing', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.admin.email);
    const res = await agent
      .post('/admin/policy')
      .type('form')
      .send({ ...policy, maxConsecutiveMonths: '0', network: '-1', _csrf: csrf });
    expect(res.status).toBe(422);
    expect(html(res)('#maxConsecutiveMonths-error').text()).toBe('Max consecutive months must be at least 1');
    expect(html(res)('#network-error').text()).toBe('A weight cannot be negative');
    expect(getPolicy(db).maxConsecutiveMonths).toBe(3);
  });

  it('refuses the policy change to a lead and a manager', async () => {
    const { app, db, accounts } = await testApp();
    for (const who of ['lead', 'manager'] as const) {
      const { agent, csrf } = await signIn(app, accounts![who].email);
      expect(
        (
          await agent
            .post('/admin/policy')
            .type('form')
            .send({ ...policy, _csrf: csrf })
        ).status,
      ).toBe(403);
    }
    expect(getPolicy(db).maxConsecutiveMonths).toBe(3);
  });
});

describe('account roles', () => {
  it('lets an admin grant roles, answering an htmx request with the updated row', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.admin.email);
    const target = findAccountByEmail(db, accounts!.employee.email)!;
    const res = await agent
      .post(`/admin/accounts/${target.id}/roles`)
      .set('HX-Request', 'true')
      .type('form')
      .send({ roles: ['lead', 'manager'], _csrf: csrf })
      .expect(200);
    expect(res.text).not.toContain('<html');
    // A bare <tr> only parses inside a table, as htmx's swap does.
    const row = html({ text: `<table>${res.text}</table>` })(`tr#account-${target.id}`);
    expect(row.find('input[value="lead"]').attr('checked')).toBeDefined();
    expect(row.find('input[value="admin"]').attr('checked')).toBeUndefined();
    expect(findAccountByEmail(db, accounts!.employee.email)!.roles).toEqual(['lead', 'manager']);
  });

  it('does not let an admin remove their own admin role', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.admin.email);
    const me = findAccountByEmail(db, accounts!.admin.email)!;
    const res = await agent.post(`/admin/accounts/${me.id}/roles`).type('form').send({ roles: 'lead', _csrf: csrf });
    expect(res.status).toBe(422);
    const summary = html(res)('[data-testid="error-summary"]');
    expect(summary.text()).toContain('cannot remove your own admin role');
    expect(summary.attr('autofocus')).toBeDefined();
    expect(findAccountByEmail(db, accounts!.admin.email)!.roles).toEqual(['admin']);
    // The htmx form swaps its row in: the summary comes inside the row, where htmx moves focus to it.
    const row = await agent
      .post(`/admin/accounts/${me.id}/roles`)
      .set('HX-Request', 'true')
      .type('form')
      .send({ roles: 'lead', _csrf: csrf });
    expect(row.status).toBe(422);
    const inRow = html({ text: `<table>${row.text}</table>` })(`tr#account-${me.id} [data-testid="error-summary"]`);
    expect(inRow.text()).toContain('cannot remove your own admin role');
    expect(inRow.attr('autofocus')).toBeDefined();
  });

  it('refuses a role change to a non-admin, so nobody can promote themselves', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.employee.email);
    const me = findAccountByEmail(db, accounts!.employee.email)!;
    expect(
      (await agent.post(`/admin/accounts/${me.id}/roles`).type('form').send({ roles: 'admin', _csrf: csrf })).status,
    ).toBe(403);
    expect(findAccountByEmail(db, accounts!.employee.email)!.roles).toEqual([]);
  });
});

describe('creating accounts', () => {
  it('lets an admin open an account for an imported person, who can then sign in with the one-time password', async () => {
    const { app, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.admin.email);
    const res = await agent.post('/admin/accounts').type('form').send({ personId: 'p6', roles: 'lead', _csrf: csrf });
    expect(res.status).toBe(201);
    const password = html(res)('[data-testid="new-password"]').text();
    expect(password.length).toBeGreaterThanOrEqual(12);
    const finn = await signIn(app, 'p6@studio.test', password);
    // A one-time password: every page leads to choosing one's own first.
    expect((await finn.agent.get('/').expect(303)).headers.location).toBe('/me/password');
    expect((await changePassword(finn.agent, finn.csrf, password, 'finn-own-password')).status).toBe(303);
    const dash = await finn.agent.get('/').expect(200);
    expect(html(dash)('[data-testid="signed-in-as"]').text()).toBe('Finn Hale');
    expect(html(dash)('nav a[href="/plans"]').length).toBe(1);
  });

  it('names the field when the person is unknown or already has an account', async () => {
    const { app, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.admin.email);
    const unknown = await agent.post('/admin/accounts').type('form').send({ personId: 'nobody', _csrf: csrf });
    expect(unknown.status).toBe(422);
    const picked = 'The person picked is no longer in the studio; type a name and pick the person.';
    expect(html(unknown)('#personId-error').text()).toBe(picked);
    const summary = html(unknown)('form[action="/admin/accounts"] [data-testid="error-summary"]');
    expect(summary.text()).toContain(picked);
    expect(summary.attr('autofocus')).toBeDefined();
    expect(html(unknown)('[data-testid="error-summary"]').length).toBe(1);
    expect(unknown.text).not.toContain('nobody');
    const typed = await agent
      .post('/admin/accounts')
      .type('form')
      .send({ personQuery: 'Zed Nobody', personId: 'nobody', _csrf: csrf });
    expect(html(typed)('#personId-error').text()).toContain('No one in the studio matches “Zed Nobody”');
    const empty = await agent.post('/admin/accounts').type('form').send({ _csrf: csrf });
    expect(html(empty)('#personId-error').text()).toBe('Type a name and pick the person the account is for.');
    const twice = await agent.post('/admin/accounts').type('form').send({ personId: 'p1', _csrf: csrf });
    expect(html(twice)('#personId-error').text()).toBe('Ada Moss already has an account');
  });

  it('opens the account of the one person a typed name matches, and lists the matches when there are several', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.admin.email);
    const users = () => db.$client.prepare('select person_id from users order by person_id').all();
    // Eve marries into the Hale family: "hale" names her and Finn.
    db.transaction((tx) => {
      tx.run(sql`update people set name = 'Eve Hale' where id = 'p5'`);
      reindexPeople(tx, ['p5']);
    });
    const before = users();
    const several = await agent.post('/admin/accounts').type('form').send({ personQuery: 'hale', _csrf: csrf });
    expect(several.status).toBe(422);
    const $ = html(several);
    expect($('#personId-error').text()).toBe('Several people match “hale”; pick one from the list.');
    const choices = $('#account-person-choices input[name="personId"]');
    expect(choices.map((_, el) => $(el).attr('value')).get()).toEqual(['p5', 'p6']);
    expect(choices.first().attr('disabled')).toBeDefined(); // Eve already has an account
    expect($('input[name="personQuery"]').val()).toBe('hale');
    const none = await agent.post('/admin/accounts').type('form').send({ personQuery: 'Quentin', _csrf: csrf });
    expect(html(none)('#personId-error').text()).toBe('No one in the studio is called “Quentin”.');
    expect(users()).toEqual(before);
    const finn = await agent.post('/admin/accounts').type('form').send({ personQuery: 'finn', _csrf: csrf });
    expect(finn.status).toBe(201);
    expect(html(finn)('[role="status"]').text()).toContain('Account created for Finn Hale');
  });

  it('is refused to a manager', async () => {
    const { app, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.manager.email);
    expect((await agent.post('/admin/accounts').type('form').send({ personId: 'p6', _csrf: csrf })).status).toBe(403);
  });
});

describe('the policy form', () => {
  it('shows the current policy in its fields, and treats an emptied field as missing rather than 0', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.admin.email);
    const $ = html(await agent.get('/admin').expect(200));
    expect($('input[name="maxConsecutiveMonths"]').val()).toBe('3');
    expect($('input[name="network"]').val()).toBe('1');
    const res = await agent
      .post('/admin/policy')
      .type('form')
      .send({ ...policy, fairness: '', _csrf: csrf });
    expect(res.status).toBe(422);
    expect(html(res)('#fairness-error').text()).toBe('Enter a number');
    expect(getPolicy(db).weights.fairness).toBe(1);
  });
});

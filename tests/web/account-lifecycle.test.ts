import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { findAccountByEmail } from '../../src/db/repos/users.ts';
import { auditLog, people, sessions } from '../../src/db/schema.ts';
import { canManageAccount } from '../../src/domain/access.ts';
import type { Clock } from '../../src/domain/clock.ts';
import { changePassword, csrfFrom, html, signIn, testApp, TEST_NOW, TEST_PASSWORD } from '../helpers/test-app.ts';

const idOf = (db: Parameters<typeof findAccountByEmail>[0], email: string) => findAccountByEmail(db, email)!.id;

describe('a one-time password', () => {
  it('must be changed at first sign-in: every page leads to /me/password, and changes are refused until then', async () => {
    const { app, accounts, db } = await testApp();
    const admin = await signIn(app, accounts!.admin.email);
    const created = await admin.agent
      .post('/admin/accounts')
      .type('form')
      .send({ personId: 'p6', _csrf: admin.csrf })
      .expect(201);
    const oneTime = html(created)('[data-testid="new-password"]').text();
    expect(findAccountByEmail(db, 'p6@studio.test')!.mustChangePassword).toBe(true);

    const agent = request.agent(app);
    const loginCsrf = csrfFrom(await agent.get('/login'));
    const login = await agent
      .post('/login')
      .type('form')
      .send({ email: 'p6@studio.test', password: oneTime, next: '/problems', _csrf: loginCsrf });
    expect(login.headers.location).toBe('/me/password');
    const page = await agent.get('/me/password').expect(200);
    expect(html(page)('[role="status"]').text()).toContain('one-time password');
    const csrf = csrfFrom(page);
    expect((await agent.get('/problems').expect(303)).headers.location).toBe('/me/password');
    expect((await agent.get('/me/profile').set('HX-Request', 'true')).headers['hx-redirect']).toBe('/me/password');
    const refused = await agent.post('/me/calendar-token').type('form').send({ _csrf: csrf });
    expect(refused.status).toBe(403);
    expect(html(refused)('[role="alert"]').text()).toContain('Choose your own password first');

    expect((await changePassword(agent, csrf, oneTime, 'finn-hale-own-pw')).status).toBe(303);
    expect(findAccountByEmail(db, 'p6@studio.test')!.mustChangePassword).toBe(false);
    await agent.get('/problems').expect(200);
    await expect(signIn(app, 'p6@studio.test', oneTime)).rejects.toThrow(/failed with 401/);
    await signIn(app, 'p6@studio.test', 'finn-hale-own-pw');
  });
});

describe('changing one’s own password', () => {
  it('needs the current password and a good new one typed twice, each error beside its field', async () => {
    const { app, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.employee.email);
    const send = (body: Record<string, string>) =>
      agent
        .post('/me/password')
        .type('form')
        .send({ ...body, _csrf: csrf });
    const wrong = await send({ currentPassword: 'nope', password: 'a-new-password', confirm: 'a-new-password' });
    expect(wrong.status).toBe(422);
    expect(html(wrong)('#currentPassword-error').text()).toBe('This is not your current password');
    const short = await send({ currentPassword: TEST_PASSWORD, password: 'short', confirm: 'short' });
    expect(html(short)('#password-error').text()).toBe('Use at least 10 characters');
    const same = await send({ currentPassword: TEST_PASSWORD, password: TEST_PASSWORD, confirm: TEST_PASSWORD });
    expect(html(same)('#password-error').text()).toContain('different from the current one');
    const typo = await send({ currentPassword: TEST_PASSWORD, password: 'a-new-password', confirm: 'a-new-passwort' });
    expect(html(typo)('#confirm-error').text()).toBe('The two new passwords differ');
    const empty = await send({});
    expect(empty.status).toBe(422);
    expect(html(empty)('#currentPassword-error').text()).toBe('Enter your current password');
    await signIn(app, accounts!.employee.email);
  });

  it('is throttled per account after wrong current passwords, as sign-in is; other errors do not count', async () => {
    const { app, accounts, db } = await testApp({ config: { loginAttemptsPerWindow: 3 } });
    const { agent, csrf } = await signIn(app, accounts!.employee.email);
    const before = findAccountByEmail(db, accounts!.employee.email)!.passwordHash;
    // Form errors other than a wrong current password cost nothing.
    for (let i = 0; i < 4; i++) expect((await changePassword(agent, csrf, TEST_PASSWORD, 'short')).status).toBe(422);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await changePassword(agent, csrf, 'wrong-guess', 'a-new-password')).status);
    expect(statuses).toEqual([422, 422, 422, 429]);
    // Even the right current password is refused now, from this session or another of the same account.
    const blocked = await changePassword(agent, csrf, TEST_PASSWORD, 'a-new-password');
    expect(blocked.status).toBe(429);
    expect(html(blocked)('[data-testid="error-summary"]').text()).toContain('Too many wrong current passwords');
    const other = await signIn(app, accounts!.employee.email);
    expect((await changePassword(other.agent, other.csrf, TEST_PASSWORD, 'a-new-password')).status).toBe(429);
    expect(findAccountByEmail(db, accounts!.employee.email)!.passwordHash).toBe(before);
    // Another account is not affected.
    const lead = await signIn(app, accounts!.lead.email);
    expect((await changePassword(lead.agent, lead.csrf, TEST_PASSWORD, 'lead-new-password')).status).toBe(303);
  });

  it('keeps this session, ends the others, and is audited', async () => {
    const { app, accounts, db } = await testApp();
    const here = await signIn(app, accounts!.employee.email);
    const elsewhere = await signIn(app, accounts!.employee.email);
    expect((await changePassword(here.agent, here.csrf, TEST_PASSWORD, 'brand-new-secret')).status).toBe(303);
    const done = await here.agent.get('/me/password?changed=1').expect(200);
    expect(html(done)('[role="status"]').text()).toContain('Password changed');
    expect((await elsewhere.agent.get('/')).status).toBe(303);
    const entry = db.select().from(auditLog).where(eq(auditLog.action, 'account.password')).get();
    expect(entry).toMatchObject({
      personId: accounts!.employee.personId,
      actorUserId: idOf(db, accounts!.employee.email),
    });
  });

  it('needs a CSRF token', async () => {
    const { app, accounts } = await testApp();
    const { agent } = await signIn(app, accounts!.employee.email);
    const res = await agent
      .post('/me/password')
      .type('form')
      .send({ currentPassword: TEST_PASSWORD, password: 'brand-new-secret', confirm: 'brand-new-secret' });
    expect(res.status).toBe(403);
    await signIn(app, accounts!.employee.email);
  });
});

describe('an admin resetting a password', () => {
  it('shows a new one-time password once, ends the person’s sessions, and the old password stops working', async () => {
    const { app, accounts, db } = await testApp();
    const victim = await signIn(app, accounts!.employee.email);
    const { agent, csrf } = await signIn(app, accounts!.admin.email);
    const id = idOf(db, accounts!.employee.email);
    const res = await agent.post(`/admin/accounts/${id}/password`).type('form').send({ _csrf: csrf }).expect(200);
    const oneTime = html(res)('[data-testid="new-password"]').text();
    expect(oneTime).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect((await victim.agent.get('/')).status).toBe(303);
    await expect(signIn(app, accounts!.employee.email)).rejects.toThrow(/401/);
    const again = await signIn(app, accounts!.employee.email, oneTime);
    expect((await again.agent.get('/').expect(303)).headers.location).toBe('/me/password');
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'account.reset')).all()).toHaveLength(1);
    // Shown once: the admin page never lists it.
    expect((await agent.get('/admin')).text).not.toContain(oneTime);
  });

  it('is refused to a lead (403) and for one’s own account (409), with nothing changed', async () => {
    const { app, accounts, db } = await testApp();
    const lead = await signIn(app, accounts!.lead.email);
    const id = idOf(db, accounts!.employee.email);
    const before = findAccountByEmail(db, accounts!.employee.email)!.passwordHash;
    expect(
      (await lead.agent.post(`/admin/accounts/${id}/password`).type('form').send({ _csrf: lead.csrf })).status,
    ).toBe(403);
    const admin = await signIn(app, accounts!.admin.email);
    const own = await admin.agent
      .post(`/admin/accounts/${idOf(db, accounts!.admin.email)}/password`)
      .type('form')
      .send({ _csrf: admin.csrf });
    expect(own.status).toBe(409);
    expect(html(own)('[role="alert"]').text()).toContain('your own account');
    expect(findAccountByEmail(db, accounts!.employee.email)!.passwordHash).toBe(before);
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'account.reset')).all()).toHaveLength(0);
  });

  it('answers 404 for an unknown or malformed account id', async () => {
    const { app, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.admin.email);
    for (const id of ['999', 'abc', '1e3', '-1', '0'])
      expect((await agent.post(`/admin/accounts/${id}/password`).type('form').send({ _csrf: csrf })).status).toBe(404);
  });
});

describe('disabling and enabling an account', () => {
  it('ends every session at once; enabling does not revive an old cookie; the person signs in afresh', async () => {
    const { app, accounts, db } = await testApp();
    const victim = await signIn(app, accounts!.employee.email);
    const second = await signIn(app, accounts!.employee.email);
    const { agent, csrf } = await signIn(app, accounts!.admin.email);
    const id = idOf(db, accounts!.employee.email);
    const off = await agent.post(`/admin/accounts/${id}/status`).type('form').send({ status: 'disabled', _csrf: csrf });
    expect(off.status).toBe(303);
    expect(db.select().from(sessions).where(eq(sessions.userId, id)).all()).toHaveLength(0);
    expect((await victim.agent.get('/')).status).toBe(303);
    await expect(signIn(app, accounts!.employee.email)).rejects.toThrow(/401/);
    const row = html(await agent.get('/admin'))(`#account-${id} [data-testid="account-status"]`).text();
    expect(row.trim()).toBe('disabled');

    await agent.post(`/admin/accounts/${id}/status`).type('form').send({ status: 'enabled', _csrf: csrf }).expect(303);
    expect((await victim.agent.get('/')).status).toBe(303);
    expect((await second.agent.get('/')).status).toBe(303);
    await signIn(app, accounts!.employee.email);
    const actions = db
      .select({ action: auditLog.action })
      .from(auditLog)
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['account.disable', 'account.enable']));
  });

  it('refuses a manager (403), one’s own account (409) and a bad status (422), changing nothing', async () => {
    const { app, accounts, db } = await testApp();
    const id = idOf(db, accounts!.employee.email);
    const manager = await signIn(app, accounts!.manager.email);
    const asManager = await manager.agent
      .post(`/admin/accounts/${id}/status`)
      .type('form')
      .send({ status: 'disabled', _csrf: manager.csrf });
    expect(asManager.status).toBe(403);
    const { agent, csrf } = await signIn(app, accounts!.admin.email);
    const self = await agent
      .post(`/admin/accounts/${idOf(db, accounts!.admin.email)}/status`)
      .type('form')
      .send({ status: 'disabled', _csrf: csrf });
    expect(self.status).toBe(409);
    const bad = await agent.post(`/admin/accounts/${id}/status`).type('form').send({ status: 'gone', _csrf: csrf });
    expect(bad.status).toBe(422);
    expect(html(bad)('[role="alert"]').text()).toContain('Choose disabled or enabled');
    const none = await agent.post(`/admin/accounts/${id}/status`).type('form').send({ _csrf: csrf });
    expect(none.status).toBe(422);
    expect(findAccountByEmail(db, accounts!.employee.email)!.disabled).toBe(false);
    expect(findAccountByEmail(db, accounts!.admin.email)!.disabled).toBe(false);
    await agent.get('/admin').expect(200);
  });

  it('the HR import deactivating a person ends their sessions; re-activating them does not bring the cookie back', async () => {
    const { app, accounts, db } = await testApp();
    const victim = await signIn(app, accounts!.employee.email);
    db.update(people).set({ active: false }).where(eq(people.id, accounts!.employee.personId)).run();
    db.update(people).set({ active: true }).where(eq(people.id, accounts!.employee.personId)).run();
    expect((await victim.agent.get('/')).status).toBe(303);
    await signIn(app, accounts!.employee.email);
  });

  it('is a policy: an admin manages other accounts, never their own, and nobody else manages any', () => {
    const base = { name: 'x', email: 'x@studio.test', disabled: false };
    const admin = { ...base, id: 1, personId: 'a', roles: ['admin' as const] };
    const lead = { ...base, id: 2, personId: 'b', roles: ['lead' as const] };
    expect(canManageAccount(admin, { id: 2 })).toBe(true);
    expect(canManageAccount(admin, { id: 1 })).toBe(false);
    expect(canManageAccount(lead, { id: 3 })).toBe(false);
  });
});

describe('sessions', () => {
  it('are purged once expired, at the next sign-in', async () => {
    let now = DateTime.fromISO(TEST_NOW, { zone: 'utc' });
    const clock: Clock = { now: () => now };
    const { app, accounts, db } = await testApp({ clock, config: { sessionDays: 14 } });
    await signIn(app, accounts!.employee.email);
    await signIn(app, accounts!.lead.email);
    expect(db.select().from(sessions).all()).toHaveLength(2);
    now = now.plus({ days: 15 });
    await signIn(app, accounts!.manager.email);
    const left = db.select().from(sessions).all();
    expect(left.map((s) => s.userId)).toEqual([idOf(db, accounts!.manager.email)]);
  });

  it('rotate the CSRF token at sign-in: a token from before the sign-in is refused after it', async () => {
    const { app, accounts } = await testApp();
    const agent = request.agent(app);
    const before = csrfFrom(await agent.get('/login'));
    await agent
      .post('/login')
      .type('form')
      .send({ email: accounts!.employee.email, password: TEST_PASSWORD, _csrf: before })
      .expect(303);
    const after = csrfFrom(await agent.get('/'));
    expect(after).not.toBe(before);
    expect((await agent.post('/me/calendar-token').type('form').send({ _csrf: before })).status).toBe(403);
    expect((await agent.post('/me/calendar-token').type('form').send({ _csrf: after })).status).toBe(303);
  });
});

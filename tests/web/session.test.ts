import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { csrfFrom, html, signIn, testApp, TEST_PASSWORD } from '../helpers/test-app.ts';

describe('signing in and out', () => {
  it('signs in with the right password, shows the dashboard, and signs out', async () => {
    const { app, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.employee.email);
    const dash = await agent.get('/').expect(200);
    expect(html(dash)('[data-testid="signed-in-as"]').text()).toBe('Ada Moss');
    const out = await agent.post('/logout').type('form').send({ _csrf: csrf });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/login');
    const after = await agent.get('/');
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(/^\/login/);
  });

  it('refuses a wrong password with 401 and a message, and sets no session', async () => {
    const { app, accounts } = await testApp();
    const agent = request.agent(app);
    const csrf = csrfFrom(await agent.get('/login'));
    const res = await agent
      .post('/login')
      .type('form')
      .send({ email: accounts!.employee.email, password: 'wrong', _csrf: csrf });
    expect(res.status).toBe(401);
    expect(html(res)('[data-testid="error-summary"]').text()).toContain('Email or password is wrong');
    expect(String(res.headers['set-cookie'] ?? '')).not.toContain('cabal_session');
    expect((await agent.get('/')).status).toBe(303);
  });

  it('shows field errors beside empty fields with 422', async () => {
    const { app } = await testApp();
    const agent = request.agent(app);
    const csrf = csrfFrom(await agent.get('/login'));
    const res = await agent.post('/login').type('form').send({ email: '', password: '', _csrf: csrf });
    expect(res.status).toBe(422);
    expect(html(res)('#email-error').text()).toBe('Enter your email');
    expect(html(res)('#password-error').text()).toBe('Enter your password');
  });

  it('sets an httpOnly, SameSite=Lax session cookie', async () => {
    const { app, accounts } = await testApp();
    const agent = request.agent(app);
    const csrf = csrfFrom(await agent.get('/login'));
    const res = await agent
      .post('/login')
      .type('form')
      .send({ email: accounts!.lead.email, password: TEST_PASSWORD, _csrf: csrf });
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('cabal_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('throttles one account after its failed sign-ins, and another person from the same address still signs in', async () => {
    const { app, accounts } = await testApp({ config: { loginAttemptsPerWindow: 3 } });
    const agent = request.agent(app);
    const csrf = csrfFrom(await agent.get('/login'));
    const post = (email: string, password: string) =>
      agent.post('/login').type('form').send({ email, password, _csrf: csrf });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(accounts!.admin.email, 'nope')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const blocked = await post(accounts!.admin.email.toUpperCase(), TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(html(blocked)('[data-testid="error-summary"]').text()).toContain(
      'Too many failed sign-ins for this account',
    );
    expect(String(blocked.headers['set-cookie'] ?? '')).not.toContain('cabal_session');
    // Same address, another person: an office behind one proxy keeps working.
    const other = await post(accounts!.lead.email, TEST_PASSWORD);
    expect(other.status).toBe(303);
  });

  it('throttles an address after many failed sign-ins across accounts; a forged X-Forwarded-For changes nothing', async () => {
    const { app, accounts } = await testApp({ config: { loginAttemptsPerIp: 4 } });
    const agent = request.agent(app);
    const csrf = csrfFrom(await agent.get('/login'));
    const emails = Object.values(accounts!).map((a) => a.email);
    const statuses: number[] = [];
    for (const [i, email] of emails.entries())
      statuses.push(
        (
          await agent
            .post('/login')
            .set('X-Forwarded-For', `203.0.113.${i + 1}`)
            .type('form')
            .send({ email, password: 'nope', _csrf: csrf })
        ).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const res = await agent
      .post('/login')
      .set('X-Forwarded-For', '198.51.100.7')
      .type('form')
      .send({ email: accounts!.employee.email, password: TEST_PASSWORD, _csrf: csrf });
    expect(res.status).toBe(429);
    expect(html(res)('[data-testid="error-summary"]').text()).toContain('Too many failed sign-ins from this network');
  });

  it('with TRUST_PROXY naming the proxy, each client behind it has its own address throttle', async () => {
    const { app, accounts } = await testApp({ config: { loginAttemptsPerIp: 2, trustProxy: ['loopback'] } });
    const agent = request.agent(app);
    const csrf = csrfFrom(await agent.get('/login'));
    const post = (ip: string, email: string, password: string) =>
      agent.post('/login').set('X-Forwarded-For', ip).type('form').send({ email, password, _csrf: csrf });
    expect((await post('203.0.113.1', accounts!.admin.email, 'nope')).status).toBe(401);
    expect((await post('203.0.113.1', accounts!.lead.email, 'nope')).status).toBe(401);
    expect((await post('203.0.113.1', accounts!.manager.email, TEST_PASSWORD)).status).toBe(429);
    expect((await post('198.51.100.7', accounts!.manager.email, TEST_PASSWORD)).status).toBe(303);
  });

  it('a correct sign-in or a form error does not count as a failure', async () => {
    const { app, accounts } = await testApp({ config: { loginAttemptsPerWindow: 2, loginAttemptsPerIp: 2 } });
    // Each attempt from a fresh browser on the same address (a sign-in rotates the CSRF token of the one before).
    const post = async (body: Record<string, string>) => {
      const agent = request.agent(app);
      const csrf = csrfFrom(await agent.get('/login'));
      return agent
        .post('/login')
        .type('form')
        .send({ ...body, _csrf: csrf });
    };
    for (let i = 0; i < 3; i++) expect((await post({ email: accounts!.admin.email, password: '' })).status).toBe(422);
    for (let i = 0; i < 3; i++)
      expect((await post({ email: accounts!.admin.email, password: TEST_PASSWORD })).status).toBe(303);
    expect((await post({ email: accounts!.admin.email, password: 'nope' })).status).toBe(401);
  });

  it('does not follow a sign-in redirect to another site', async () => {
    const { app, accounts } = await testApp();
    const agent = request.agent(app);
    const csrf = csrfFrom(await agent.get('/login'));
    const res = await agent
      .post('/login')
      .type('form')
      .send({ email: accounts!.lead.email, password: TEST_PASSWORD, next: '//evil.example/', _csrf: csrf });
    expect(res.headers.location).toBe('/');
  });
});

describe('CSRF protection', () => {
  it('refuses a state-changing request without a token', async () => {
    const { app, accounts } = await testApp();
    const { agent } = await signIn(app, accounts!.employee.email);
    const res = await agent.post('/logout').type('form').send({});
    expect(res.status).toBe(403);
    expect(html(res)('[role="alert"]').text()).toContain('CSRF');
    expect((await agent.get('/')).status).toBe(200);
  });

  it('refuses a forged token and accepts the header an htmx request sends', async () => {
    const { app, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.employee.email);
    expect((await agent.post('/logout').set('X-CSRF-Token', 'forged').send()).status).toBe(403);
    expect((await agent.post('/logout').set('X-CSRF-Token', csrf).set('HX-Request', 'true').send()).status).toBe(303);
  });

  it('refuses a login post without a token', async () => {
    const { app, accounts } = await testApp();
    const res = await request(app)
      .post('/login')
      .type('form')
      .send({ email: accounts!.employee.email, password: TEST_PASSWORD });
    expect(res.status).toBe(403);
  });
});

import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { findPerson } from '../../src/db/repos/people.ts';
import { problems } from '../../src/db/schema.ts';
import { errorHandler } from '../../src/web/error-handler.ts';
import { csrfFrom, html, planThroughWeb, signIn, testApp, TEST_PASSWORD } from '../helpers/test-app.ts';

/** An anonymous agent on the login page, with its CSRF token. */
async function atLogin(app: Parameters<typeof request.agent>[0]) {
  const agent = request.agent(app);
  return { agent, csrf: csrfFrom(await agent.get('/login')) };
}

const message = (res: { text: string }) => html(res)('[role="alert"] p').first().text();

describe('the body-parsing policy', () => {
  it('answers malformed JSON at /login with 415 and a message, and logs nothing (the password least of all)', async () => {
    const { app, errors } = await testApp();
    const { agent, csrf } = await atLogin(app);
    const res = await agent
      .post('/login')
      .set('X-CSRF-Token', csrf)
      .set('Content-Type', 'application/json')
      .send(`{"email":"employee@studio.test","password":"${TEST_PASSWORD}",`);
    expect(res.status).toBe(415);
    expect(message(res)).toContain('takes a form');
    expect(res.text).not.toContain(TEST_PASSWORD);
    expect(errors).toEqual([]);
  });

  it('answers a gzip body that is garbage with 400, and one that inflates past the limit with 413', async () => {
    const { app, errors } = await testApp();
    const { agent, csrf } = await atLogin(app);
    const garbage = await agent
      .post('/login')
      .set('Content-Encoding', 'gzip')
      .type('form')
      .send(`email=a&password=${TEST_PASSWORD}&_csrf=${csrf}`);
    expect(garbage.status).toBe(400);
    expect(message(garbage)).toContain('could not be read');
    const bomb = gzipSync(`_csrf=${csrf}&email=${'a'.repeat(2_000_000)}`);
    expect(bomb.length).toBeLessThan(10_000);
    // Sent as raw bytes over a socket: the test client would re-encode a Buffer body.
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const inflated = await fetch(`http://127.0.0.1:${port}/login`, {
      method: 'POST',
      headers: { 'Content-Encoding': 'gzip', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: bomb,
    }).then(async (r) => ({ status: r.status, text: await r.text() }));
    server.close();
    expect(inflated.status).toBe(413);
    expect(message(inflated)).toContain('larger than 100 KiB');
    expect(errors).toEqual([]);
  });

  it('answers 1001 fields with 413, a large form with 413 before reading it, and an unknown encoding with 415', async () => {
    const { app, errors } = await testApp();
    const { agent, csrf } = await atLogin(app);
    const fields = Array.from({ length: 1001 }, (_, i) => `f${i}=1`).join('&');
    const many = await agent.post('/login').type('form').send(`_csrf=${csrf}&${fields}`);
    expect(many.status).toBe(413);
    expect(message(many)).toBe('The form has more than 1000 fields.');
    const large = await agent
      .post('/login')
      .type('form')
      .send(`_csrf=${csrf}&email=${'a'.repeat(200_000)}`);
    expect(large.status).toBe(413);
    const brotli2 = await agent.post('/login').set('Content-Encoding', 'x-unknown').type('form').send('a=1');
    expect(brotli2.status).toBe(415);
    expect(errors).toEqual([]);
  });

  it('never parses a large body before the CSRF check: a 23 MB JSON body and a 11 MB upload without a token', async () => {
    const { app, accounts, errors } = await testApp();
    const json = await request(app)
      .post('/login')
      .set('Content-Type', 'application/json')
      .send(`{"x":"${'a'.repeat(23 * 2 ** 20)}"}`);
    expect(json.status).toBe(415);
    const { agent } = await signIn(app, accounts!.admin.email);
    const upload = await agent.post('/admin/import').attach('file', Buffer.alloc(11 * 2 ** 20, 'a'), 'people.csv');
    expect(upload.status).toBe(403);
    expect(message(upload)).toContain('CSRF');
    expect(errors).toEqual([]);
  });

  it('answers a POST with the CSRF header and no body with field errors (422) at /problems and /me/profile; nothing is written', async () => {
    const { app, accounts, db, errors } = await testApp();
    const lead = await signIn(app, accounts!.lead.email);
    const before = db.select().from(problems).all().length;
    const create = await lead.agent.post('/problems').set('X-CSRF-Token', lead.csrf);
    expect(create.status).toBe(422);
    expect(html(create)('.field-error').length).toBeGreaterThan(0);
    expect(db.select().from(problems).all()).toHaveLength(before);
    const employee = await signIn(app, accounts!.employee.email);
    const profileBefore = findPerson(db, accounts!.employee.personId);
    const profile = await employee.agent.post('/me/profile').set('X-CSRF-Token', employee.csrf);
    expect(profile.status).toBe(422);
    expect(html(profile)('.field-error').text()).toContain('Choose a time zone');
    expect(findPerson(db, accounts!.employee.personId)).toEqual(profileBefore);
    expect(errors).toEqual([]);
  });

  it('refuses a text body with 415, and lets a POST with no body (sign-out by htmx) through', async () => {
    const { app, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.employee.email);
    const text = await agent.post('/me/calendar-token').set('X-CSRF-Token', csrf).type('text/plain').send('hello');
    expect(text.status).toBe(415);
    expect((await agent.post('/logout').set('X-CSRF-Token', csrf)).status).toBe(303);
  });

  it('reads a bad HX-Current-URL header as "not from a problem page" instead of failing', async () => {
    const { app, accounts, db, errors } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    const run = await planThroughWeb(agent, csrf, db, 1);
    for (const header of ['not a url', 'http://[::1', '%%%'])
      expect((await agent.get(run).set('HX-Request', 'true').set('HX-Current-URL', header)).status).toBe(200);
    expect(errors).toEqual([]);
  });

  it('logs a server error without the request body an error may carry', async () => {
    const logged: unknown[] = [];
    const app = express();
    app.post('/boom', () => {
      throw Object.assign(new Error('parser exploded'), { body: `password=${TEST_PASSWORD}` });
    });
    app.use(errorHandler((e) => logged.push(e)));
    const res = await request(app).post('/boom').set('Accept', 'application/json').send('x');
    expect(res.status).toBe(500);
    expect(logged).toHaveLength(1);
    expect((logged[0] as Error).message).toBe('parser exploded');
    expect(JSON.stringify(logged[0])).not.toContain(TEST_PASSWORD);
    expect((logged[0] as { body?: unknown }).body).toBeUndefined();
  });
});

describe('caching', () => {
  it('sends Cache-Control: no-store on signed-in pages and the login page, but lets static assets be cached', async () => {
    const { app, accounts } = await testApp();
    const { agent } = await signIn(app, accounts!.employee.email);
    for (const path of ['/', '/me/profile', '/problems', '/me/password'])
      expect((await agent.get(path).expect(200)).headers['cache-control']).toBe('no-store');
    expect((await request(app).get('/login')).headers['cache-control']).toBe('no-store');
    const css = await request(app).get('/assets/css/app.css').expect(200);
    expect(css.headers['cache-control']).not.toContain('no-store');
  });
});

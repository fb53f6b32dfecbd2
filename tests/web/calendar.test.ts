import ICAL from 'ical.js';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { html, signIn, testApp } from '../helpers/test-app.ts';
import { scheduleTinyStudio } from './me-fixture.ts';

async function withFeed() {
  const t = await testApp();
  scheduleTinyStudio(t.db);
  const session = await signIn(t.app, t.accounts!.employee.email);
  await session.agent.post('/me/calendar-token').type('form').send({ _csrf: session.csrf }).expect(303);
  const feedUrl = html(await session.agent.get('/me/profile').expect(200))('#feed-url').val() as string;
  return { ...t, ...session, feedUrl, path: new URL(feedUrl).pathname };
}

describe('calendar feed', () => {
  it('offers to create a feed first, then shows its private URL', async () => {
    const t = await testApp();
    const { agent, csrf } = await signIn(t.app, t.accounts!.employee.email);
    const before = html(await agent.get('/me/profile').expect(200));
    expect(before('#feed-url').length).toBe(0);
    expect(before('#calendar button').text()).toContain('Create my calendar feed');
    await agent.post('/me/calendar-token').type('form').send({ _csrf: csrf }).expect(303);
    const url = html(await agent.get('/me/profile').expect(200))('#feed-url').val() as string;
    expect(url).toMatch(/^http:\/\/localhost:3000\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  });

  it('builds feed URLs and the links inside the feed from PUBLIC_URL, whatever Host header the request carries', async () => {
    const t = await testApp({ config: { publicUrl: 'https://cabal.example.com' } });
    scheduleTinyStudio(t.db);
    const { agent, csrf } = await signIn(t.app, t.accounts!.employee.email);
    await agent.post('/me/calendar-token').type('form').send({ _csrf: csrf }).expect(303);
    const page = await agent.get('/me/profile').set('Host', 'evil.example').expect(200);
    const url = html(page)('#feed-url').val() as string;
    expect(url).toMatch(/^https:\/\/cabal\.example\.com\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const feed = await request(t.app).get(new URL(url).pathname).set('Host', 'evil.example').expect(200);
    expect(feed.text).toContain('https://cabal.example.com/problems/combat-feel');
    expect(feed.text).not.toContain('evil.example');
  });

  it('serves, without a login, one all-day event per cabal month with the problem, co-members and a link; a third-party parser reads it', async () => {
    const { app, path } = await withFeed();
    const res = await request(app).get(path).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(res.text));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => [e.startDate.toString(), e.endDate.toString(), e.startDate.isDate])).toEqual([
      ['2026-12-01', '2027-01-01', true],
      ['2027-01-01', '2027-02-01', true],
      ['2027-02-01', '2027-03-01', true],
    ]);
    expect(events.map((e) => e.summary)).toEqual(['Cabal: Combat feel', 'Cabal: Combat feel', 'Cabal: Lore bible']);
    const [dec, jan, feb] = events;
    expect(jan!.description).toContain('Cleo Park (Game Design, stays on)');
    expect(jan!.description).toContain('Eve Lind (Art)');
    expect(jan!.description).toContain('Finn Hale (Game Design, stays on)');
    expect(jan!.description).not.toContain('Ada Moss');
    expect(dec!.description).toContain('Dev Rao');
    expect(feb!.description).toContain('Lead: Dev Rao');
    expect(feb!.description).toContain('Ben Okafor (Engineering)');
    expect(feb!.description).toContain('draft');
    const vevents = calendar.getAllSubcomponents('vevent');
    expect(vevents[1]!.getFirstPropertyValue('url')).toMatch(/\/problems\/combat-feel$/);
    expect(vevents[1]!.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(vevents[2]!.getFirstPropertyValue('status')).toBe('TENTATIVE');
    expect(new Set(events.map((e) => e.uid)).size).toBe(3);
  });

  it('regenerating revokes the old URL: it answers 404 like any unknown page, and the new one works', async () => {
    const { app, agent, csrf, path } = await withFeed();
    await agent.post('/me/calendar-token').type('form').send({ _csrf: csrf }).expect(303);
    const fresh = new URL(html(await agent.get('/me/profile'))('#feed-url').val() as string).pathname;
    expect(fresh).not.toBe(path);
    const old = await request(app).get(path);
    expect(old.status).toBe(404);
    expect(old.text).not.toContain('Ada Moss');
    expect(old.text).not.toContain('BEGIN:VCALENDAR');
    // A revoked token and a made-up one get the same answer, so a probe learns nothing.
    const madeUp = await request(app).get('/calendar/' + 'B'.repeat(43) + '.ics');
    expect(madeUp.status).toBe(404);
    expect(html(old)('main').text()).toBe(html(madeUp)('main').text());
    await request(app).get(fresh).expect(200);
  });

  it('gives someone with no seat a valid, empty calendar and a webcal: link to subscribe', async () => {
    const t = await testApp();
    const { agent, csrf } = await signIn(t.app, t.accounts!.admin.email);
    await agent.post('/me/calendar-token').type('form').send({ _csrf: csrf }).expect(303);
    const $ = html(await agent.get('/me/profile').expect(200));
    const url = $('#feed-url').val() as string;
    expect($('#calendar a[href^="webcal:"]').attr('href')).toBe(url.replace(/^http:/, 'webcal:'));
    const res = await request(t.app).get(new URL(url).pathname).expect(200);
    const calendar = new ICAL.Component(ICAL.parse(res.text));
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Cabal rotation: Dev Rao');
    expect(calendar.getAllSubcomponents('vevent')).toEqual([]);
  });

  it('answers a made-up token with 404', async () => {
    const { app } = await withFeed();
    const res = await request(app).get('/calendar/' + 'A'.repeat(43) + '.ics');
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('VCALENDAR');
  });

  it('regenerates only with a CSRF token', async () => {
    const { agent, path, app } = await withFeed();
    expect((await agent.post('/me/calendar-token').type('form').send({})).status).toBe(403);
    await request(app).get(path).expect(200);
  });
});

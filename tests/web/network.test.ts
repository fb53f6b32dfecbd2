import { describe, expect, it } from 'vitest';
import { html, signIn, testApp } from '../helpers/test-app.ts';
import { tinyNetwork } from './network-fixture.ts';

async function app() {
  const t = await testApp();
  tinyNetwork(t.db);
  return t;
}

describe('GET /network/path', () => {
  it('shows an employee the shortest path to someone by name, strong ties first, and the contacts they share', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.employee.email);
    const res = await agent.get('/network/path').query({ to: 'dev' }).expect(200);
    const $ = html(res);
    expect($('#from').val()).toBe('Ada Moss');
    expect($('#to').val()).toBe('Dev Rao');
    expect(
      $('.intro-path li a')
        .map((_, el) => $(el).text())
        .get(),
    ).toEqual(['Ada Moss', 'Ben Okafor', 'Dev Rao']);
    expect($('.intro-path li').eq(1).text()).toContain('2 months together');
    const shared = $('.introduction tbody tr')
      .map((_, el) => $(el).find('td').first().text())
      .get();
    expect(shared).toEqual(['Ben Okafor', 'Cleo Park']);
  });

  it('says clearly when there is no path', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.employee.email);
    const res = await agent.get('/network/path').query({ from: 'Ada Moss', to: 'Finn' }).expect(200);
    expect(html(res)('.no-path').text()).toContain('No path');
  });

  it('asks which one when a name matches several people, with links that pick by id', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.employee.email);
    // "n" is in three names (Ben, Eve Lind, Finn); the choices link to the path with the chosen person's id.
    const res = await agent.get('/network/path').query({ to: 'n' }).expect(200);
    const $ = html(res);
    const links = $('#to-choices').parent().find('a');
    expect(links.length).toBeGreaterThan(1);
    const href = links.filter((_, el) => $(el).text() === 'Ben Okafor').attr('href')!;
    expect(new URL(href, 'http://x').searchParams.get('to')).toBe('p2');
    const picked = await agent.get(href).expect(200);
    expect(html(picked)('.intro-path li a').last().text()).toBe('Ben Okafor');
  });

  it('names the field when no one matches, with a 422', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.employee.email);
    const res = await agent.get('/network/path').query({ to: 'Zebulon' }).expect(422);
    expect(html(res)('#to-error').text()).toContain('Zebulon');
  });

  it('refuses a repeated or over-long parameter with a 400 that names it', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.employee.email);
    const twice = await agent.get('/network/path?to=a&to=b').expect(400);
    expect(twice.text).toContain('to:');
    const long = await agent
      .get('/network/path')
      .query({ from: 'x'.repeat(201) })
      .expect(400);
    expect(long.text).toContain('from:');
  });

  it('sends anonymous visitors to the login page', async () => {
    const { app: a } = await app();
    const { default: request } = await import('supertest');
    const res = await request(a).get('/network/path?to=p4').expect(303);
    expect(res.headers.location).toContain('/login');
  });
});

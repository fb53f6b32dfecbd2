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

describe('GET /network and /network/picture.json', () => {
  it('shows every signed-in account the picture page with departments and the published months to filter by', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.employee.email);
    const $ = html(await agent.get('/network').expect(200));
    expect($('#network-department option').length).toBe(4);
    expect($('#network-from option').first().val()).toBe('2026-07');
    expect($('#network-to option[selected]').val()).toBe('2026-12');
    expect($('script[src="/assets/vendor/sigma.js"]').length).toBe(1);
  });

  it('serves the picture: positions, departments with colours, and every edge with its months', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.employee.email);
    const res = await agent.get('/network/picture.json').expect(200);
    const data = res.body as {
      nodes: [string, string, number, number, number, number][];
      edges: [number, number, number[]][];
      totalEdges: number;
      months: string[];
    };
    expect(data.nodes.map((n) => n[0])).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    expect(data.totalEdges).toBe(5);
    // Strongest first: Ada and Ben served two months together.
    const [s, t, months] = data.edges[0]!;
    expect([data.nodes[s]![0], data.nodes[t]![0]]).toEqual(['p1', 'p2']);
    expect(months.map((m) => data.months[m])).toEqual(['2026-10', '2026-11']);
    // Everyone has a position from the layout.
    expect(data.nodes.every((n) => Number.isFinite(n[3]) && Number.isFinite(n[4]))).toBe(true);
  });

  it('vendors sigma.js and graphology from node_modules', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.employee.email);
    await agent
      .get('/assets/vendor/sigma.js')
      .expect(200)
      .expect('content-type', /javascript/);
    await agent
      .get('/assets/vendor/graphology.js')
      .expect(200)
      .expect('content-type', /javascript/);
  });
});

import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { reindexPeople } from '../../src/db/repos/search.ts';
import { people } from '../../src/db/schema.ts';
import { createApp } from '../../src/app.ts';
import { fixedClock } from '../../src/domain/clock.ts';
import { createNetworkService } from '../../src/services/network.ts';
import { freshDb, html, signIn, testApp, testConfig, TEST_NOW, tinyStudio } from '../helpers/test-app.ts';
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
    const { app: a, accounts, db } = await app();
    // Eve Lind becomes Eve Okafor: "okafor" starts a word of two names. The choices link to the path by id.
    db.transaction((tx) => {
      tx.update(people)
        .set({ name: 'Eve Okafor', hrUpdatedAt: '2027-01-15T11:00:00Z' })
        .where(eq(people.id, 'p5'))
        .run();
      reindexPeople(tx, ['p5']);
    });
    const { agent } = await signIn(a, accounts!.employee.email);
    const res = await agent.get('/network/path').query({ to: 'okafor' }).expect(200);
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

  it('says how many edges the picture draws of how many when it must cap them, keeping the strongest', async () => {
    const db = freshDb();
    const accounts = await tinyStudio(db);
    tinyNetwork(db);
    const network = createNetworkService(db, { pictureEdges: 3 });
    const capped = createApp({ db, config: testConfig(), clock: fixedClock(TEST_NOW), network });
    const { agent } = await signIn(capped, accounts.employee.email);
    const $ = html(await agent.get('/network').expect(200));
    expect($('[data-testid="edge-cap"]').text()).toContain('The picture draws the strongest 3 of the 5 ties');
    const data = (await agent.get('/network/picture.json').expect(200)).body as {
      edges: [number, number, number[]][];
      totalEdges: number;
    };
    expect([data.edges.length, data.totalEdges]).toEqual([3, 5]);
    expect(data.edges[0]![2]).toHaveLength(2); // Ada and Ben's two months come first
    // Uncapped, the page says nothing about a cap.
    const { app: full } = await app();
    const whole = await signIn(full, accounts.employee.email);
    expect(html(await whole.agent.get('/network').expect(200))('[data-testid="edge-cap"]').length).toBe(0);
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

describe('GET /network/influencers and its CSV', () => {
  it('ranks people by betweenness for a manager, with degree and PageRank', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.manager.email);
    const $ = html(await agent.get('/network/influencers').expect(200));
    const rows = $('#influencers tbody tr')
      .map((_, tr) =>
        [
          $(tr)
            .find('td')
            .map((__, td) => $(td).text())
            .get(),
        ].map((c) => [c[1], c[3], c[4]]),
      )
      .get() as unknown as string[][];
    // By hand: Dev (p4) is on every shortest way from Eve (p5) to Ada, Ben and Cleo (3 pairs) and on one of the
    // two between Ben and Cleo (½): 3.5 of the (n-1)(n-2)/2 = 10 pairs of the other five people.
    expect(rows[0]).toEqual(['Dev Rao', '3', '0.3500']);
    expect(rows).toHaveLength(6);
  });

  it('ranks by PageRank when asked, and refuses an unknown ranking with a 400 naming the field', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.lead.email);
    const $ = html(await agent.get('/network/influencers?by=pagerank').expect(200));
    expect($('#by option[selected]').val()).toBe('pagerank');
    const res = await agent.get('/network/influencers?by=charisma').expect(400);
    expect(res.text).toContain('by:');
  });

  it('downloads every person as CSV with a BOM and the agreed columns', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.admin.email);
    const res = await agent
      .get('/network/influencers.csv')
      .expect(200)
      .expect('content-type', /text\/csv/);
    expect(res.headers['content-disposition']).toContain('influencers.csv');
    expect(res.text.startsWith('\ufeff')).toBe(true);
    const lines = res.text.slice(1).trim().split('\n');
    expect(lines[0]).toBe('person_id,name,department,degree,betweenness,pagerank');
    expect(lines).toHaveLength(7);
    expect(lines[1]!.split(',').slice(0, 4)).toEqual(['p4', 'Dev Rao', 'Engineering', '3']);
  });

  it('writes the CSV through the one CSV writer: a name a spreadsheet would run as a formula is escaped', async () => {
    const { app: a, accounts, db } = await app();
    db.$client.prepare(`update people set name = '=HYPERLINK(1)', hr_updated_at = '2027-01-02' where id = 'p4'`).run();
    const { agent } = await signIn(a, accounts!.admin.email);
    const res = await agent.get('/network/influencers.csv').expect(200);
    const dev = res.text.split('\n').find((l) => l.startsWith('p4,'));
    expect(dev).toContain(`'=HYPERLINK(1)`);
  });

  it('refuses an employee the page and the CSV (403)', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.employee.email);
    await agent.get('/network/influencers').expect(403);
    await agent.get('/network/influencers.csv').expect(403);
  });
});

describe('GET /network/departments', () => {
  it('shows a manager the department matrix of ties against possible pairs, and the communities', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.manager.email);
    const $ = html(await agent.get('/network/departments').expect(200));
    const cell = (row: string, col: string) => $(`#silo-matrix td[title="${row} × ${col}"]`).text();
    // Art is Ada and Eve, Engineering Ben and Dev, Game Design Cleo and Finn.
    expect(cell('Art', 'Engineering')).toContain('2 / 4'); // Ada–Ben, Eve–Dev
    expect(cell('Engineering', 'Art')).toContain('2 / 4');
    expect(cell('Art', 'Game Design')).toContain('1 / 4'); // Ada–Cleo
    expect(cell('Engineering', 'Engineering')).toContain('1 / 1'); // Ben–Dev
    expect(cell('Art', 'Art')).toContain('0 / 1');
    expect($('#never-title').next().text()).toContain('Every department has served with every other');
    // Finn has served with no one; the five others fall into communities.
    const sizes = $('#communities tbody tr')
      .map((_, tr) => Number($(tr).find('td').eq(1).text()))
      .get();
    expect(sizes.reduce((s, n) => s + n, 0)).toBe(5);
  });

  it('refuses a lead and an employee (403)', async () => {
    const { app: a, accounts } = await app();
    for (const who of ['lead', 'employee'] as const) {
      const { agent } = await signIn(a, accounts![who].email);
      await agent.get('/network/departments').expect(403);
    }
  });
});

describe('a large network still being computed', () => {
  it('shows a self-replacing widget that polls until the figures are ready', async () => {
    const { createApp } = await import('../../src/app.ts');
    const { createNetworkService } = await import('../../src/services/network.ts');
    const { testConfig } = await import('../helpers/test-app.ts');
    const { db, clock, accounts } = await app();
    const network = createNetworkService(db, { inlineLimit: 0 });
    const slow = createApp({ db, config: testConfig(), clock, network, log: () => undefined });
    const { agent } = await signIn(slow, accounts!.manager.email);
    const first = html(await agent.get('/network/influencers').expect(200));
    expect(first('#influencers').attr('hx-get')).toBe('/network/influencers');
    expect(first('#influencers').text()).toContain('Computing');
    await agent.get('/network/picture.json').expect(202);
    await network.ready();
    const fragment = await agent.get('/network/influencers').set('HX-Request', 'true').expect(200);
    const $ = html(fragment);
    expect($('#influencers').attr('hx-get')).toBeUndefined();
    expect($('#influencers tbody tr').first().text()).toContain('Dev Rao');
    expect(fragment.text).not.toContain('<html');
  });
});

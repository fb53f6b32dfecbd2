import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { setSetting } from '../../src/db/repos/settings.ts';
import { DEMO_PASSWORD, DEMO_SEEDED_KEY, productionDemoWarning } from '../../src/services/demo.ts';
import { seedDemoWhenAllowed } from '../../src/services/seed.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { isStudioEmpty } from '../../src/db/repos/studio.ts';
import { fixedClock } from '../../src/domain/clock.ts';
import { csrfFrom, freshDb, html, testApp, testConfig, TEST_NOW } from '../helpers/test-app.ts';

const clock = fixedClock(TEST_NOW);
const PRODUCTION = { NODE_ENV: 'production', PUBLIC_URL: 'https://cabal.example.com' };

/** Starts the app as main.ts does on a fresh database with the given environment: config, seed when allowed, app. */
async function start(env: NodeJS.ProcessEnv) {
  const db = freshDb();
  const config = { ...loadConfig(env), databasePath: ':memory:' };
  const seeded = await seedDemoWhenAllowed(db, clock, config);
  return { db, config, seeded, app: createApp({ db, config, clock }) };
}

async function demoSignIn(app: Parameters<typeof request.agent>[0], email: string) {
  const agent = request.agent(app);
  const csrf = csrfFrom(await agent.get('/login'));
  return agent.post('/login').type('form').send({ email, password: DEMO_PASSWORD, _csrf: csrf });
}

describe('demo mode', () => {
  it('npm start on a fresh clone (no environment): seeds the demo, lists its accounts, caches templates', async () => {
    const { app, seeded, db } = await start({});
    expect(seeded?.people).toBe(150);
    expect(app.enabled('view cache')).toBe(true);
    const rows = html(await request(app).get('/login').expect(200))('.demo-accounts tbody tr');
    expect(rows.map((_, r) => html({ text: '' })(r).find('td').first().text()).get()).toEqual([
      'admin',
      'lead',
      'manager',
      'employee',
    ]);
    expect((await demoSignIn(app, 'admin@demo.cabal')).status).toBe(303);
    expect(productionDemoWarning(db, loadConfig({}))).toBeUndefined();
  });

  it('NODE_ENV=production on a fresh database: no seed, no demo accounts listed, templates cached', async () => {
    const { app, seeded, db } = await start(PRODUCTION);
    expect(seeded).toBeUndefined();
    expect(isStudioEmpty(db)).toBe(true);
    expect(app.enabled('view cache')).toBe(true);
    const $ = html(await request(app).get('/login').expect(200));
    expect($('.demo-accounts').length).toBe(0);
    expect($('body').text()).not.toContain('@demo.cabal');
    expect($('.demo-note').length).toBe(0);
  });

  it('production on a database that holds the demo: accounts hidden, refused at sign-in, and a loud warning', async () => {
    const db = freshDb();
    await seedDemoWhenAllowed(db, clock, loadConfig({}));
    const config = { ...loadConfig(PRODUCTION), databasePath: ':memory:' };
    expect(productionDemoWarning(db, config)).toMatch(/WARNING: this production database holds demo accounts/);
    const app = createApp({ db, config, clock });
    expect(html(await request(app).get('/login'))('.demo-accounts').length).toBe(0);
    const res = await demoSignIn(app, 'admin@demo.cabal');
    expect(res.status).toBe(401);
    expect(String(res.headers['set-cookie'] ?? '')).not.toContain('cabal_session');
  });

  it('DEMO=1 in production is said explicitly: the demo is seeded and shown, and start-up warns', async () => {
    const { app, seeded, db, config } = await start({ ...PRODUCTION, DEMO: '1' });
    expect(seeded?.people).toBe(150);
    expect(html(await request(app).get('/login'))('.demo-accounts tbody tr').length).toBe(4);
    expect(productionDemoWarning(db, config)).toMatch(/WARNING: DEMO=1 with NODE_ENV=production/);
  });

  it('npm run dev (NODE_ENV=development) turns the template cache off', async () => {
    const { app } = await start({ NODE_ENV: 'development', DEMO: '0' });
    expect(app.enabled('view cache')).toBe(false);
  });

  it('hides the demo accounts in a database the app did not seed, even with DEMO=1', async () => {
    const { app } = await testApp({ config: { demo: true } });
    const $ = html(await request(app).get('/login').expect(200));
    expect($('.demo-accounts').length).toBe(0);
    expect($('body').text()).not.toContain('@demo.cabal');
  });

  it('turns on by itself when the database records that the app seeded the demo and the demo is allowed', async () => {
    const db = freshDb();
    setSetting(db, DEMO_SEEDED_KEY, '1');
    const app = createApp({ db, config: testConfig(), clock });
    expect(html(await request(app).get('/login'))('.demo-accounts').length).toBe(1);
    const off = createApp({ db, config: testConfig({ demo: false }), clock });
    expect(html(await request(off).get('/login'))('.demo-accounts').length).toBe(0);
  });
});

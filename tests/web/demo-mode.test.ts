import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { setSetting } from '../../src/db/repos/settings.ts';
import { DEMO_SEEDED_KEY } from '../../src/services/demo.ts';
import { createApp } from '../../src/app.ts';
import { fixedClock } from '../../src/domain/clock.ts';
import { freshDb, html, testApp, testConfig, TEST_NOW } from '../helpers/test-app.ts';

describe('demo mode', () => {
  it('hides the demo accounts when the app did not seed the demo and DEMO is off', async () => {
    const { app } = await testApp();
    const $ = html(await request(app).get('/login').expect(200));
    expect($('.demo-accounts').length).toBe(0);
    expect($('body').text()).not.toContain('@demo.cabal');
  });

  it('lists one demo account per role when DEMO=1', async () => {
    const { app } = await testApp({ config: { demo: true } });
    const rows = html(await request(app).get('/login').expect(200))('.demo-accounts tbody tr');
    expect(rows.map((_, r) => html({ text: '' })(r).find('td').first().text()).get()).toEqual([
      'admin',
      'lead',
      'manager',
      'employee',
    ]);
  });

  it('turns on by itself when the database records that the app seeded the demo', async () => {
    const db = freshDb();
    setSetting(db, DEMO_SEEDED_KEY, '1');
    const app = createApp({ db, config: testConfig(), clock: fixedClock(TEST_NOW) });
    expect(html(await request(app).get('/login'))('.demo-accounts').length).toBe(1);
  });
});

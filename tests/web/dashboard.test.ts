import { describe, expect, it } from 'vitest';
import { writePlanMonths } from '../../src/db/repos/cabals.ts';
import { html, signIn, testApp, TEST_NOW } from '../helpers/test-app.ts';

describe('the dashboard', () => {
  it('shows an employee their cabal months from this month on, and no studio figures', async () => {
    const { app, db, accounts } = await testApp();
    const members = (ids: string[]) =>
      ids.map((person) => ({ person, tags: ['outsider' as const], why: `why ${person}` }));
    db.transaction((tx) => {
      writePlanMonths(
        tx,
        [{ month: '2026-12', cabals: [{ problem: 'combat-feel', members: members(['p1', 'p2', 'p3']) }] }],
        'published',
        TEST_NOW,
      );
      writePlanMonths(
        tx,
        [{ month: '2027-02', cabals: [{ problem: 'combat-feel', members: members(['p1', 'p4', 'p6']) }] }],
        'draft',
        TEST_NOW,
      );
    });
    const { agent } = await signIn(app, accounts!.employee.email);
    const $ = html(await agent.get('/').expect(200));
    const rows = $('#my-rotation').closest('section').find('tbody tr');
    expect(rows.length).toBe(1);
    expect(rows.text()).toContain('February 2027');
    expect(rows.text()).toContain('Combat feel');
    expect(rows.text()).toContain('why p1');
    expect($('#studio').length).toBe(0);
  });

  it('shows a manager the studio figures', async () => {
    const { app, accounts } = await testApp();
    const { agent } = await signIn(app, accounts!.manager.email);
    const $ = html(await agent.get('/').expect(200));
    expect($('#studio').closest('section').find('dd').first().text()).toBe('6');
  });
});

import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { findPerson } from '../../src/db/repos/people.ts';
import { fixedClock } from '../../src/domain/clock.ts';
import { bootstrapAdmin } from '../../src/services/bootstrap-admin.ts';
import { changePassword, freshDb, html, signIn, testConfig, TEST_NOW } from '../helpers/test-app.ts';

describe('the first admin of an installation without the demo', () => {
  it('creates the person and an admin account whose one-time password signs in to the admin page', async () => {
    const db = freshDb();
    const clock = fixedClock(TEST_NOW);
    const { email, password } = await bootstrapAdmin(db, clock, {
      personId: 'hr-1',
      email: 'Boss@Studio.test',
      name: 'Bo Ss',
      department: 'Leadership',
    });
    expect(email).toBe('boss@studio.test');
    expect(findPerson(db, 'hr-1')).toMatchObject({
      name: 'Bo Ss',
      departmentName: 'Leadership',
      hrSource: 'first admin',
    });
    const app = createApp({ db, config: testConfig(), clock });
    const { agent, csrf } = await signIn(app, email, password);
    expect((await agent.get('/admin').expect(303)).headers.location).toBe('/me/password');
    expect((await changePassword(agent, csrf, password, 'a-password-of-my-own')).status).toBe(303);
    expect(html(await agent.get('/admin').expect(200))('h1').text()).toContain('Administration');
  });

  it('refuses a second account for the same email, and an unknown person without HR fields', async () => {
    const db = freshDb();
    const clock = fixedClock(TEST_NOW);
    await bootstrapAdmin(db, clock, {
      personId: 'hr-1',
      email: 'boss@studio.test',
      name: 'Bo Ss',
      department: 'Leadership',
    });
    await expect(bootstrapAdmin(db, clock, { personId: 'hr-1', email: 'boss@studio.test' })).rejects.toThrow(
      /already exists/,
    );
    await expect(bootstrapAdmin(db, clock, { personId: 'hr-2', email: 'x@studio.test' })).rejects.toThrow(
      /give --name and --department/,
    );
    expect(findPerson(db, 'hr-2')).toBeUndefined();
  });
});

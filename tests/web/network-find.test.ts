import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { reindexPeople } from '../../src/db/repos/search.ts';
import { people } from '../../src/db/schema.ts';
import { html, signIn, testApp } from '../helpers/test-app.ts';
import { tinyNetwork } from './network-fixture.ts';

/** Renames a person as an HR import would (the stamp tells the network its data changed; the index follows). */
function rename(db: Db, id: string, name: string): void {
  db.transaction((tx) => {
    tx.update(people).set({ name, hrUpdatedAt: '2027-01-15T11:00:00Z' }).where(eq(people.id, id)).run();
    reindexPeople(tx, [id]);
  });
}

async function app() {
  const t = await testApp();
  tinyNetwork(t.db);
  return t;
}

const ids = (res: { body: unknown }) => (res.body as { people: { id: string }[] }).people.map((p) => p.id);

describe('finding people by name in the network goes through the people search', () => {
  it('resolves the same people as the name picker of /people/choices, word prefixes in any order', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.employee.email);
    for (const q of ['rao', 'Okafor Ben', 'cle', 'EVE LIND']) {
      const choices = html(await agent.get('/people/choices').query({ q }).expect(200));
      const picked = choices('input[type="radio"]')
        .map((_, el) => choices(el).attr('value'))
        .get();
      expect(picked, q).toHaveLength(1);
      const $ = html(await agent.get('/network/path').query({ from: 'p1', to: q }).expect(200));
      expect($('.intro-path li a').last().attr('href'), q).toBe(`/people/${picked[0]}`);
    }
  });

  it('ignores accents and case as the index does', async () => {
    const { app: a, accounts, db } = await app();
    rename(db, 'p4', 'Dév Raö');
    const { agent } = await signIn(a, accounts!.employee.email);
    const $ = html(await agent.get('/network/path').query({ to: 'dev rao' }).expect(200));
    expect($('#to').val()).toBe('Dév Raö');
    expect($('.intro-path li a').last().text()).toBe('Dév Raö');
  });

  it('asks which one when several match, and takes the one whose whole name it is at once', async () => {
    const { app: a, accounts, db } = await app();
    rename(db, 'p5', 'Eve Okafor');
    rename(db, 'p6', 'Ben Okafor-Hale');
    const { agent } = await signIn(a, accounts!.employee.email);
    let $ = html(await agent.get('/network/path').query({ to: 'okafor' }).expect(200));
    const choices = $('#to-choices').parent().find('a');
    expect(
      choices
        .map((_, el) => $(el).text())
        .get()
        .sort(),
    ).toEqual(['Ben Okafor', 'Ben Okafor-Hale', 'Eve Okafor']);
    // "Ben Okafor" is one person's whole name, though "Ben Okafor-Hale" starts with it too.
    $ = html(await agent.get('/network/path').query({ to: 'ben okafor' }).expect(200));
    expect($('#to').val()).toBe('Ben Okafor');
    expect($('.intro-path li a').last().text()).toBe('Ben Okafor');
  });

  it('names the field when no one matches, a word inside a name included (the search matches word starts)', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.employee.email);
    const res = await agent.get('/network/path').query({ from: 'oss', to: 'p4' }).expect(422);
    expect(html(res)('#from-error').text()).toContain('No one in the studio is called “oss”');
  });
});

describe('GET /network/people.json: the picture\'s "find a person"', () => {
  it('answers the people search as JSON: one, several or none', async () => {
    const { app: a, accounts, db } = await app();
    rename(db, 'p5', 'Eve Okafor');
    const { agent } = await signIn(a, accounts!.employee.email);
    expect(ids(await agent.get('/network/people.json').query({ q: 'dev' }).expect(200))).toEqual(['p4']);
    expect(ids(await agent.get('/network/people.json').query({ q: 'okafor' }).expect(200)).sort()).toEqual([
      'p2',
      'p5',
    ]);
    const none = await agent.get('/network/people.json').query({ q: 'Zebulon' }).expect(200);
    expect(none.body).toEqual({ q: 'Zebulon', people: [] });
    const one = await agent.get('/network/people.json').query({ q: 'cleo' }).expect(200);
    expect(one.body).toEqual({ q: 'cleo', people: [{ id: 'p3', name: 'Cleo Park', departmentName: 'Game Design' }] });
  });

  it('refuses a missing, repeated or over-long q with a 400 naming it', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.employee.email);
    for (const url of ['/network/people.json', '/network/people.json?q=%20', '/network/people.json?q=a&q=b']) {
      const res = await agent.get(url).set('Accept', 'application/json').expect(400);
      expect((res.body as { error: string }).error, url).toMatch(/^q:/);
    }
    const long = await agent
      .get('/network/people.json')
      .query({ q: 'x'.repeat(201) })
      .expect(400);
    expect(long.text).toContain('q:');
  });

  it('sends anonymous visitors to the login page', async () => {
    const { app: a } = await app();
    const res = await request(a).get('/network/people.json?q=dev').expect(303);
    expect(res.headers.location).toContain('/login');
  });
});

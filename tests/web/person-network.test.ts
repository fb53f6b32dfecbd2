import { describe, expect, it } from 'vitest';
import { html, signIn, testApp } from '../helpers/test-app.ts';
import { tinyNetwork, writeCabal } from './network-fixture.ts';

/** The tiny network (see network-fixture.ts), with Cleo and Dev serving together two more months: 3 in all. */
async function app() {
  const t = await testApp();
  tinyNetwork(t.db);
  writeCabal(t.db, '2026-05', ['p3', 'p4']);
  writeCabal(t.db, '2026-06', ['p3', 'p4']);
  return t;
}

const rows = ($: ReturnType<typeof html>, selector: string) =>
  $(selector)
    .map((_, el) => $(el).text().replace(/\s+/g, ' ').trim())
    .get();

describe('GET /people/:id: the network on a person page', () => {
  it('lists the people they served with, most months together first, each linked', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.employee.email);
    const $ = html(await agent.get('/people/p3').expect(200));
    // Cleo: 3 months with Dev, 1 with Ada; Dev comes first although Ada is first by name.
    expect(rows($, '[data-testid="neighbours"] li')).toEqual([
      'Dev Rao Engineering · 3 months',
      'Ada Moss Art · 1 month',
    ]);
    expect($('[data-testid="neighbours"] li a').first().attr('href')).toBe('/people/p4');
    expect($('[data-testid="person-network"]').text()).toContain('2 people from published cabals');
  });

  it('shows the viewer the contacts they share with the person, and links to the introduction path', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.employee.email); // Ada
    const $ = html(await agent.get('/people/p4').expect(200)); // Dev
    const shared = $('[data-testid="shared-contacts"] tbody tr');
    // Ben knows Ada 2 months and Dev 1; Cleo knows Ada 1 and Dev 3: the weaker tie ranks, then the sum.
    expect(shared.map((_, r) => $(r).attr('data-person')).get()).toEqual(['p3', 'p2']);
    const cells = shared
      .map((_, r) => [
        $(r)
          .find('td')
          .map((_, td) => $(td).text())
          .get()
          .join(' | '),
      ])
      .get();
    expect(cells).toEqual(['Cleo Park | Game Design | 1 | 3', 'Ben Okafor | Engineering | 2 | 1']);
    expect($('[data-testid="served-with-you"]').length).toBe(0);
    const link = $('[data-testid="introduction-link"]').attr('href')!;
    const url = new URL(link, 'http://x');
    expect(url.pathname).toBe('/network/path');
    expect([url.searchParams.get('from'), url.searchParams.get('to')]).toEqual(['p1', 'p4']);
    // The link leads to the path from the viewer, by name (through Cleo: 1 + 3 months beats Ben's 2 + 1).
    const path = html(await agent.get(link).expect(200));
    expect(rows(path, '.intro-path li a')).toEqual(['Ada Moss', 'Cleo Park', 'Dev Rao']);
  });

  it('says how long the viewer served with the person, and shows nothing shared on their own page', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.employee.email); // Ada
    const ben = html(await agent.get('/people/p2').expect(200));
    expect(ben('[data-testid="served-with-you"]').text()).toContain('You served with Ben Okafor for 2 months');
    const own = html(await agent.get('/people/p1').expect(200));
    expect(own('[data-testid="shared-contacts"]').length).toBe(0);
    expect(own('[data-testid="introduction-link"]').length).toBe(0);
    expect(rows(own, '[data-testid="neighbours"] li a')).toEqual(['Ben Okafor', 'Cleo Park']);
  });

  it('says so when someone has served with no one, and still offers the introduction page', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.employee.email);
    const $ = html(await agent.get('/people/p6').expect(200)); // Finn
    expect($('[data-testid="person-network"]').text()).toContain('Finn Hale has not served with anyone');
    expect($('[data-testid="shared-contacts"]').text()).toContain('No one has served with both you and Finn Hale');
    const path = html(await agent.get($('[data-testid="introduction-link"]').attr('href')!).expect(200));
    expect(path('.no-path').text()).toContain('No path');
  });
});

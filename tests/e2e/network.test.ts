import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/services/demo.ts';
import { browserStudio, describeBrowser, signInPage } from './harness.ts';

describeBrowser('the network picture in the browser', () => {
  const studio = browserStudio({ people: 60, problems: 3, seed: 2 });

  it('draws the network, finds a person by name and focuses them with their contacts', async () => {
    const page = await studio.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInPage(page, studio.server.url, 'manager@demo.cabal', DEMO_PASSWORD);
    await Promise.all([page.waitForURL('**/network'), page.click('nav a[href="/network"]')]);
    await page.waitForSelector('#network-picture[data-ready="true"]');

    // sigma.js drew into canvases, and the page says how many edges it drew of how many.
    await expect(page.locator('#network-picture canvas').count()).resolves.toBeGreaterThan(0);
    const ties = studio.server.db.$client
      .prepare(
        `select count(*) n from (select distinct a.person_id, b.person_id from cabal_members a
         join cabal_members b on a.cabal_id = b.cabal_id and a.person_id < b.person_id
         join cabals c on c.id = a.cabal_id where c.status = 'published')`,
      )
      .get() as { n: number };
    await expect(page.locator('#network-status').textContent()).resolves.toContain(
      `${ties.n} of ${ties.n} edges drawn`,
    );

    // Someone with contacts, found by typing their name.
    const someone = studio.server.db.$client
      .prepare(
        `select p.id, p.name, count(distinct b.person_id) contacts from people p
         join cabal_members a on a.person_id = p.id join cabals c on c.id = a.cabal_id and c.status = 'published'
         join cabal_members b on b.cabal_id = a.cabal_id and b.person_id <> p.id
         group by p.id order by contacts desc, p.id limit 1`,
      )
      .get() as { id: string; name: string; contacts: number };
    await page.fill('#network-search', someone.name);
    await page.click('#network-controls button[type="submit"]');
    await page.waitForSelector(`#network-picture[data-focus="${someone.id}"]`);
    await expect(page.locator('#network-focus h2').textContent()).resolves.toBe(someone.name);
    await expect(page.locator('#network-focus').textContent()).resolves.toContain(`${someone.contacts} contacts`);
    await expect(page.locator('#network-focus .network-contacts li').count()).resolves.toBe(
      Math.min(12, someone.contacts),
    );
    // Focused, only their own edges are drawn.
    await expect(page.locator('#network-status').textContent()).resolves.toContain(
      `${someone.contacts} of ${ties.n} edges drawn`,
    );

    // A name no one has is said plainly; "Show everyone" lets go of the focus.
    await page.fill('#network-search', 'Nobody Atall');
    await page.click('#network-controls button[type="submit"]');
    await expect(page.locator('#network-status').textContent()).resolves.toContain('No one called');
    await page.click('#network-reset');
    await page.waitForSelector('#network-picture[data-focus=""]');
    await expect(page.locator('#network-focus').isHidden()).resolves.toBe(true);

    // Filtering by a department hides the others' edges.
    await page.selectOption('#network-department', { index: 1 });
    const drawn = Number(await page.locator('#network-picture').getAttribute('data-drawn-edges'));
    expect(drawn).toBeLessThan(ties.n);
    expect(errors).toEqual([]);
    await page.close();
  });
});

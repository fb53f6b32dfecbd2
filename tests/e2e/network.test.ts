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

    // A surname several people share (found by the people search, as everywhere in the app) offers a choice.
    const shared = studio.server.db.$client
      .prepare(
        `select substr(name, instr(name, ' ') + 1) surname, group_concat(id) ids from people
         where active = 1 and instr(name, ' ') > 0 group by surname having count(*) > 1 order by surname limit 1`,
      )
      .get() as { surname: string; ids: string };
    await page.fill('#network-search', shared.surname);
    await page.click('#network-controls button[type="submit"]');
    await page.waitForSelector('#network-choices');
    const buttons = page.locator('#network-choices button');
    const offered: (string | null)[] = [];
    for (let i = 0; i < (await buttons.count()); i++) offered.push(await buttons.nth(i).getAttribute('data-person'));
    for (const id of shared.ids.split(',')) expect(offered).toContain(id);
    const chosen = shared.ids.split(',')[1]!;
    await page.click(`#network-choices button[data-person="${chosen}"]`);
    await page.waitForSelector(`#network-picture[data-focus="${chosen}"]`);

    // A name no one has is said plainly; "Show everyone" lets go of the focus.
    await page.fill('#network-search', 'Nobody Atall');
    await page.click('#network-controls button[type="submit"]');
    await page.locator('#network-status', { hasText: 'No one called “Nobody Atall”' }).waitFor();
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

  it('sizes and greys the people by the chosen months and department, not by the whole network', async () => {
    const page = await studio.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInPage(page, studio.server.url, 'employee@demo.cabal', DEMO_PASSWORD);
    await page.goto(`${studio.server.url}/network`);
    await page.waitForSelector('#network-picture[data-ready="true"]');
    const picture = page.locator('#network-picture');
    const db = studio.server.db.$client;

    // All months: sizes are betweenness, so the largest dot is the person with the highest betweenness.
    const data = (await (await page.request.get(`${studio.server.url}/network/picture.json`)).json()) as {
      nodes: [string, string, number, number, number, number][];
      departments: { id: string }[];
      months: string[];
    };
    const top = data.nodes.reduce((best, n) => (n[5] > best[5] ? n : best));
    await expect(picture.getAttribute('data-sizing')).resolves.toBe('betweenness');
    await expect(picture.getAttribute('data-largest')).resolves.toBe(top[0]);
    await expect(picture.getAttribute('data-dimmed')).resolves.toBe('0');

    // One month: sizes are the people served with that month (one cabal each), and everyone else is greyed.
    const month = data.months.at(-1)!;
    await page.selectOption('#network-from', month);
    await page.waitForSelector('#network-picture[data-sizing="contacts"]');
    const seated = db
      .prepare(
        `select m.person_id id, (select count(*) from cabal_members o where o.cabal_id = m.cabal_id) - 1 contacts
         from cabal_members m join cabals c on c.id = m.cabal_id join people p on p.id = m.person_id
         where c.status = 'published' and c.month = ? and p.active = 1 order by contacts desc, m.person_id`,
      )
      .all(month) as { id: string; contacts: number }[];
    const people = (db.prepare('select count(*) n from people where active = 1').get() as { n: number }).n;
    await expect(picture.getAttribute('data-largest')).resolves.toBe(seated[0]!.id);
    await expect(picture.getAttribute('data-dimmed')).resolves.toBe(
      String(people - seated.filter((s) => s.contacts > 0).length),
    );
    await expect(page.locator('#network-status').textContent()).resolves.toContain('Size: people served with');

    // And a department on top: sizes count only co-members of that department that month.
    const departmentOf = new Map(data.nodes.map((n) => [n[0], data.departments[n[2]]!.id]));
    const department = departmentOf.get(seated[0]!.id)!;
    const within = db
      .prepare(
        `select m.person_id id, (select count(*) from cabal_members o join people q on q.id = o.person_id
           where o.cabal_id = m.cabal_id and o.person_id <> m.person_id and q.active = 1
             and q.department_id = p.department_id) n
         from cabal_members m join cabals c on c.id = m.cabal_id join people p on p.id = m.person_id
         where c.status = 'published' and c.month = ? and p.active = 1 and p.department_id = ?
         order by n desc, m.person_id limit 1`,
      )
      .get(month, department) as { id: string; n: number } | undefined;
    await page.selectOption('#network-department', department);
    await expect(page.locator('#network-status').textContent()).resolves.toContain('Size: people served with in ');
    await expect(picture.getAttribute('data-largest')).resolves.toBe(within && within.n > 0 ? within.id : '');

    // Back to the whole network: betweenness again.
    await page.selectOption('#network-department', '');
    await page.selectOption('#network-from', data.months[0]!);
    await page.waitForSelector('#network-picture[data-sizing="betweenness"]');
    await expect(picture.getAttribute('data-largest')).resolves.toBe(top[0]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { listPlanMonths } from '../../src/db/repos/cabals.ts';
import { DEMO_PASSWORD } from '../../src/services/demo.ts';
import { DEMO_STUDIO } from '../../src/services/seed.ts';
import { describeBrowser, launchBrowser, signInPage, startServer } from './harness.ts';

/** Waits for the progress widget to replace itself (through htmx, without a page load) with a finished run. */
async function watchRun(page: Page): Promise<string[]> {
  const seen: string[] = [];
  const first = await page.locator('#run').getAttribute('data-status');
  seen.push(first ?? '');
  if (first === 'running') {
    await expect(page.locator('#run').textContent()).resolves.toMatch(/Planning month \d+ of \d+/);
    await page.waitForSelector('#run:not([data-status="running"])', { timeout: 60_000 });
    seen.push((await page.locator('#run').getAttribute('data-status')) ?? '');
  }
  return seen;
}

describeBrowser('the studio lead’s path through the browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({ seed: DEMO_STUDIO });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates a problem, plans 3 months watching the widget, reads a why, pins and re-plans, swaps a member, publishes', async () => {
    const page = await browser.newPage();
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));
    await signInPage(page, server.url, 'lead@demo.cabal', DEMO_PASSWORD);

    // Create a problem, picking an affected person by name search (htmx) and two affected departments.
    await page.goto(`${server.url}/problems/new`);
    await page.fill('input[name="title"]', 'Netcode rollback');
    await page.fill('textarea[name="description"]', 'How far back do we rewind on a late packet?');
    await page.locator('input[name="affectedDepartments"]').nth(0).check();
    await page.locator('input[name="affectedDepartments"]').nth(1).check();
    await page.fill('input[data-people-search]', 'a');
    await page.waitForSelector('#people-hits [data-add-person]');
    const picked = await page.locator('#people-hits [data-add-person]').first().getAttribute('data-name');
    await page.locator('#people-hits [data-add-person]').first().click();
    await expect(page.locator('#affected-people').textContent()).resolves.toContain(picked!);
    await Promise.all([
      page.waitForURL(/\/problems\/netcode-rollback$/),
      page.click('form.problem-form button[type="submit"]'),
    ]);
    await expect(page.locator('h1').textContent()).resolves.toContain('Netcode rollback');
    await expect(page.locator('.problem-facts').textContent()).resolves.toContain(picked!);

    // Plan the next 3 months and watch the widget replace itself.
    await page.click('nav a[href="/plans"]');
    await page.fill('input[name="months"]', '3');
    await Promise.all([page.waitForURL(/\/plans\/runs\/\d+$/), page.click('button:has-text("Plan the next months")')]);
    const loadsBefore = loads.length;
    const seen = await watchRun(page);
    expect(seen[0]).toBe('running');
    expect(seen.at(-1)).toBe('planned');
    expect(loads.length).toBe(loadsBefore);
    await expect(page.locator('#run').textContent()).resolves.toContain('Drafts saved: January 2027 – March 2027');

    // Read each member's "why" on the new problem's timeline.
    await page.click('#run a:has-text("Netcode rollback")');
    await page.waitForSelector('#month-2027-01 tr.member');
    const whys = await page.locator('#month-2027-01 td.why').allTextContents();
    expect(whys.length).toBeGreaterThanOrEqual(5);
    for (const why of whys) expect(why.trim().length).toBeGreaterThan(10);
    await expect(page.locator('#month-2027-02 .carry-note').textContent()).resolves.toMatch(
      /stay on from January 2027/,
    );

    // Pin a member out of February and re-plan from there.
    const pinned = await page.locator('#month-2027-02 tr.member').first().getAttribute('data-person');
    await Promise.all([
      page.waitForURL(/run=\d+/),
      page.locator('#month-2027-02 tr.member').first().locator('button:has-text("Pin out")').click(),
    ]);
    expect((await watchRun(page)).at(-1)).toBe('planned');
    await page.goto(`${server.url}/problems/netcode-rollback`);
    await expect(page.locator('#month-2027-02 .pins').textContent()).resolves.toContain('pinned out');
    await expect(page.locator(`#month-2027-02 tr.member[data-person="${pinned}"]`).count()).resolves.toBe(0);

    // Pinning ahead: the name search takes the chosen month along (hx-include), so its hits pin into that month.
    await page.selectOption('#pin-ahead-month', '2027-05');
    await page.fill('.pin-ahead input[type="search"]', 'a');
    await page.waitForSelector('#pin-ahead-hits form');
    await expect(page.locator('#pin-ahead-hits form').first().getAttribute('action')).resolves.toBe(
      '/problems/netcode-rollback/months/2027-05/pins',
    );

    // Swap a January member for the top-ranked candidate.
    const row = page.locator('#month-2027-01 tr.member').first();
    const leaving = await row.getAttribute('data-person');
    await row.locator('button:has-text("Replace")').click();
    await page.waitForSelector('#candidates-2027-01 tr.candidate');
    const best = page.locator('#candidates-2027-01 tr.candidate:not(.breaks)').first();
    const incoming = await best.getAttribute('data-person');
    await expect(best.textContent()).resolves.toMatch(/served|never served/);
    await Promise.all([
      page.waitForURL(/\/problems\/netcode-rollback/),
      best.locator('button:has-text("Swap in")').click(),
    ]);
    await expect(
      page.locator(`#month-2027-01 tr.member[data-person="${incoming}"] td.why`).textContent(),
    ).resolves.toContain('picked by');
    await expect(page.locator(`#month-2027-01 tr.member[data-person="${leaving}"]`).count()).resolves.toBe(0);

    // Publish the first month, confirming the question the page asks.
    const questions: string[] = [];
    page.once('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.accept();
    });
    await page.click('nav a[href="/plans"]');
    await Promise.all([page.waitForURL(/published=2027-01/), page.click('button:has-text("Publish January 2027")')]);
    await expect(page.locator('.notice').textContent()).resolves.toContain('Published January 2027');
    expect(questions[0]).toMatch(/^Publish January 2027\? Its \d+ cabals are frozen/);
    await page.goto(`${server.url}/problems/netcode-rollback`);
    await expect(page.locator('#month-2027-01 .badge.published').count()).resolves.toBe(1);
    await expect(page.locator('.audit').textContent()).resolves.toContain('month.publish');
    const published = listPlanMonths(server.db, { status: 'published', from: '2027-01' });
    expect(published.map((m) => m.month)).toEqual(['2027-01']);
    expect(published[0].cabals.find((c) => c.problem === 'netcode-rollback')!.members.map((m) => m.person)).toContain(
      incoming,
    );
    await page.close();
  }, 120_000);
});

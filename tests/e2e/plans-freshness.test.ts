import { expect, it } from 'vitest';
import { insertPlanRun } from '../../src/db/repos/plan-runs.ts';
import { DEMO_PASSWORD } from '../../src/services/demo.ts';
import { DEMO_STUDIO } from '../../src/services/seed.ts';
import { TEST_NOW } from '../helpers/test-app.ts';
import { browserStudio, describeBrowser, signInPage } from './harness.ts';

describeBrowser('the plan page after the back button, and the problem page on a phone', () => {
  const studio = browserStudio(DEMO_STUDIO);

  it('never shows a stale /plans with a live Publish button once a run is going', async () => {
    const { server, browser } = studio;
    const page = await browser.newPage();
    await signInPage(page, server.url, 'admin@demo.cabal', DEMO_PASSWORD);
    // Drafts to publish: the admin plans the whole studio for one month, and the run finishes.
    await page.goto(`${server.url}/plans`);
    await page.check('input[name="scope"][value="studio"]');
    await page.fill('input[name="months"]', '1');
    await Promise.all([page.waitForURL(/\/plans\/runs\/\d+/), page.click('button:has-text("Plan the next months")')]);
    await server.runs.settle();
    await page.goto(`${server.url}/plans`);
    const publish = page.locator('#draft-months form button:has-text("Publish")');
    await expect(publish.count()).resolves.toBe(1);

    // The admin leaves the page; meanwhile a run starts (another app process on the same database is working on it).
    await page.goto(`${server.url}/problems`);
    const runId = insertPlanRun(server.db, {
      startedBy: 1,
      startedAt: TEST_NOW,
      firstMonth: '2027-03',
      months: 2,
      owner: `${process.pid}:another-app-process`,
    })!;
    await page.goBack();
    await page.waitForURL(/\/plans$/);
    // The page is today's: the run's widget is there and publishing waits for it.
    await expect(page.locator('#run').getAttribute('data-status')).resolves.toBe('running');
    await expect(page.locator(`#run[hx-get="/plans/runs/${runId}"]`).count()).resolves.toBe(1);
    await expect(page.locator('#draft-months form button:has-text("Publish")').count()).resolves.toBe(0);
    await expect(page.locator('#draft-months button:has-text("Publish")').isDisabled()).resolves.toBe(true);
    // And a page restored from the back/forward cache reloads itself rather than show what it had.
    await expect(page.locator('script[src="/assets/js/fresh-on-back.js"]').count()).resolves.toBe(1);
    server.db.$client.prepare("update plan_runs set status = 'failed' where id = ?").run(runId);
    await page.close();
  });

  it('fits the problem page on a 390 px phone: member tables become stacked cards, nothing scrolls sideways', async () => {
    const { server, browser } = studio;
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await signInPage(page, server.url, 'lead@demo.cabal', DEMO_PASSWORD);
    await page.goto(`${server.url}/problems`);
    const href = await page.locator('table a[href^="/problems/"]').first().getAttribute('href');
    await page.goto(`${server.url}${href}`);
    await page.locator('table.members tr.member').first().waitFor();
    // Measured in the page (a string, as the tests are compiled without the DOM's types).
    const layout = (await page.evaluate(`(() => {
      const row = document.querySelector('table.members tr.member');
      const cells = [...row.querySelectorAll('td')];
      return {
        pageWidth: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
        rowDisplay: getComputedStyle(row).display,
        // Stacked: every cell starts at the row's left edge, one under another.
        lefts: new Set(cells.map((c) => Math.round(c.getBoundingClientRect().left))).size,
        label: getComputedStyle(row.querySelector('td[data-label="Department"]'), '::before').content,
        // Everything shown lies inside the screen (the column headings are kept for screen readers only, clipped).
        widest: Math.max(
          ...[...document.querySelectorAll('main *')]
            .filter((e) => !e.closest('table.stack-on-phone thead'))
            .map((e) => e.getBoundingClientRect().right),
        ),
      };
    })()`)) as {
      pageWidth: number;
      viewport: number;
      rowDisplay: string;
      lefts: number;
      label: string;
      widest: number;
    };
    expect(layout.viewport).toBe(390);
    expect(layout.pageWidth).toBeLessThanOrEqual(390);
    expect(layout.widest).toBeLessThanOrEqual(390);
    expect(layout.rowDisplay).toBe('block');
    expect(layout.lefts).toBe(1);
    expect(layout.label).toBe('"Department: "');
    await context.close();
  });
});

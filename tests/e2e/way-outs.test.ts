import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { findProblem } from '../../src/db/repos/problems.ts';
import { DEMO_PASSWORD } from '../../src/services/demo.ts';
import { DEMO_STUDIO } from '../../src/services/seed.ts';
import { describeBrowser, launchBrowser, signInPage, startServer } from './harness.ts';

describeBrowser('a lead applies a way out of an impossible problem in the browser', () => {
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

  it('plans, reads the ways out of a problem nobody can staff, applies one and gets a plan', async () => {
    const page = await browser.newPage();
    await signInPage(page, server.url, 'lead@demo.cabal', DEMO_PASSWORD);

    // A problem that needs a skill nobody in the studio holds.
    await page.goto(`${server.url}/problems/new`);
    await page.fill('input[name="title"]', 'Underwater levels');
    await page.locator('input[name="affectedDepartments"]').nth(0).check();
    await page.fill('input[name="skills[0][skill]"]', 'underwater-basket-weaving');
    await Promise.all([
      page.waitForURL(/\/problems\/underwater-levels$/),
      page.click('form.problem-form button[type="submit"]'),
    ]);

    await page.click('nav a[href="/plans"]');
    await page.fill('input[name="months"]', '2');
    await Promise.all([page.waitForURL(/\/plans\/runs\/\d+$/), page.click('button:has-text("Plan the next months")')]);
    const first = page.url();
    await page.waitForSelector('#run:not([data-status="running"])', { timeout: 60_000 });
    const wayOut = page.locator('[data-testid="way-outs"] li', {
      hasText: 'drop the required skill underwater-basket-weaving',
    });
    await expect(wayOut.count()).resolves.toBe(1);

    await Promise.all([
      page.waitForURL((url) => /\/plans\/runs\/\d+$/.test(url.pathname) && url.href !== first),
      wayOut.locator('button:has-text("Apply and re-plan")').click(),
    ]);
    await page.waitForSelector('#run:not([data-status="running"])', { timeout: 60_000 });
    await expect(page.locator('#run').getAttribute('data-status')).resolves.toBe('planned');
    await expect(page.locator('#run').textContent()).resolves.not.toContain('cannot be staffed');
    expect(findProblem(server.db, 'underwater-levels')?.requiredSkills).toEqual([]);
    await page.close();
  }, 120_000);
});

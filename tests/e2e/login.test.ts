import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/services/demo.ts';
import { describeBrowser, launchBrowser, signInPage, startServer } from './harness.ts';

describeBrowser('signing in through the browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({ seed: { people: 60, problems: 3, seed: 3 } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the demo accounts, signs a lead in through the form, and lands on the dashboard', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/login`);
    await expect(page.locator('.demo-accounts').textContent()).resolves.toContain('lead@demo.cabal');
    await signInPage(page, server.url, 'lead@demo.cabal', DEMO_PASSWORD);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^Hello, /);
    await expect(page.locator('#my-problems').textContent()).resolves.toBe('Problems I lead');
    await page.click('nav a[href="/problems"]');
    await expect(page.locator('#problem-table tbody tr').count()).resolves.toBe(3);
    await page.close();
  });
});

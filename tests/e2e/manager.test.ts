import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/services/demo.ts';
import { browserStudio, describeBrowser, signInPage } from './harness.ts';

/** The text of every cell of a table's body, row by row. */
function tableText(page: Page, selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tbody tr`, (rows) =>
    rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())),
  );
}

describeBrowser('a manager in the browser', () => {
  const studio = browserStudio({ people: 60, problems: 3, seed: 2 });

  it('sees the heatmap, the share against headcount and the participation chart, and downloads the CSVs', async () => {
    const context = await studio.browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await signInPage(page, studio.server.url, 'manager@demo.cabal', DEMO_PASSWORD);
    await Promise.all([page.waitForURL('**/coverage'), page.click('nav a[href="/coverage"]')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Coverage');

    // The heatmap: one row per problem, one column per department, seat counts in shaded cells.
    const matrix = await tableText(page, '#matrix-table');
    expect(matrix.length).toBeGreaterThan(0);
    const seats = matrix.reduce((n, row) => n + Number(row.at(-1)), 0);
    await expect(page.locator('.range').textContent()).resolves.toContain(`${seats} seats`);
    await expect(page.locator('#matrix-table td.heat-5').count()).resolves.toBeGreaterThan(0);

    // Shares against headcount, with the thresholds stated.
    await expect(page.locator('#thresholds').textContent()).resolves.toMatch(/below 0\.5.*above 1\.5/s);
    const shares = await tableText(page, '#shares-table');
    expect(matrix[0]!.length).toBe(shares.length + 2);
    // Its headings stay in view while it scrolls (browser-side code as text: the test has no DOM types).
    await expect(
      page.evaluate(`getComputedStyle(document.querySelector('#matrix-table thead th')).position`),
    ).resolves.toBe('sticky');

    // The participation chart is drawn by Chart.js from the page's data, and its numbers are in the table too.
    // Browser-side code is passed as text: the test's TypeScript has no DOM types.
    await page.waitForFunction(`document.querySelector('#participation-chart')?.getAttribute('data-drawn') === 'true'`);
    const drawn = (await page.evaluate(`(() => {
      const canvas = document.querySelector('#participation-chart');
      const chart = window.Chart.getChart(canvas);
      return { width: canvas.width, values: chart ? chart.data.datasets[0].data : null };
    })()`)) as { width: number; values: number[] | null };
    expect(drawn.width).toBeGreaterThan(0);
    const distribution = await tableText(page, '#participation-table');
    expect(drawn.values).toEqual(distribution.map((r) => Number(r[1])));
    expect(distribution.reduce((n, r) => n + Number(r[1]), 0)).toBe(60);
    await expect(page.locator('#shares-chart').getAttribute('data-drawn')).resolves.toBe('true');

    // Each table downloads as CSV with the same numbers.
    const download = async (table: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.click(`#${table} a.csv`)]);
      expect(file.suggestedFilename()).toMatch(new RegExp(`^coverage-${table}-\\d{4}-\\d{2}-to-\\d{4}-\\d{2}\\.csv$`));
      return parse(fs.readFileSync((await file.path())!, 'utf8'), { bom: true }) as string[][];
    };
    const matrixCsv = await download('matrix');
    expect(matrixCsv.slice(1).map((r) => r.at(-1))).toEqual(matrix.map((r) => r.at(-1)));
    const sharesCsv = await download('shares');
    expect(sharesCsv.slice(1).map((r) => [r[0], r[1]])).toEqual(shares.map((r) => [r[0], r[1]]));
    const participationCsv = await download('participation');
    expect(participationCsv.slice(1)).toEqual(distribution);
    const never = await download('never-served');
    expect(never.length - 1).toBe(distribution[0]?.[0] === '0' ? Number(distribution[0][1]) : 0);
    expect((await download('absent'))[0]).toEqual(['department', 'headcount']);
    expect((await download('burnout'))[0]?.[0]).toBe('person_id');

    // Sorting by the total puts the busiest cabal first.
    await Promise.all([page.waitForURL(/sort=total/), page.click('#matrix-table thead th:last-child a')]);
    const sorted = await tableText(page, '#matrix-table');
    expect(Number(sorted[0]!.at(-1))).toBe(Math.max(...matrix.map((r) => Number(r.at(-1)))));

    // Choosing a single month narrows the report.
    await page.fill('#from', '2026-12');
    await page.fill('#to', '2026-12');
    await Promise.all([
      page.waitForURL(/from=2026-12&to=2026-12/),
      page.click('#coverage-filter button[type="submit"]'),
    ]);
    await expect(page.locator('.range').textContent()).resolves.toContain('December 2026');
    await context.close();
  });
});

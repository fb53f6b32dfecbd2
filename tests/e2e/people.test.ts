import { expect, it } from 'vitest';
import { tagCounts } from '../../src/db/repos/search.ts';
import { DEMO_PASSWORD } from '../../src/services/demo.ts';
import { browserStudio, describeBrowser, signInPage } from './harness.ts';

describeBrowser('the people search in the browser', () => {
  const studio = browserStudio({ people: 60, problems: 3, seed: 2 });

  it('updates results in place while typing, runs a tag from the cloud, and the back button restores the search', async () => {
    const page = await studio.browser.newPage();
    await signInPage(page, studio.server.url, 'employee@demo.cabal', DEMO_PASSWORD);
    // The studio's most held skill to type, and a rarer one to pick from the cloud.
    const skills = tagCounts(studio.server.db).skills;
    const typed = skills[0]!.tag;
    const clicked = skills.at(-1)!.tag;
    await page.goto(`${studio.server.url}/people`);
    // Marks the document: a full page load would lose it, an in-place swap keeps it.
    await page.evaluate('window.stayed = true');
    const count = page.getByTestId('people-count');
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toContain('60 people');

    await page.getByLabel('Name, department, title, skill or interest').pressSequentially(typed, { delay: 20 });
    await page.waitForURL((u) => u.searchParams.get('q') === typed);
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toContain(`match “${typed}”`);
    const first = await page.locator('[data-testid="people-results"] .chip.named').first().textContent();
    expect(first).toContain(typed);
    expect(await page.evaluate('window.stayed')).toBe(true);

    const tag = page.getByTestId('cloud-skills').getByRole('link', { name: new RegExp(`^${clicked}:`) });
    await tag.click();
    await page.waitForURL((u) => u.searchParams.get('q') === clicked);
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toContain(`match “${clicked}”`);
    await expect
      .poll(() => page.getByLabel('Name, department, title, skill or interest').inputValue(), { timeout: 15_000 })
      .toBe(clicked);
    expect(await page.evaluate('window.stayed')).toBe(true);

    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get('q') === typed);
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toContain(`match “${typed}”`);
    await expect
      .poll(() => page.getByLabel('Name, department, title, skill or interest').inputValue(), { timeout: 15_000 })
      .toBe(typed);
    await page.close();
  });
});

import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { listPlanMonths } from '../../src/db/repos/cabals.ts';
import { DEMO_PASSWORD } from '../../src/services/demo.ts';
import { browserStudio, describeBrowser } from './harness.ts';

/** What has focus: its tag, its id, and its accessible-ish name (aria-label, else its text, else its input name). */
interface Focus {
  tag: string;
  id: string;
  name: string;
}

async function focus(page: Page): Promise<Focus> {
  const focused = page.locator(':focus');
  if ((await focused.count()) === 0) return { tag: 'body', id: '', name: '' };
  return focused.evaluate((el) => {
    const text = (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim();
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      name: el.tagName === 'INPUT' ? (el.getAttribute('name') ?? '') : text,
    };
  });
}

/** Presses Tab (or Shift+Tab) until focus matches, and returns how many presses it took; fails with the trail. */
async function tabTo(page: Page, wanted: (f: Focus) => boolean, options: { back?: boolean; max?: number } = {}) {
  const trail: string[] = [];
  for (let presses = 1; presses <= (options.max ?? 80); presses++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    const now = await focus(page);
    if (wanted(now)) return presses;
    trail.push(`${now.tag}${now.id ? `#${now.id}` : ''} “${now.name.slice(0, 60)}”`);
  }
  throw new Error(`focus never got there; it went:\n${trail.join('\n')}`);
}

/** Presses a key on the focused control and waits for the page load it causes. */
async function pressAndLoad(page: Page, key: string, url: RegExp): Promise<void> {
  await Promise.all([page.waitForURL(url), page.keyboard.press(key)]);
}

describeBrowser('a keyboard user signs in, plans, swaps a member and publishes with Tab, Enter and Space', () => {
  const studio = browserStudio({ people: 60, problems: 3, seed: 2 });

  it('skips the header, lands on the error summary, the candidates heading and each next control', async () => {
    const page = await studio.browser.newPage();
    page.on('dialog', (dialog) => void dialog.accept());

    // Sign-in: the skip link comes first; a wrong password puts focus on the error summary.
    await page.goto(`${studio.server.url}/login`);
    expect(await tabTo(page, (f) => f.name === 'Skip to main content')).toBe(1);
    await page.keyboard.press('Enter');
    expect(await focus(page)).toMatchObject({ tag: 'main', id: 'main' });
    expect(await tabTo(page, (f) => f.name === 'email')).toBe(1);
    await page.keyboard.type('lead@demo.cabal');
    await page.keyboard.press('Tab');
    await page.keyboard.type('not the password');
    await pressAndLoad(page, 'Enter', /\/login$/);
    expect((await focus(page)).name).toContain('You are not signed in Email or password is wrong.');
    expect(await tabTo(page, (f) => f.name === 'email')).toBe(1);
    expect(await page.inputValue('input[name="email"]')).toBe('lead@demo.cabal');
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    expect(await tabTo(page, (f) => f.name === 'Sign in')).toBe(1);
    await pressAndLoad(page, 'Space', /\/$/);

    // Plan two months: the navigation's Plan link, then the skip link straight to the form's first field.
    expect(await tabTo(page, (f) => f.name === 'Skip to main content')).toBe(1);
    await tabTo(page, (f) => f.name === 'Plan');
    await pressAndLoad(page, 'Enter', /\/plans$/);
    expect(await tabTo(page, (f) => f.name === 'Skip to main content')).toBe(1);
    await page.keyboard.press('Enter');
    expect(await tabTo(page, (f) => f.name === 'months')).toBe(1);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2');
    await pressAndLoad(page, 'Enter', /\/plans\/runs\/\d+$/);
    await page.waitForSelector('#run[data-status="planned"]', { timeout: 60_000 });
    const problemTitle = (await page.locator('#run a[href^="/problems/"]').first().textContent())!.trim();
    await tabTo(page, (f) => f.name === problemTitle);
    await pressAndLoad(page, 'Enter', /\/problems\/[^/]+$/);

    // Open the candidates for the first January member: focus moves to the panel's heading, then to its first Swap in.
    const leaving = (await page.locator('#month-2027-01 tr.member').first().getAttribute('data-person'))!;
    await tabTo(page, (f) => f.name.startsWith('Replace ') && f.name.endsWith(' in January 2027'), { max: 200 });
    const leavingName = (await focus(page)).name.replace(/^Replace /, '').replace(/ in January 2027$/, '');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#candidates-2027-01 tr.candidate');
    await expect
      .poll(() => focus(page))
      .toMatchObject({
        tag: 'h4',
        name: `Replace ${leavingName} in January 2027: ranked candidates`,
      });
    // The first candidate's name (a link to their person page), then their Swap in button.
    expect(await tabTo(page, (f) => f.name.startsWith('Swap in '))).toBe(2);
    const swap = (await focus(page)).name;
    expect(swap).toMatch(new RegExp(`^Swap in .+ for ${leavingName} in January 2027$`));
    await pressAndLoad(page, 'Enter', /#month-2027-01$/);
    const incomingName = swap.replace(/^Swap in /, '').replace(/ for .*$/, '');
    await expect(page.locator('#month-2027-01 tr.member').allTextContents()).resolves.toEqual(
      expect.arrayContaining([expect.stringContaining(incomingName)]),
    );
    // The page opens at the month just changed: the next Tab is its first member's name (a link to their person
    // page), and the one after is that member's Replace button.
    expect(await tabTo(page, (f) => /^Replace .+ in January 2027$/.test(f.name))).toBe(2);

    // Publish January through the Plan page's button; the question the page asks is accepted.
    await tabTo(page, (f) => f.name === 'Plan', { back: true, max: 200 });
    await pressAndLoad(page, 'Enter', /\/plans$/);
    await tabTo(page, (f) => f.name === 'Publish January 2027');
    await pressAndLoad(page, 'Space', /published=2027-01/);
    await expect(page.locator('.notice').textContent()).resolves.toContain('Published January 2027');
    const published = listPlanMonths(studio.server.db, { status: 'published', from: '2027-01' });
    expect(published.map((m) => m.month)).toEqual(['2027-01']);
    expect(published[0].cabals.flatMap((c) => c.members.map((m) => m.person))).not.toContain(leaving);
    await page.close();
  }, 180_000);
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Db } from '../../src/db/client.ts';
import { createAccount, findAccountByEmail } from '../../src/db/repos/users.ts';
import { hashPassword } from '../../src/services/passwords.ts';
import { seatsOf } from '../../src/db/repos/rotation.ts';
import { fixedClock } from '../../src/domain/clock.ts';
import { PlanRunRegistry, startPlanning } from '../../src/services/planning/index.ts';
import { TEST_NOW } from '../helpers/test-app.ts';
import { describeBrowser, launchBrowser, signInPage, startServer } from './harness.ts';

/** Runs the planning service over January to March 2027, as an admin's studio-wide "Plan" does, and waits for its drafts. */
async function planDrafts(db: Db): Promise<void> {
  const admin = findAccountByEmail(db, 'admin@demo.cabal')!;
  const runs = new PlanRunRegistry();
  const started = startPlanning({ db, clock: fixedClock(TEST_NOW), runs }, admin, {
    months: 3,
    first: '2027-01',
    scope: { kind: 'studio' },
  });
  if (!started.ok) throw new Error(`planning did not start: ${started.message}`);
  await runs.settle();
  const run = db.$client.prepare('select status from plan_runs where id = ?').get(started.runId) as { status: string };
  if (run.status !== 'planned') throw new Error(`planning run ended ${run.status}`);
}

const PASSWORD = 'employee browser test';

/** A person without an account who served in a published month and holds a seat in a drafted month. */
function employeeWithDraftSeat(db: Db): string | undefined {
  const row = db.$client
    .prepare(
      `select m.person_id id from cabal_members m join cabals c on c.id = m.cabal_id
       where c.status = 'draft'
         and m.person_id not in (select person_id from users)
         and m.person_id in (select m2.person_id from cabal_members m2 join cabals c2 on c2.id = m2.cabal_id where c2.status = 'published')
       order by m.person_id limit 1`,
    )
    .get() as { id: string } | undefined;
  return row?.id;
}

describeBrowser('an employee in the browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({ seed: { people: 60, problems: 3, seed: 2 } });
    await planDrafts(server.db);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sees their schedule, subscribes to the feed, edits skills, marks a month unavailable, and the next planning run leaves them out', async () => {
    // Any employee with a past seat and a draft seat to come will do; give them an account to sign in with.
    const personId = employeeWithDraftSeat(server.db);
    expect(personId, 'the planned studio has someone with a past and an upcoming seat').toBeDefined();
    const email = `${personId}@employee.test`;
    createAccount(server.db, { personId: personId!, email, passwordHash: await hashPassword(PASSWORD), roles: [] });
    const draftMonths = seatsOf(server.db, personId!)
      .filter((s) => s.status === 'draft')
      .map((s) => s.month);
    const month = draftMonths.at(-1)!;

    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await signInPage(page, server.url, email, PASSWORD);

    // The schedule: published months in the past, drafts to come, each with co-members.
    await Promise.all([page.waitForURL('**/me/rotation'), page.click('nav a[href="/me/rotation"]')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('My rotation');
    await expect(page.locator('#past .cabal-month').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator(`.cabal-month[data-month="${month}"] .badge.draft`).count()).resolves.toBe(1);
    await expect(page.locator(`.cabal-month[data-month="${month}"] .co-members li`).count()).resolves.toBeGreaterThan(
      2,
    );
    await expect(page.locator('[data-testid="next-rest"]').textContent()).resolves.toMatch(/\d{4}|This month/);

    // The calendar feed: create it, copy the URL, and the URL serves the rotation.
    await Promise.all([
      page.waitForURL('**/me/profile#calendar'),
      page.click('#rotation-summary a[href="/me/profile#calendar"]'),
    ]);
    await page.click('#calendar button:has-text("Create my calendar feed")');
    const feedUrl = await page.locator('#feed-url').inputValue();
    expect(feedUrl).toMatch(/\/calendar\/[\w-]{43}\.ics$/);
    await page.click('#calendar button[data-copy]');
    await page.locator('#calendar .copy-status', { hasText: 'Copied' }).waitFor();
    await expect(page.evaluate('navigator.clipboard.readText()')).resolves.toBe(feedUrl);
    const feed = await page.request.get(feedUrl);
    expect(feed.headers()['content-type']).toMatch(/^text\/calendar/);
    expect(await feed.text()).toContain(`DTSTART;VALUE=DATE:${month.replace('-', '')}01`);

    // The profile: a skill without a level is refused, with the error beside it, and the form kept as typed.
    const blank = page
      .locator('#profile-form tr.skill-row')
      .filter({ has: page.locator('input[value=""]') })
      .first();
    await blank.locator('input').fill('shaders');
    await page.check(`#profile-form input[name="unavailable"][value="${month}"]`);
    await page.click('#profile-form button[type="submit"]');
    const row = page.locator('#profile-form tr.skill-row').filter({ has: page.locator('input[value="shaders"]') });
    await row.locator('.field-error', { hasText: 'Choose a level' }).waitFor();
    await expect(row.locator('select').getAttribute('aria-invalid')).resolves.toBe('true');
    // Level 3 and the unavailable month then save; htmx swaps in the saved form.
    await row.locator('select').selectOption('3');
    await page.click('#profile-form button[type="submit"]');
    await page.locator('#profile-form .notice', { hasText: 'Saved' }).waitFor();
    // htmx swapped the form in place; without it the browser would have followed the redirect to ?saved=1.
    expect(page.url()).not.toContain('saved=1');
    await expect(page.locator(`#profile-form input[name="unavailable"][value="${month}"]`).isChecked()).resolves.toBe(
      true,
    );
    await expect(page.locator('#profile-form input[value="shaders"]').count()).resolves.toBe(1);

    // The next planning run leaves the employee out of that month, and their schedule says so.
    await planDrafts(server.db);
    const after = seatsOf(server.db, personId!).map((s) => s.month);
    expect(after).not.toContain(month);
    await Promise.all([page.waitForURL('**/me/rotation'), page.click('nav a[href="/me/rotation"]')]);
    await expect(page.locator('#past .cabal-month').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator(`.cabal-month[data-month="${month}"]`).count()).resolves.toBe(0);
    await context.close();
  });
});

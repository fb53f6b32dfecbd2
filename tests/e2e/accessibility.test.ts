import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/services/demo.ts';
import { html, signIn } from '../helpers/test-app.ts';
import { axeViolations, describeViolations } from './axe.ts';
import { describeBrowser, launchBrowser, signInPage, startServer } from './harness.ts';

type Who = 'anonymous' | 'employee' | 'lead' | 'manager' | 'admin';
const SIGNED_IN: Who[] = ['employee', 'lead', 'manager', 'admin'];
const EVERYONE: Who[] = ['anonymous', ...SIGNED_IN];

/** Ids the seeded studio gives the pages: the lead's problem, a drafted month, one of its members, the run. */
interface Studio {
  problem: string;
  month: string;
  member: string;
  run: string;
}

/**
 * A page state to check: where to go, who goes there, the status the page answers with (200 unless said), and what
 * to do on the page before axe looks at it.
 */
interface Stop {
  name: string;
  path: string | ((s: Studio) => string);
  who: Who[];
  status?: number;
  then?: (page: Page, s: Studio) => Promise<void>;
}

/** Submits the form that holds `selector` and waits for the page the server answers with. */
async function submit(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.click(selector)]);
}

/** Opens the ranked candidates for the first member of the drafted month (htmx) and waits for the panel. */
async function openCandidates(page: Page, s: Studio): Promise<void> {
  await page.locator(`#month-${s.month} tr.member[data-person="${s.member}"] button[hx-get]`).click();
  await page.waitForSelector(`#candidates-${s.month} tr.candidate`);
}

// Every page, and every state of a page, that axe checks: adding a page is one line.
const STOPS: Stop[] = [
  { name: 'sign-in', path: '/login', who: ['anonymous'] },
  {
    name: 'sign-in refused (401)',
    path: '/login',
    who: ['anonymous'],
    then: async (page) => {
      await page.fill('input[name="email"]', 'nobody@demo.cabal');
      await page.fill('input[name="password"]', 'wrong');
      await submit(page, 'form[action="/login"] button[type="submit"]');
    },
  },
  {
    name: 'sign-in with empty fields (422)',
    path: '/login',
    who: ['anonymous'],
    then: (page) => submit(page, 'form[action="/login"] button[type="submit"]'),
  },
  { name: 'dashboard', path: '/', who: SIGNED_IN },
  { name: 'my rotation', path: '/me/rotation', who: SIGNED_IN },
  { name: 'profile', path: '/me/profile', who: SIGNED_IN },
  {
    name: 'profile refused (422, htmx)',
    path: '/me/profile',
    who: ['employee'],
    then: async (page) => {
      await page.fill('#timeZone', 'Mars/Olympus');
      await page.click('#profile-form button[type="submit"]');
      await page.waitForSelector('#profile-form [aria-invalid="true"]');
    },
  },
  { name: 'problems', path: '/problems', who: SIGNED_IN },
  { name: 'people', path: '/people', who: SIGNED_IN },
  { name: 'people search', path: '/people?q=a', who: ['employee'] },
  { name: 'people search refused (400)', path: '/people?level=9', who: ['employee'], status: 400 },
  { name: 'person page', path: '/people/p001', who: SIGNED_IN },
  { name: 'change password', path: '/me/password', who: SIGNED_IN },
  { name: 'problem with drafts', path: (s) => `/problems/${s.problem}`, who: SIGNED_IN },
  {
    name: 'candidates panel (htmx)',
    path: (s) => `/problems/${s.problem}`,
    who: ['lead', 'admin'],
    then: openCandidates,
  },
  {
    name: 'candidates page',
    path: (s) => `/problems/${s.problem}/months/${s.month}/members/${s.member}/candidates`,
    who: ['lead'],
  },
  { name: 'new problem', path: '/problems/new', who: ['lead'] },
  {
    name: 'new problem refused (422)',
    path: '/problems/new',
    who: ['lead'],
    then: (page) => submit(page, 'form.problem-form button[type="submit"]'),
  },
  { name: 'edit problem', path: (s) => `/problems/${s.problem}/edit`, who: ['lead', 'admin'] },
  { name: 'plan', path: '/plans', who: ['lead', 'admin'] },
  {
    name: 'plan refused (422)',
    path: '/plans',
    who: ['lead'],
    then: async (page) => {
      await page.fill('input[name="months"]', '99');
      await submit(page, 'form[action="/plans/runs"] button[type="submit"]');
    },
  },
  { name: 'finished plan run', path: (s) => s.run, who: ['lead'] },
  { name: 'coverage', path: '/coverage', who: ['manager', 'admin'] },
  { name: 'coverage refused (422)', path: '/coverage?from=someday', who: ['manager'], status: 422 },
  {
    name: 'network picture',
    path: '/network',
    who: SIGNED_IN,
    then: async (page) => void (await page.waitForSelector('#network-picture[data-ready="true"]')),
  },
  { name: 'introductions', path: '/network/path?to=p001', who: SIGNED_IN },
  { name: 'introductions refused (422)', path: '/network/path?to=Zebulon+Nobody', who: ['employee'], status: 422 },
  { name: 'influencers', path: '/network/influencers', who: ['lead', 'manager', 'admin'] },
  { name: 'departments in the network', path: '/network/departments', who: ['manager', 'admin'] },
  {
    name: 'key-person impact with its re-plan preview',
    path: '/people/p001/impact',
    who: ['lead', 'manager'],
    then: async (page) =>
      void (await page.waitForSelector('#replan [data-status]:not([data-status="running"])', { timeout: 120_000 })),
  },
  { name: 'admin', path: '/admin', who: ['admin'] },
  {
    name: 'admin policy refused (422, htmx)',
    path: '/admin',
    who: ['admin'],
    then: async (page) => {
      await page.locator('#policy-form input[type="number"]').first().fill('');
      await page.click('#policy-form button[type="submit"]');
      await page.waitForSelector('#policy-form [aria-invalid="true"]');
    },
  },
  { name: 'HR import', path: '/admin/import', who: ['admin'] },
  { name: 'audit log', path: '/admin/audit', who: ['manager', 'admin'] },
  { name: 'refused (403)', path: '/admin', who: ['employee'], status: 403 },
  { name: 'not found (404)', path: '/problems/no-such-problem', who: SIGNED_IN, status: 404 },
];

describeBrowser('every page passes axe-core’s WCAG 2.1 A and AA rules, as every role', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let studio: Studio;
  beforeAll(async () => {
    server = await startServer({ seed: { people: 60, problems: 3, seed: 2 } });
    browser = await launchBrowser();
    // Drafts planned by the lead, so problem pages show editable months with Replace buttons and candidates.
    const { agent, csrf } = await signIn(server.url, 'lead@demo.cabal', DEMO_PASSWORD);
    const start = await agent.post('/plans/runs').type('form').send({ months: '2', _csrf: csrf }).expect(303);
    await server.runs.settle();
    const run = start.headers.location as string;
    const problem = html(await agent.get('/plans'))('.my-problems a')
      .first()
      .attr('href')!
      .split('/')
      .pop()!;
    const page = html(await agent.get(`/problems/${problem}`));
    const month = page('article.cabal.draft').first().attr('data-month')!;
    const member = page(`#month-${month} tr.member`).first().attr('data-person')!;
    studio = { problem, month, member, run };
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(EVERYONE)(
    'as %s',
    async (who) => {
      const context = await browser.newContext({ bypassCSP: true }); // the CSP would refuse the injected axe script
      const page = await context.newPage();
      page.on('dialog', (d) => void d.dismiss());
      if (who !== 'anonymous') await signInPage(page, server.url, `${who}@demo.cabal`, DEMO_PASSWORD);
      const stops = STOPS.filter((s) => s.who.includes(who));
      const found: string[] = [];
      for (const stop of stops) {
        const path = typeof stop.path === 'function' ? stop.path(studio) : stop.path;
        const response = await page.goto(`${server.url}${path}`);
        expect(response?.status(), `${stop.name} (${path}) as ${who}`).toBe(stop.status ?? 200);
        await stop.then?.(page, studio);
        found.push(...describeViolations(`${stop.name} (${path}) as ${who}`, await axeViolations(page)));
      }
      expect(found.length, `axe found:\n${found.join('\n')}\n`).toBe(0);

      // Every page in this role's navigation is on the list above.
      if (who !== 'anonymous') {
        await page.goto(`${server.url}/`);
        const nav = await page
          .locator('nav[aria-label="Main"] a')
          .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        const listed = new Set(stops.map((s) => (typeof s.path === 'function' ? s.path(studio) : s.path)));
        const missing = nav.filter((href) => !listed.has(href!));
        expect(missing, `add a line to STOPS in tests/e2e/accessibility.test.ts for ${missing.join(', ')}`).toEqual([]);
      }
      await context.close();
    },
    300_000,
  );
});

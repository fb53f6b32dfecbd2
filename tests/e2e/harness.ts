import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import type { Clock } from '../../src/domain/clock.ts';
import { freshDb, testConfig, trackRuns, TEST_NOW } from '../helpers/test-app.ts';
import { fixedClock } from '../../src/domain/clock.ts';
import { seedStudio, type SeedOptions } from '../../src/services/seed.ts';

/** Where Debian's Chromium lives; CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = fs.existsSync(CHROMIUM_PATH);

if (!available && process.env.CI === 'true') {
  throw new Error(
    `Browser tests are mandatory under CI=true, but Chromium is missing at ${CHROMIUM_PATH} (apt-get install -y chromium).`,
  );
}
if (!available) {
  console.warn(
    `[e2e] Skipping browser tests: Chromium not found at ${CHROMIUM_PATH}. Install it with: apt-get install -y chromium`,
  );
}

/** `describe` for browser tests: skipped with a message when Chromium is absent outside CI. */
export const describeBrowser = available ? describe : describe.skip;

/** Launches headless Chromium with the flags this sandbox needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A running app on a random local port over a fresh database seeded with a generated studio; `runs` settles its plan runs. */
export async function startServer(options: { seed: SeedOptions; clock?: Clock; config?: Partial<Config> }) {
  const db = freshDb();
  const clock = options.clock ?? fixedClock(TEST_NOW);
  await seedStudio(db, clock, options.seed);
  const runs = trackRuns(db);
  // Listen first, so the app's PUBLIC_URL (the base of feed links) is the address the browser really opens.
  const server: Server = await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = testConfig({ demo: true, publicUrl: url, ...options.config });
  server.on('request', createApp({ db, config, clock, runs }));
  return { db, url, runs, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Signs in through the real login form. */
export async function signInPage(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type="submit"]')]);
}

/** A seeded server and a Chromium for one browser-test file: started before its tests, closed after them. */
export function browserStudio(seed: SeedOptions) {
  const studio = {} as { browser: Browser; server: Awaited<ReturnType<typeof startServer>> };
  beforeAll(async () => {
    studio.server = await startServer({ seed });
    studio.browser = await launchBrowser();
  });
  afterAll(async () => {
    await studio.browser?.close();
    await studio.server?.close();
  });
  return studio;
}

import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** The axe-core tags of the WCAG 2.1 level A and AA success criteria. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe-core's script in node_modules: the test injects it into the page, the app never serves it. */
const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** One rule broken on one page, with every element that breaks it. */
export interface AxeViolation {
  rule: string;
  impact: string;
  help: string;
  nodes: { target: string; html: string }[];
}

/** Runs axe-core's WCAG 2.1 A/AA rules on the page as it stands (after any htmx swap) and returns the violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const injected = await page.evaluate(() => 'axe' in globalThis);
  if (!injected) await page.addScriptTag({ path: AXE_SCRIPT });
  return page.evaluate(async (tags) => {
    // This runs in the page (no DOM types in this project): its global object holds the document and axe.
    const page = globalThis as unknown as {
      axe: typeof import('axe-core');
      document: import('axe-core').ElementContext;
    };
    const results = await page.axe.run(page.document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), html: n.html })),
    }));
  }, WCAG_21_AA);
}

/** One line per offending element: the page, the rule, what it asks, and the element (selector and HTML). */
export function describeViolations(where: string, violations: AxeViolation[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${where}: ${v.rule} (${v.impact}: ${v.help}) at ${n.target}: ${n.html.slice(0, 300)}`),
  );
}

import { writePlanMonths } from '../../src/db/repos/cabals.ts';
import type { Db } from '../../src/db/client.ts';
import { problems } from '../../src/db/schema.ts';
import type { PlanMonth } from '../../src/domain/plan.ts';
import { TEST_NOW } from '../helpers/test-app.ts';

const seat = (person: string, tags: string[] = ['outsider']) =>
  ({ person, tags, why: `why ${person}` }) as PlanMonth['cabals'][number]['members'][number];

/**
 * Gives the tiny studio a schedule around the test month 2027-01: November to January published, February and
 * March drafts, on 'combat-feel' (lead p2) and a second problem 'lore' (lead p4). Ada (p1) serves December,
 * January (combat) and February (lore), then rests in March.
 */
export function scheduleTinyStudio(db: Db): void {
  db.insert(problems)
    .values({ id: 'lore', title: 'Lore bible', leadPersonId: 'p4', startMonth: '2027-02', createdAt: TEST_NOW })
    .run();
  const month = (m: string, cabals: Record<string, string[]>): PlanMonth => ({
    month: m,
    cabals: Object.entries(cabals).map(([problem, people]) => ({ problem, members: people.map((p) => seat(p)) })),
  });
  db.transaction((tx) => {
    writePlanMonths(tx, [month('2026-11', { 'combat-feel': ['p3', 'p4', 'p5', 'p6'] })], 'published', TEST_NOW);
    writePlanMonths(tx, [month('2026-12', { 'combat-feel': ['p1', 'p3', 'p4', 'p6'] })], 'published', TEST_NOW);
    writePlanMonths(tx, [month('2027-01', { 'combat-feel': ['p1', 'p3', 'p5', 'p6'] })], 'published', TEST_NOW);
    writePlanMonths(
      tx,
      [
        month('2027-02', { 'combat-feel': ['p3', 'p5', 'p6'], lore: ['p1', 'p2', 'p4'] }),
        month('2027-03', { 'combat-feel': ['p2', 'p4', 'p6'] }),
      ],
      'draft',
      TEST_NOW,
    );
  });
}

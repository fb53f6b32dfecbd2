import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { writePlanMonths } from '../db/repos/cabals.ts';
import { insertStudio, isStudioEmpty } from '../db/repos/studio.ts';
import { setSetting } from '../db/repos/settings.ts';
import { createAccount } from '../db/repos/users.ts';
import type { Role } from '../domain/account.ts';
import { auditLog, problems as problemsTable } from '../db/schema.ts';
import { currentMonth, type Clock } from '../domain/clock.ts';
import { addMonths } from '../domain/month.ts';
import { DEFAULT_POLICY } from '../domain/types.ts';
import type { PlanRequest } from '../domain/plan.ts';
import { generateStudio } from '../domain/studio-generator.ts';
import { planRequest } from '../planner/index.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SEEDED_KEY } from './demo.ts';
import { hashPassword } from './passwords.ts';
import { eq } from 'drizzle-orm';

/** The size and seed of a generated studio. */
export interface SeedOptions {
  people: number;
  problems: number;
  seed: number;
  /** Published months before the current one (the issue asks for two). */
  historyMonths?: number;
}

/** The demo studio: about 150 people in 9 departments and 8 design problems. */
export const DEMO_STUDIO: SeedOptions = { people: 150, problems: 8, seed: 7, historyMonths: 2 };

/** What a seed wrote, for the command line to report. */
export interface SeedReport {
  people: number;
  problems: number;
  publishedMonths: string[];
  accounts: { role: string; email: string; personId: string }[];
}

/**
 * Fills an empty database with a generated studio, its published history (planned by the planner so it obeys
 * every hard rule) and one demo account per role. It writes everything in one transaction or nothing.
 */
export async function seedStudio(db: Db, clock: Clock, options: SeedOptions): Promise<SeedReport> {
  if (!isStudioEmpty(db)) throw new Error('seed: the database already holds a studio; seed only an empty database');
  const now = currentMonth(clock);
  const historyMonths = options.historyMonths ?? 2;
  const firstHistoryMonth = addMonths(now, -historyMonths);
  const studio = generateStudio({ ...options, startMonth: firstHistoryMonth });

  const request: PlanRequest = {
    startMonth: firstHistoryMonth,
    months: historyMonths,
    seed: options.seed,
    policy: DEFAULT_POLICY,
    departments: studio.departments,
    people: studio.people,
    problems: studio.problems,
    history: [],
    pins: [],
  };
  const result = historyMonths > 0 ? await planRequest(request) : undefined;
  if (result && result.status !== 'planned') {
    throw new Error(`seed: the generated studio could not be planned: ${result.message}`);
  }

  const lead = studio.problems[0]?.lead;
  const lastMonth = result?.plan.months.at(-1);
  const served = new Set(lastMonth?.cabals.flatMap((c) => c.members.map((m) => m.person)) ?? []);
  const leads = new Set(studio.problems.map((p) => p.lead));
  const taken = new Set<string>();
  const pick = (want: (id: string) => boolean) => {
    const person =
      studio.people.find((p) => !taken.has(p.id) && want(p.id)) ?? studio.people.find((p) => !taken.has(p.id));
    if (!person) throw new Error('seed: not enough people for the demo accounts');
    taken.add(person.id);
    return person.id;
  };
  const accountPeople: Record<string, string> = {};
  if (lead) taken.add(lead);
  for (const a of DEMO_ACCOUNTS) {
    accountPeople[a.role] =
      a.role === 'lead' && lead ? lead : pick((id) => !leads.has(id) && (a.role !== 'employee' || served.has(id)));
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const at = clock.now().toISO()!;

  db.transaction((tx) => {
    insertStudio(tx, studio, 'generated demo studio', at);
    // The demo lead leads the first three problems, so the lead's pages have something to show.
    for (const p of studio.problems.slice(0, 3))
      tx.update(problemsTable).set({ leadPersonId: lead }).where(eq(problemsTable.id, p.id)).run();
    if (result) writePlanMonths(tx, result.plan.months, 'published', at);
    for (const a of DEMO_ACCOUNTS) {
      createAccount(tx, {
        personId: accountPeople[a.role]!,
        email: a.email,
        passwordHash,
        roles: [...a.roles] as Role[],
      });
    }
    tx.insert(auditLog)
      .values({
        at,
        action: 'seed',
        detail: `seeded ${studio.people.length} people, ${studio.problems.length} problems; published ${result?.plan.months.map((m) => m.month).join(', ') ?? 'no months'}`,
      })
      .run();
    setSetting(tx, DEMO_SEEDED_KEY, '1');
  });

  return {
    people: studio.people.length,
    problems: studio.problems.length,
    publishedMonths: result?.plan.months.map((m) => m.month) ?? [],
    accounts: DEMO_ACCOUNTS.map((a) => ({ role: a.role, email: a.email, personId: accountPeople[a.role]! })),
  };
}

/**
 * What start-up does before serving: when the configuration allows the demo and the database is empty, it seeds the
 * demo studio and returns the report; otherwise (production without DEMO=1, or a database in use) it writes nothing.
 */
export async function seedDemoWhenAllowed(db: Db, clock: Clock, config: Config): Promise<SeedReport | undefined> {
  if (!config.demo || !isStudioEmpty(db)) return undefined;
  return seedStudio(db, clock, DEMO_STUDIO);
}

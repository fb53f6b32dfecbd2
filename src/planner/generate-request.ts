import { addMonths, type Month } from '../domain/month.ts';
import { DEFAULT_POLICY } from '../domain/types.ts';
import type { HistoryCabal, PlanRequest } from '../domain/plan.ts';
import { generateStudio } from '../domain/studio-generator.ts';
import { planRequest } from './plan-request.ts';

/** Options of a generated request. */
export interface GenerateRequestOptions {
  people: number;
  problems: number;
  seed: number;
  startMonth: Month;
  months: number;
  /** Months of published history before the start month, produced by planning them (so they obey the rules). */
  historyMonths?: number;
}

/**
 * Generates a studio and turns it into a plan request whose history was planned by the planner itself over the
 * months before the start month, so that the history obeys every hard rule. Used by the benchmark and the demo seed.
 */
export async function generateRequest(options: GenerateRequestOptions): Promise<PlanRequest> {
  const historyMonths = options.historyMonths ?? 2;
  const studioStart = addMonths(options.startMonth, -historyMonths);
  const studio = generateStudio({ ...options, startMonth: studioStart });
  const base = {
    seed: options.seed,
    policy: { ...DEFAULT_POLICY, weights: { ...DEFAULT_POLICY.weights } },
    ...studio,
    pins: [],
  };
  let history: HistoryCabal[] = [];
  if (historyMonths > 0) {
    const past = await planRequest({ ...base, startMonth: studioStart, months: historyMonths, history: [] });
    if (past.status !== 'planned')
      throw new Error(`generateRequest: the generated history is infeasible: ${past.message}`);
    history = past.plan.months.flatMap((m) =>
      m.cabals.map((c) => ({ month: m.month, problem: c.problem, members: c.members.map((x) => x.person) })),
    );
  }
  return { ...base, startMonth: options.startMonth, months: options.months, history };
}

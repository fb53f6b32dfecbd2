import highsModule, { type Highs } from 'highs';
import { addMonths, type Month } from '../domain/month.ts';
import type { InfeasibleAnswer, PlanMonth, PlanRequest, PlanResult } from '../domain/plan.ts';
import { isActiveIn } from '../domain/types.ts';
import { applyMonth, buildIndex, initialState } from './context.ts';
import { checkPlan } from './check.ts';
import { diagnoseMonth, staticallyInfeasible } from './diagnose.ts';
import { describeMembers } from './explain.ts';
import { highsBackend, lpBackend, type Backend } from './model.ts';
import { planMonth } from './month-planner.ts';
import { HORIZON_LIMIT, horizonSize, planHorizon } from './horizon-model.ts';

/** Progress of a planning run: the month being planned, counted from 0. */
export interface PlanProgress {
  monthIndex: number;
  months: number;
  month: Month;
}

/** Options of a planning run. */
export interface PlanOptions {
  onProgress?: (progress: PlanProgress) => void;
  /** `lp` (javascript-lp-solver, the default) staffs cabals one at a time; `highs` solves each month jointly. */
  solver?: 'lp' | 'highs';
  /** Overrides the request's seed. */
  seed?: number;
  /**
   * The default backend to use instead of the in-thread javascript-lp-solver, e.g. the worker-guarded one of
   * src/services/guarded-lp-backend.ts, which enforces a wall-clock deadline on every solve.
   */
  lpBackend?: Backend;
}

// NodeNext sees the CommonJS module's namespace where the types describe a default export.
const highsLoader = highsModule as unknown as () => Promise<Highs>;

/** An include pin into a problem that has no cabal that month can never hold: the month is infeasible by pins alone. */
function strayPin(request: PlanRequest, month: Month): InfeasibleAnswer | undefined {
  for (const pin of request.pins) {
    if (pin.month !== month || pin.mode !== 'include') continue;
    const problem = request.problems.find((p) => p.id === pin.problem);
    if (problem === undefined || isActiveIn(problem, month)) continue;
    const detail = `${pin.person} is pinned into ${problem.id}, which is not active in ${month}`;
    return {
      status: 'infeasible',
      month,
      problem: problem.id,
      conflict: [{ rule: 'pins', detail, wayOut: `remove the include pin of ${pin.person}` }],
      message: `${problem.title} (${problem.id}) cannot hold its pins in ${month}: ${detail}`,
    };
  }
  return undefined;
}

let highsInstance: Promise<Backend> | undefined;

/** Loads HiGHS once per process: it is the exact backend used for fallbacks and proofs of infeasibility. */
function exactBackend(): Promise<Backend> {
  highsInstance ??= highsLoader().then((h) => highsBackend(h));
  return highsInstance;
}

/**
 * Plans every month of a request, one month at a time, each month building on the ones before (history first).
 * Returns the plan, or the first month and problem that cannot be staffed with the rules that conflict there; a
 * partial or relaxed plan is never returned.
 */
export async function planRequest(request: PlanRequest, options: PlanOptions = {}): Promise<PlanResult> {
  const exact = await exactBackend();
  const backend = options.solver === 'highs' ? exact : (options.lpBackend ?? lpBackend());
  const seed = options.seed ?? request.seed;
  const index = buildIndex(request);
  let state = initialState(index);
  let months: PlanMonth[] = [];
  let decided: (number[] | undefined)[][] = [];
  const record = (mi: number, cabals: (number[] | undefined)[]): void => {
    const month = index.months[mi];
    const previousMonth = addMonths(month, -1);
    const described = index.problems.flatMap((problem, p) => {
      const members = cabals[p];
      if (members === undefined) return [];
      return [{ problem: problem.id, members: describeMembers(index, state, mi, p, members, previousMonth) }];
    });
    months.push({ month, cabals: described });
    decided.push(cabals);
    applyMonth(index, state, cabals, true);
  };
  /** Rewinds to the start of month `first` and records a window of months re-planned from there. */
  const replace = (first: number, window: (number[] | undefined)[][]): void => {
    const kept = decided.slice(0, first);
    state = initialState(index);
    months = [];
    decided = [];
    kept.forEach((cabals, t) => record(t, cabals));
    window.forEach((cabals, w) => record(first + w, cabals));
  };
  for (let mi = 0; mi < index.months.length; mi++) {
    const month = index.months[mi];
    options.onProgress?.({ monthIndex: mi, months: index.months.length, month });
    const input = { index, state, mi, seed, backend, exact };
    const stray = strayPin(request, month);
    if (stray !== undefined) return stray;
    const outcome = planMonth(input);
    if (outcome.status === 'planned') {
      record(mi, outcome.cabals);
      continue;
    }
    // Earlier months may have painted this one into a corner. A small studio re-plans every month so far in one
    // exact model, which also proves infeasibility; a large one re-plans the month before together with this one.
    let first = 0;
    let window: (number[] | undefined)[][] | undefined;
    if (mi > 0 && !staticallyInfeasible(input, exact)) {
      if (horizonSize(index, mi + 1) <= HORIZON_LIMIT)
        window = planHorizon(index, initialState(index), mi + 1, seed, exact);
      else {
        first = mi - 1;
        const before = initialState(index);
        decided.slice(0, first).forEach((cabals) => applyMonth(index, before, cabals, true));
        window = planHorizon(index, before, 2, seed, exact, first, true);
      }
    }
    if (window === undefined) return diagnoseMonth(input, outcome.problem, exact);
    replace(first, window);
  }
  const { violations, quality } = checkPlan(request, { months });
  if (violations.length > 0) {
    // The planner's own models encode every rule; a violation here is a bug, never something to hand to a user.
    const first = violations[0];
    throw new Error(`planner: plan breaks ${first.rule} in ${first.month} (${first.problem}): ${first.detail}`);
  }
  return { status: 'planned', plan: { status: 'planned', months, quality } };
}

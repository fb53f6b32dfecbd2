import fastJsonPatch from 'fast-json-patch';
import highsModule, { type Highs } from 'highs';
import { addMonths, type Month } from '../domain/month.ts';
import type { PatchOperation, PlanMonth, PlanRequest, PlanResult, UndecidedAnswer } from '../domain/plan.ts';
import { applyMonth, buildIndex, initialState, type PlannerIndex, type RollingState } from './context.ts';
import { checkPlan } from './check.ts';
import { cabalsFailingAlone, conflictingRules, explainConflict, findProof, type Verifier } from './diagnose.ts';
import { describeMembers } from './explain.ts';
import { highsBackend, lpBackend, type Backend } from './model.ts';
import type { MonthInput } from './eligibility.ts';
import { planMonth } from './month-planner.ts';
import {
  HORIZON_LIMIT,
  WHOLE_HORIZON_LIMIT,
  WINDOW_LIMIT,
  horizonFeasibility,
  horizonSize,
  planHorizon,
} from './horizon-model.ts';
import { parsePlanRequest } from './schema.ts';

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
  /**
   * False skips proofs and ways out: a month the planner cannot get past is reported as undecided at once. Used to
   * verify a way out by planning the changed request.
   */
  prove?: boolean;
  /** How large the exact models may grow (seat variables); smaller limits make the planner give up sooner. */
  limits?: Partial<PlannerLimits>;
}

/** Sizes, in seat variables, up to which each exact model is attempted. */
export interface PlannerLimits {
  /** A request this small is planned as one model of its whole horizon. */
  wholeHorizon: number;
  /** A window of months re-planned over wide pools. */
  window: number;
  /** Every month so far over everyone: finds a plan whenever one exists, or proves there is none. */
  horizon: number;
  /**
   * Branch-and-bound nodes of the quick feasibility model that verifies a way out; when it cannot tell within them
   * (or with 0), the changed request is planned instead, as the user's re-run would plan it.
   */
  verifyNodes: number;
}

const DEFAULT_LIMITS: PlannerLimits = {
  wholeHorizon: WHOLE_HORIZON_LIMIT,
  window: WINDOW_LIMIT,
  horizon: HORIZON_LIMIT,
  verifyNodes: 50,
};

// NodeNext sees the CommonJS module's namespace where the types describe a default export.
const highsLoader = highsModule as unknown as () => Promise<Highs>;

let highsInstance: Promise<Backend> | undefined;

/** Loads HiGHS once per process: it is the exact backend used for fallbacks and proofs of infeasibility. */
function exactBackend(): Promise<Backend> {
  highsInstance ??= highsLoader().then((h) => highsBackend(h));
  return highsInstance;
}

/**
 * Plans every month of a request, one month at a time, each month building on the ones before (history first).
 * Returns the plan; or, when a month cannot be planned and that is proven (a sound relaxation of the request up to
 * that month has no solution), the month, the problem, the rules that conflict and verified ways out; or, when it
 * can neither plan nor prove, an honest "undecided". A partial or relaxed plan is never returned.
 */
export async function planRequest(request: PlanRequest, options: PlanOptions = {}): Promise<PlanResult> {
  const exact = await exactBackend();
  return planWith(request, options, exact);
}

/** Seat variables a pooled window model is estimated to need per cabal and month (wide pools, quotas forty deep). */
const POOLED_SEATS = 150;

function planWith(request: PlanRequest, options: PlanOptions, exact: Backend): PlanResult {
  const backend = options.solver === 'highs' ? exact : (options.lpBackend ?? lpBackend());
  const seed = options.seed ?? request.seed;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
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
  const stateBefore = (first: number): RollingState => {
    const before = initialState(index);
    decided.slice(0, first).forEach((cabals) => applyMonth(index, before, cabals, true));
    return before;
  };
  const T = index.months.length;
  // A small request is one exact model of its whole horizon: the best plan there is, whatever the seed.
  let start = 0;
  // The whole-horizon model leaves out problems that are not active, so a stray include pin is left to the month loop.
  const strays = index.months.some((_, mi) => strayPin({ index, state, mi, seed, backend }) !== undefined);
  if (!strays && horizonSize(index, T) <= limits.wholeHorizon) {
    const whole = planHorizon(index, initialState(index), T, seed, exact);
    if (whole !== undefined) {
      whole.forEach((cabals, t) => record(t, cabals));
      start = T;
    }
  }
  for (let mi = start; mi < T; mi++) {
    const month = index.months[mi];
    options.onProgress?.({ monthIndex: mi, months: T, month });
    const input: MonthInput = { index, state, mi, seed, backend, exact };
    const verify = verifier(request, options, exact, mi);
    const stray = strayPin(input);
    if (stray !== undefined) {
      if (options.prove === false) return undecided(index, mi, stray, 'an include pin names a problem not active then');
      return explainConflict(input, stray, ['pins'], verify);
    }
    const outcome = planMonth(input);
    if (outcome.status === 'planned') {
      record(mi, outcome.cabals);
      continue;
    }
    // A cabal that cannot be staffed whatever earlier months did is diagnosed at once.
    const quick = options.prove === false ? undefined : findProof(input, outcome.problem, exact, true);
    if (quick !== undefined) {
      // Other cabals of the month that fail alone too are explained with the rest of the failing ones left out of
      // the month, and every way out of this one carries their fix, so that applied it gets past the month.
      const failing = cabalsFailingAlone(input, exact).map((f) => f.problem);
      const others = failing.includes(quick.problem) ? failing.filter((q) => q !== quick.problem) : [];
      const also = others.map((q) => {
        const rest = failing.filter((o) => o !== q).map((o) => index.problems[o].id);
        const proof = findProof(input, q, exact, true)!;
        return explainConflict(input, q, conflictingRules(proof.proof), verifier(request, options, exact, mi, rest));
      });
      return explainConflict(input, quick.problem, conflictingRules(quick.proof), verify, also);
    }
    // Earlier months may have painted this one into a corner: re-plan this month with the 1, 3, then all months
    // before it in one model with the consecutive and carry-over rows between them, over wide pools; then, when
    // small enough, over everyone (exact: it finds a plan whenever one exists).
    const window = widen(index, mi, seed, exact, stateBefore, limits);
    if (window !== undefined) {
      replace(window.first, window.cabals);
      continue;
    }
    if (options.prove === false) return undecided(index, mi, outcome.problem);
    const proof = findProof(input, outcome.problem, exact, false, limits.horizon);
    if (proof !== undefined) return explainConflict(input, proof.problem, conflictingRules(proof.proof), verify);
    return undecided(index, mi, outcome.problem);
  }
  const { violations, quality } = checkPlan(request, { months });
  if (violations.length > 0) {
    // The planner's own models encode every rule; a violation here is a bug, never something to hand to a user.
    const first = violations[0];
    throw new Error(`planner: plan breaks ${first.rule} in ${first.month} (${first.problem}): ${first.detail}`);
  }
  return { status: 'planned', plan: { status: 'planned', months, quality } };
}

/** Re-plans month `mi` with the months before it in widening windows; the first window that has a plan. */
function widen(
  index: PlannerIndex,
  mi: number,
  seed: number,
  exact: Backend,
  stateBefore: (first: number) => RollingState,
  limits: PlannerLimits,
): { first: number; cabals: (number[] | undefined)[][] } | undefined {
  const tried = new Set<number>();
  for (const width of [2, 4, mi + 1]) {
    const first = Math.max(0, mi - width + 1);
    if (tried.has(first)) continue;
    tried.add(first);
    let cabalMonths = 0;
    for (let t = first; t <= mi; t++) cabalMonths += index.active[t].filter(Boolean).length;
    if (cabalMonths * POOLED_SEATS > limits.window) break;
    const cabals = planHorizon(index, stateBefore(first), mi - first + 1, seed, exact, first, true);
    if (cabals !== undefined) return { first, cabals };
  }
  if (horizonSize(index, mi + 1) > limits.horizon) return undefined;
  // Over everyone: the best plan within the node limit, else any plan (a feasibility model has no node limit, so it
  // finds a plan whenever one exists).
  const cabals =
    planHorizon(index, initialState(index), mi + 1, seed, exact) ??
    planHorizon(index, initialState(index), mi + 1, seed, exact, 0, false, { feasibilityOnly: true, reduce: true });
  return cabals === undefined ? undefined : { first: 0, cabals };
}

/**
 * Verifies a way out: applies the patch to the request, plans it up to month `mi`, and tells whether it got there.
 * An exact feasibility model of every month through this one (no objective, interchangeable people pooled) answers
 * at once where planning would first try every re-planning window; when it is too large, or cannot tell within its
 * node limit (a crowded request can make it a pigeonhole HiGHS takes minutes over), the changed request is planned
 * month by month without proofs, as the user's re-run would plan it. Only a plan counts as "works"; only a proof
 * (the exact model infeasible) counts as "fails"; anything else is "unknown", and the way out is not shown.
 */
function verifier(
  request: PlanRequest,
  options: PlanOptions,
  exact: Backend,
  mi: number,
  leftOut: string[] = [],
): Verifier {
  return (patch: PatchOperation[]) => {
    const document = JSON.parse(JSON.stringify(request)) as PlanRequest;
    try {
      fastJsonPatch.applyPatch(document, patch as fastJsonPatch.Operation[], true);
    } catch {
      return 'fails';
    }
    document.months = mi + 1;
    // Problems left out (other cabals that fail alone this month) start after the month, with their pins dropped.
    const after = addMonths(document.startMonth, mi + 1);
    for (const problem of document.problems)
      if (leftOut.includes(problem.id)) Object.assign(problem, { startMonth: after, endMonth: undefined });
    document.pins = document.pins.filter((pin) => !leftOut.includes(pin.problem));
    const parsed = parsePlanRequest(document);
    if (!parsed.ok) return 'fails';
    const changed = buildIndex(parsed.value);
    const state = initialState(changed);
    for (let t = 0; t <= mi; t++)
      if (strayPin({ index: changed, state, mi: t, seed: request.seed, backend: exact }) !== undefined) return 'fails';
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    if (limits.verifyNodes > 0 && horizonSize(changed, mi + 1) <= limits.horizon) {
      const quick = horizonFeasibility(changed, state, mi + 1, exact, { reduce: true }, limits.verifyNodes);
      if (quick !== 'unknown') return quick === 'feasible' ? 'works' : 'fails';
    }
    const result = planWith(parsed.value, { ...options, onProgress: undefined, prove: false }, exact);
    return result.status === 'planned' ? 'works' : 'unknown';
  };
}

/** An include pin into a problem that has no cabal that month can never hold: that problem's index, if any. */
function strayPin(input: MonthInput): number | undefined {
  const { index, mi } = input;
  for (const [p] of index.pins[mi].include) if (!index.active[mi][p]) return p;
  return undefined;
}

function undecided(index: PlannerIndex, mi: number, p: number, why?: string): UndecidedAnswer {
  const problem = index.problems[p];
  const month = index.months[mi];
  return {
    status: 'undecided',
    month,
    problem: problem.id,
    message:
      why ??
      `${problem.title} (${problem.id}) could not be staffed in ${month}, and within its budget the planner could ` +
        'neither find a plan nor prove that none exists. This is not a proof of infeasibility: plan fewer months, ' +
        'or relax a rule of this problem, and plan again.',
  };
}

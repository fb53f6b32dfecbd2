import type { RuleName } from '../domain/plan.ts';
import { addCabal, type CabalSpec } from './cabal-model.ts';
import type { PlannerIndex, RollingState } from './context.ts';
import type { MonthInput } from './eligibility.ts';
import { addRow, addVariable, emptyModel, type Backend, type LinearModel } from './model.ts';
import { buildPool, seatUtility } from './month-planner.ts';
import { addCarryRowsBetweenMonths } from './rules/carry-over.ts';
import { addWindowStreakRows } from './rules/max-consecutive-months.ts';
import { addOneCabalRows } from './rules/one-cabal-per-month.ts';
import { pinnedOff } from './rules/pins.ts';
import { skillsHeldKey } from './rules/required-skills.ts';
import { unavailableIn } from './rules/unavailable.ts';
import { fairnessTerm, plannerWeights } from './objective.ts';
import { servedFacts } from './seat-facts.ts';

/** Above this many seat variables the exact horizon model over everyone is not attempted. */
export const HORIZON_LIMIT = 6000;
/**
 * Up to this many seat variables a request is planned as one exact model of its whole horizon from the start. At
 * 960 (60 people, 4 problems, 4 months) the model took 14 s on a busy machine against 0.2 s month by month; at 240
 * (case-01's kind) well under a second.
 */
export const WHOLE_HORIZON_LIMIT = 600;
/** Above this many seat variables a pooled window of months is not attempted (HiGHS would not finish in time). */
export const WINDOW_LIMIT = 40000;

/**
 * Branch-and-bound nodes a horizon model that optimises may use. Tight rotations over many months (size fixed,
 * carry-over exact, short streaks) leave a gap HiGHS takes minutes to close, while its root node already finds a
 * plan within about 1 % of the best; a node limit, unlike a time limit, keeps the answer the same on a busy machine.
 */
const HORIZON_NODES = 50;

/** What a horizon model is for, beside the rules: which rules to leave out, which problems, and whether to optimise. */
export interface HorizonOptions {
  /** Rules left out, for the deletion filter of a proof; nothing is left out by default. */
  drop?: ReadonlySet<RuleName>;
  /** Only these problems' cabals (a relaxation: the other cabals are left free); every problem by default. */
  problems?: readonly number[];
  /** Keep only as many interchangeable people as could ever be needed (sound for feasibility questions). */
  reduce?: boolean;
  /** Feasibility only (no objective): faster for proofs. */
  feasibilityOnly?: boolean;
}

/** How many seat variables an exact model of `count` months from month `first` would have (an upper bound). */
export function horizonSize(index: PlannerIndex, count: number, first = 0): number {
  let seats = 0;
  for (let t = first; t < first + count; t++) seats += index.active[t].filter(Boolean).length * index.people.length;
  return seats;
}

/**
 * Plans `count` months from month `first` in one model, with consecutive limits and carry-over between the months
 * included; `start` is the state before month `first`. Over everyone it is exact: a plan, or a proof that none
 * exists (with `options.problems` a sound relaxation: other cabals are left free). Over wide pools (`wide`) it gets
 * large studios out of corners that month-by-month planning painted. Fairness counts each person's months served
 * inside the window too (the k-th seat is worth less than the first), so the model spreads seats. Returns each
 * month's cabals, or undefined when the model has no solution or the solver gave up.
 */
export function planHorizon(
  index: PlannerIndex,
  start: RollingState,
  count: number,
  seed: number,
  exact: Backend,
  first = 0,
  wide = false,
  options: HorizonOptions = {},
): (number[] | undefined)[][] | undefined {
  const built = buildHorizonModel(index, start, count, seed, first, wide, options);
  // A feasibility model stops at its first solution anyway, and a node limit could stop it before one is found.
  const outcome = exact.solve(built.model, options.feasibilityOnly ? {} : { nodes: HORIZON_NODES });
  if (outcome.status !== 'solved') return undefined;
  const P = index.problems.length;
  return built.specs.map((monthSpecs, t) => {
    const cabals: (number[] | undefined)[] = new Array(P).fill(undefined);
    monthSpecs.forEach(
      (spec, c) => (cabals[spec.p] = spec.pool.filter((_, k) => outcome.values[built.seats[t][c][k]] > 0.5)),
    );
    return cabals;
  });
}

/** Tells whether a horizon model is proven to have no solution (a solver that gives up proves nothing). */
export function horizonInfeasible(
  index: PlannerIndex,
  start: RollingState,
  count: number,
  exact: Backend,
  options: HorizonOptions,
): boolean {
  return horizonFeasibility(index, start, count, exact, options) === 'infeasible';
}

/**
 * Whether a horizon model has a solution: 'unknown' when the solver gave up before it could tell (its time limit, or
 * `nodes` branch-and-bound nodes when given).
 */
export function horizonFeasibility(
  index: PlannerIndex,
  start: RollingState,
  count: number,
  exact: Backend,
  options: HorizonOptions,
  nodes?: number,
): 'feasible' | 'infeasible' | 'unknown' {
  const built = buildHorizonModel(index, start, count, 1, 0, false, { ...options, feasibilityOnly: true });
  const status = exact.solve(built.model, { nodes }).status;
  return status === 'solved' ? 'feasible' : status === 'infeasible' ? 'infeasible' : 'unknown';
}

interface HorizonModel {
  model: LinearModel;
  specs: CabalSpec[][];
  seats: number[][][];
}

function buildHorizonModel(
  index: PlannerIndex,
  start: RollingState,
  count: number,
  seed: number,
  first: number,
  wide: boolean,
  options: HorizonOptions,
): HorizonModel {
  const N = index.people.length;
  const P = index.problems.length;
  const policy = index.request.policy;
  const drop = options.drop ?? new Set<RuleName>();
  const has = (rule: RuleName): boolean => !drop.has(rule);
  const included = new Set(options.problems ?? index.problems.map((_, p) => p));
  const keep = options.reduce ? interchangeable(index, start, count, first, [...included]) : undefined;
  const model = emptyModel();
  const specs: CabalSpec[][] = [];
  const seats: number[][][] = [];
  // served[t][i] and onProblem[t][p][i]: the seat variables of person i in month t.
  const served: [number, number][][][] = [];
  const onProblem: Map<number, number>[][] = [];
  for (let w = 0; w < count; w++) {
    const t = first + w;
    const input: MonthInput = { index, state: start, mi: t, seed, backend: { name: 'highs', solve: () => fail() } };
    const monthSpecs: CabalSpec[] = [];
    const monthSeats: number[][] = [];
    served.push(Array.from({ length: N }, () => []));
    onProblem.push(index.problems.map(() => new Map()));
    for (let p = 0; p < P; p++) {
      if (!index.active[t][p] || !included.has(p)) continue;
      const pins = index.pins[t];
      // Only the rules that do not depend on earlier months decide the pools; the streak rows below do the rest.
      const usable = (i: number): boolean => {
        if (keep !== undefined && !keep[i]) return false;
        if (has('unavailable') && unavailableIn(index, t, i)) return false;
        return !has('pins') || !pinnedOff(pins, N, i, p);
      };
      const pool = wide
        ? buildPool(input, p, [], usable, 0, { drop: new Set(), lookAhead: false }, 40).pool
        : index.people.map((_, i) => i).filter(usable);
      const spec: CabalSpec = {
        p,
        pool,
        // Fairness leaves the seat's utility: the window's counters below reward it by months served in the window.
        utility: options.feasibilityOnly
          ? pool.map(() => 0)
          : pool.map((i) => seatUtility(input, i, p, false) - fairnessAfter(index, start, i, 0)),
        forced: pins.include.get(p) ?? [],
        previous: w === 0 ? start.previous[p] : undefined,
        continuable: null,
        drop,
      };
      const x = addCabal(model, index, spec);
      x.forEach((v, k) => {
        served[w][pool[k]].push([v, 1]);
        onProblem[w][p].set(pool[k], v);
      });
      monthSpecs.push(spec);
      monthSeats.push(x);
      if (w > 0 && index.active[t - 1][p] && has('carry-over'))
        addCarryRowsBetweenMonths(model, index, t, p, onProblem[w][p], onProblem[w - 1][p]);
    }
    if (has('one-cabal-per-month')) {
      addOneCabalRows(
        model,
        monthSpecs.map((s) => s.pool),
        monthSeats,
      );
    }
    specs.push(monthSpecs);
    seats.push(monthSeats);
  }
  for (let i = 0; i < N; i++) {
    const byMonth = served.map((m) => m[i]);
    if (byMonth.every((m) => m.length === 0)) continue;
    // Any maxConsecutiveMonths + 1 months in a row hold at most maxConsecutiveMonths seats, history included.
    if (has('max-consecutive-months'))
      addWindowStreakRows(model, `s${i}`, byMonth, start.streak[i], policy.maxConsecutiveMonths);
    if (has('max-consecutive-on-problem')) {
      for (const p of included) {
        const terms = onProblem.map((m): [number, number][] => {
          const v = m[p].get(i);
          return v === undefined ? [] : [[v, 1]];
        });
        if (terms.every((term) => term.length === 0)) continue;
        addWindowStreakRows(
          model,
          `sp${i}_${p}`,
          terms,
          start.streakOnProblem[i * P + p],
          policy.maxConsecutiveMonthsOnProblem,
        );
      }
    }
    if (!options.feasibilityOnly) addFairness(model, index, byMonth, start, i);
  }
  return { model, specs, seats };
}

function fail(): never {
  throw new Error('horizon model: no backend inside the pool builder');
}

/**
 * The fairness part of a seat's utility (objective.ts, under the planner's weights) for person i once they have
 * served `extra` more months in the plan than the state says.
 */
function fairnessAfter(index: PlannerIndex, state: RollingState, i: number, extra: number): number {
  const weight = plannerWeights(index.request.policy.weights).fairness;
  const served = servedFacts(index, state, i);
  return weight * fairnessTerm(served.planMonths + extra, served.historyMonths, served.fairShare);
}

/**
 * Fairness over the window: the k-th month a person serves in it is rewarded as someone who had already served
 * served + k − 1 months. The reward falls with k, so the relaxation fills the counters in order and no integer
 * variables are needed.
 */
function addFairness(
  model: LinearModel,
  index: PlannerIndex,
  byMonth: [number, number][][],
  before: RollingState,
  i: number,
): void {
  const seatsOf = byMonth.flat();
  if (seatsOf.length === 0) return;
  const months = byMonth.filter((m) => m.length > 0).length;
  const counters: [number, number][] = [];
  for (let k = 0; k < months; k++) {
    const y = addVariable(model, `f${i}_${k}`, fairnessAfter(index, before, i, k), false, 1);
    counters.push([y, -1]);
  }
  addRow(model, `fair${i}`, [...seatsOf, ...counters], 0, 0);
}

/**
 * Marks the people a feasibility model needs. People who look the same to every rule of the included problems over
 * the window (department, affected, required-skill holdings, availability and pins by month, and what history left:
 * streaks and last month's cabals) are interchangeable in any plan, and a window of `count` months seats at most
 * count × Σ size.max of them; keeping that many of each kind cannot turn a feasible model infeasible.
 */
function interchangeable(
  index: PlannerIndex,
  start: RollingState,
  count: number,
  first: number,
  problems: number[],
): Uint8Array {
  const N = index.people.length;
  const P = index.problems.length;
  let seatsPerMonth = 0;
  for (const p of problems) seatsPerMonth += index.problems[p].size.max;
  const cap = count * seatsPerMonth;
  const kept = new Map<string, number>();
  const keep = new Uint8Array(N);
  for (let i = 0; i < N; i++) {
    const parts: (string | number)[] = [index.department[i], start.streak[i]];
    for (const p of problems) {
      const problem = index.problems[p];
      parts.push(
        index.affected[p][i],
        skillsHeldKey(index.people[i], problem),
        start.streakOnProblem[i * P + p],
        start.previous[p]?.includes(i) ? 1 : 0,
      );
    }
    for (let t = first; t < first + count; t++) {
      const pins = index.pins[t];
      parts.push(unavailableIn(index, t, i) ? 1 : 0, pins.includeOf.get(i)?.join(',') ?? '');
      for (const p of problems) parts.push(pins.exclude.has(p * N + i) ? 1 : 0);
    }
    const kind = parts.join('|');
    const n = kept.get(kind) ?? 0;
    if (n >= cap) continue;
    kept.set(kind, n + 1);
    keep[i] = 1;
  }
  return keep;
}

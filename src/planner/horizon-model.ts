import { addCabal, addOneCabalRows, type CabalSpec } from './cabal-model.ts';
import type { PlannerIndex, RollingState } from './context.ts';
import { addRow, addVariable, emptyModel, type Backend } from './model.ts';
import { buildPool, seatUtility, type MonthInput } from './month-planner.ts';

/** Above this many seat variables the exact horizon model is not attempted; larger studios rely on the look-ahead. */
export const HORIZON_LIMIT = 6000;

/** How many seat variables an exact model of `count` months from month `first` would have (an upper bound). */
export function horizonSize(index: PlannerIndex, count: number, first = 0): number {
  let seats = 0;
  for (let t = first; t < first + count; t++) seats += index.active[t].filter(Boolean).length * index.people.length;
  return seats;
}

/**
 * Plans `count` months from month `first` in one model, with consecutive limits and carry-over between the months
 * included; `start` is the state before month `first`. Used when month-by-month planning reaches a month it cannot
 * staff. Over everyone (small studios, from the first month) it tells a corner the earlier months painted from a
 * request that really is infeasible; over wide pools (large studios, the month before and this one) it gets out of
 * such a corner. Returns each month's cabals, or undefined when the model has no solution.
 */
export function planHorizon(
  index: PlannerIndex,
  start: RollingState,
  count: number,
  seed: number,
  exact: Backend,
  first = 0,
  wide = false,
): (number[] | undefined)[][] | undefined {
  const N = index.people.length;
  const P = index.problems.length;
  const policy = index.request.policy;
  const model = emptyModel();
  const specs: CabalSpec[][] = [];
  const seats: number[][][] = [];
  // served[t][i] and onProblem[t][p][i]: the seat variables of person i in month t.
  const served: [number, number][][][] = [];
  const onProblem: Map<number, number>[][] = [];
  for (let w = 0; w < count; w++) {
    const t = first + w;
    const input: MonthInput = { index, state: start, mi: t, seed, backend: exact };
    const monthSpecs: CabalSpec[] = [];
    const monthSeats: number[][] = [];
    served.push(Array.from({ length: N }, () => []));
    onProblem.push(index.problems.map(() => new Map()));
    for (let p = 0; p < P; p++) {
      if (!index.active[t][p]) continue;
      const pins = index.pins[t];
      // Only the rules that do not depend on earlier months decide the pools; the streak rows below do the rest.
      const usable = (i: number): boolean => {
        if (index.unavailable[t][i] || pins.exclude.has(p * N + i)) return false;
        const pinnedTo = pins.includeOf.get(i);
        return pinnedTo === undefined || pinnedTo.includes(p);
      };
      const pool = wide
        ? buildPool(input, p, [], usable, 0, { drop: new Set(), lookAhead: false }, 40).pool
        : index.people.map((_, i) => i).filter(usable);
      const spec: CabalSpec = {
        p,
        pool,
        utility: pool.map((i) => seatUtility(input, i, p, false)),
        forced: pins.include.get(p) ?? [],
        previous: w === 0 ? start.previous[p] : undefined,
        continuable: null,
        drop: new Set(),
      };
      const x = addCabal(model, index, spec);
      x.forEach((v, k) => {
        served[w][pool[k]].push([v, 1]);
        onProblem[w][p].set(pool[k], v);
      });
      monthSpecs.push(spec);
      monthSeats.push(x);
      if (w > 0 && index.active[t - 1][p]) {
        const problem = index.problems[p];
        const carried: [number, number][] = [];
        for (const [i, now] of onProblem[w][p]) {
          const before = onProblem[w - 1][p].get(i);
          if (before === undefined) continue;
          const z = addVariable(model, `z${t}_${p}_${i}`, 0, false, 1);
          addRow(
            model,
            `zn${t}_${p}_${i}`,
            [
              [z, 1],
              [now, -1],
            ],
            -Infinity,
            0,
          );
          addRow(
            model,
            `zb${t}_${p}_${i}`,
            [
              [z, 1],
              [before, -1],
            ],
            -Infinity,
            0,
          );
          addRow(
            model,
            `zl${t}_${p}_${i}`,
            [
              [z, 1],
              [now, -1],
              [before, -1],
            ],
            -1,
            Infinity,
          );
          carried.push([z, 1]);
        }
        addRow(model, `carry${t}_${p}`, carried, problem.carryOver.min, problem.carryOver.max);
      }
    }
    addOneCabalRows(
      model,
      monthSpecs.map((s) => s.pool),
      monthSeats,
    );
    specs.push(monthSpecs);
    seats.push(monthSeats);
  }
  for (let i = 0; i < N; i++) {
    // Any maxConsecutiveMonths + 1 months in a row hold at most maxConsecutiveMonths seats, history included.
    addStreakRows(
      model,
      `s${i}`,
      served.map((m) => m[i]),
      start.streak[i],
      policy.maxConsecutiveMonths,
    );
    for (let p = 0; p < P; p++) {
      const terms = onProblem.map((m): [number, number][] => {
        const v = m[p].get(i);
        return v === undefined ? [] : [[v, 1]];
      });
      if (terms.every((t) => t.length === 0)) continue;
      addStreakRows(
        model,
        `sp${i}_${p}`,
        terms,
        start.streakOnProblem[i * P + p],
        policy.maxConsecutiveMonthsOnProblem,
      );
    }
  }
  const outcome = exact.solve(model);
  if (outcome.status !== 'solved') return undefined;
  return specs.map((monthSpecs, t) => {
    const cabals: (number[] | undefined)[] = new Array(P).fill(undefined);
    monthSpecs.forEach(
      (spec, c) => (cabals[spec.p] = spec.pool.filter((_, k) => outcome.values[seats[t][c][k]] > 0.5)),
    );
    return cabals;
  });
}

function addStreakRows(
  model: ReturnType<typeof emptyModel>,
  name: string,
  byMonth: [number, number][][],
  streakBefore: number,
  limit: number,
): void {
  for (let t = 0; t < byMonth.length; t++) {
    const first = t - limit;
    const terms: [number, number][] = [];
    for (let u = Math.max(0, first); u <= t; u++) terms.push(...byMonth[u]);
    // Months before the horizon in this window that the history says were served.
    const fromHistory = first < 0 ? Math.min(streakBefore, -first) : 0;
    if (terms.length + fromHistory <= limit) continue;
    addRow(model, `${name}_${t}`, terms, -Infinity, limit - fromHistory);
  }
}

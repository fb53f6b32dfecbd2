import highsModule, { type Highs } from 'highs';
import { holdsSkill } from '../../domain/skills.ts';
import { addMonths } from '../../domain/month.ts';
import type { Plan, PlanMonth, PlanRequest, Quality } from '../../domain/plan.ts';
import type { CabalSpec } from '../cabal-model.ts';
import { applyMonth, buildIndex, initialState } from '../context.ts';
import { checkPlan } from '../check.ts';
import { allowed, blockBits, continuableFlags, type EligibilityMode, type MonthInput } from '../eligibility.ts';
import { describeMembers } from '../explain.ts';
import { highsBackend, type Backend } from '../model.ts';
import { activeProblems, solveJoint } from '../month-planner.ts';
import { noise } from '../tie-break.ts';
import { scoreSeat } from '../objective.ts';
import { seatFacts } from '../seat-facts.ts';

/** How the reference pools are cut; wider settings are tried when a month cannot be staffed from the first ones. */
interface PoolSettings {
  /** Problems each person is offered to. */
  offers: number;
  /** Best offered people kept per cabal. */
  keep: number;
  /** Top holders of each required skill always in the pool. */
  holders: number;
  /** Extra people kept beyond each quota (affected, outsiders, one per missing department). */
  margin: number;
  lookAhead: boolean;
}

const SETTINGS: PoolSettings[] = [
  { offers: 4, keep: 40, holders: 8, margin: 3, lookAhead: true },
  { offers: 12, keep: 120, holders: 40, margin: 10, lookAhead: true },
  { offers: 12, keep: 120, holders: 40, margin: 10, lookAhead: false },
];

/** The reference's answer: the plan and its quality, or the month it could not staff. */
export type ReferenceResult =
  { status: 'planned'; plan: Plan; quality: Quality; violations: number } | { status: 'failed'; month: string };

/**
 * The benchmark's yardstick: a joint month-by-month MILP solved with HiGHS. Each month, in order, all its cabals are
 * one model (one cabal per person) over pools that offer each person to their best few problems and always hold the
 * top holders of each required skill; the objective is the reference, all four weights 1: per seat 1 (a
 * fuller cabal) + fairness (`fairnessTerm`: +1 for nobody served, 0 at half the fair share, -1 at it, history at half
 * weight, +0.5 for never served) + freshness (new to the problem) + skill fit (mean level / 3) - the share of last
 * month's members already met. It has none of the planner's prices (reserve, scarcity, carry-over, pairs in the pool)
 * and no department reward, so it stays fixed while the planner changes. Slow by design; never used by the app.
 */
export async function planReference(request: PlanRequest, highs?: Highs): Promise<ReferenceResult> {
  const solver = highs ?? (await (highsModule as unknown as () => Promise<Highs>)());
  const backend = highsBackend(solver, 120);
  const index = buildIndex(request);
  const state = initialState(index);
  const weights = { fairness: 1, freshness: 1, skillFit: 1, network: 1 };
  const months: PlanMonth[] = [];
  for (let mi = 0; mi < index.months.length; mi++) {
    const input: MonthInput = { index, state, mi, seed: request.seed, backend };
    const problems = activeProblems(input);
    const utility = (i: number, p: number, withNetwork: boolean): number =>
      1 + scoreSeat(seatFacts(index, state, i, p, withNetwork), weights).total;
    let cabals: number[][] | undefined;
    for (const settings of SETTINGS) {
      cabals = solveMonth(input, problems, settings, utility, backend);
      if (cabals !== undefined) break;
    }
    if (cabals === undefined) return { status: 'failed', month: index.months[mi] };
    const byProblem: (number[] | undefined)[] = new Array(index.problems.length).fill(undefined);
    problems.forEach((p, k) => (byProblem[p] = cabals[k]));
    const previousMonth = addMonths(index.months[mi], -1);
    months.push({
      month: index.months[mi],
      cabals: problems.map((p) => ({
        problem: index.problems[p].id,
        members: describeMembers(index, state, mi, p, byProblem[p]!, previousMonth),
      })),
    });
    applyMonth(index, state, byProblem, true);
  }
  const { violations, quality } = checkPlan(request, { months });
  return {
    status: 'planned',
    plan: { status: 'planned', months, quality },
    quality,
    violations: violations.length,
  };
}

/** One month as one joint model over the reference pools; members per active problem, or undefined. */
function solveMonth(
  input: MonthInput,
  problems: number[],
  settings: PoolSettings,
  utility: (i: number, p: number, withNetwork: boolean) => number,
  backend: Backend,
): number[][] | undefined {
  const { index, state, mi } = input;
  const N = index.people.length;
  const mode: EligibilityMode = { drop: new Set(), lookAhead: settings.lookAhead };
  const eligible = problems.map((p) => {
    const flags = new Uint8Array(N);
    for (let i = 0; i < N; i++) flags[i] = allowed(blockBits(input, i, p), mode) ? 1 : 0;
    return flags;
  });
  // Each person is offered to their best few problems (full sort: the reference is not tuned for speed). Ties are
  // broken by the seeded hash, as the planner's are: by problem order, the first problems would get every tie.
  const offered: number[][] = problems.map(() => []);
  const order = problems.map((_, k) => k);
  const scores = new Float64Array(problems.length);
  const ties = new Float64Array(problems.length);
  for (let i = 0; i < N; i++) {
    problems.forEach((p, k) => {
      scores[k] = eligible[k][i] ? utility(i, p, false) : -Infinity;
      ties[k] = noise(input.seed, mi, i, p);
    });
    order.sort((a, b) => scores[b] - scores[a] || ties[b] - ties[a] || a - b);
    for (const k of order.slice(0, settings.offers)) if (scores[k] > -Infinity) offered[k].push(i);
  }
  const specs: CabalSpec[] = problems.map((p, k) => {
    const problem = index.problems[p];
    const ok = (i: number): boolean => eligible[k][i] === 1;
    const chosen = new Set<number>();
    const score = new Map<number, number>();
    const value = (i: number): number => {
      let u = score.get(i);
      if (u === undefined) score.set(i, (u = utility(i, p, true)));
      return u;
    };
    const best = (candidates: Iterable<number>, count: number): void => {
      const fresh = [...candidates].filter((i) => ok(i) && !chosen.has(i));
      fresh.sort((a, b) => value(b) - value(a) || noise(input.seed, mi, b, p) - noise(input.seed, mi, a, p));
      for (const i of fresh.slice(0, count)) chosen.add(i);
    };
    for (const i of index.pins[mi].include.get(p) ?? []) if (ok(i)) chosen.add(i);
    for (const i of state.previous[p] ?? []) if (ok(i)) chosen.add(i);
    best(offered[k], settings.keep);
    // The top holders of each required skill, by level, are always candidates.
    problem.requiredSkills.forEach((r, s) => {
      const holders = index.holders[p][s].filter(ok).slice(0, settings.holders);
      for (const i of holders) chosen.add(i);
      if (holders.length === 0)
        for (const i of index.people.keys()) if (ok(i) && holdsSkill(index.people[i], r)) chosen.add(i);
    });
    const affected = index.affected[p];
    const have = (test: (i: number) => boolean): number => [...chosen].filter(test).length;
    const need = (count: number, test: (i: number) => boolean, from: () => Iterable<number>): void => {
      const missing = count - have(test);
      if (missing > 0) best([...from()].filter(test), missing);
    };
    need(
      problem.minAffected + settings.margin,
      (i) => affected[i] === 1,
      () => index.affectedList[p],
    );
    need(
      problem.minOutsiders + settings.margin,
      (i) => affected[i] === 0,
      () => index.people.keys(),
    );
    const present = new Set([...chosen].map((i) => index.department[i]));
    index.departmentMembers.forEach((members, d) => {
      if (!present.has(d)) best(members, 1);
    });
    const pool = [...chosen].sort((a, b) => a - b);
    return {
      p,
      pool,
      utility: pool.map(value),
      forced: index.pins[mi].include.get(p) ?? [],
      previous: state.previous[p],
      continuable: settings.lookAhead ? continuableFlags(input, p) : null,
      drop: new Set(),
    };
  });
  // The same joint model as the planner's fallback (every cabal's rows, one cabal per person), on these pools.
  return solveJoint(input, specs, backend).members;
}

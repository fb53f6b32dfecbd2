import { holdsSkill } from '../domain/skills.ts';
import type { RuleName } from '../domain/plan.ts';
import type { PlannerIndex } from './context.ts';
import { addCabal, type CabalSpec } from './cabal-model.ts';
import { allowed, blockBits, continuableFlags, STRICT, type EligibilityMode, type MonthInput } from './eligibility.ts';
import { emptyModel, type Backend } from './model.ts';
import { mustRest } from './rules/max-consecutive-months.ts';
import { addOneCabalRows } from './rules/one-cabal-per-month.ts';
import { unavailableIn } from './rules/unavailable.ts';
import { searchSeats } from './seat-search.ts';
import { noise } from './tie-break.ts';
import { DEPARTMENT_REWARD, plannerWeights, scoreSeat, TopK } from './objective.ts';
import { indexFairShare, seatFacts } from './seat-facts.ts';

export type { MonthInput } from './eligibility.ts';

/** The month's cabals (members by problem index), or the problem that could not be staffed. */
export type MonthOutcome =
  { status: 'planned'; cabals: (number[] | undefined)[] } | { status: 'failed'; problem: number };

/**
 * How many problems each person is offered to; offering each person to their best few beats per-problem top lists.
 * Six, not four: cabal by cabal, a person whose four problems were staffed earlier in the month was left out however
 * little they had served. With six, on the generated studios of seed 11, the Gini of months served fell from 0.090 to
 * 0.076 at 3000 × 150 (the reference's is 0.076) and from 0.080 to 0.074 at 2000 × 100, with skill fit and new pairs
 * as good or better; at 1000 × 50 it rose from 0.071 to 0.074 (the reference's 0.071). Eight did as well at 3000 but
 * cost 15 % more time and 0.006 of new-pair share on small studios.
 */
const OFFERS_PER_PERSON = 6;
/** Candidates kept per cabal before quota coverage is added. */
const POOL_SIZE = 32;
/** Top holders (by level) of each required skill always in a cabal's pool. */
const TOP_HOLDERS = 8;
/** Extra candidates kept beyond each quota, so a cabal has room to choose. */
const MARGIN = 3;
/** Utility taken off a seat for someone who is another cabal's carry-over candidate, until that cabal is staffed. */
const CARRY_PRICE = 1.5;
/** Utility taken off a seat for someone a cabal staffed earlier already holds (used only in repair). */
const EVICTION_PRICE = 6;
/**
 * A month with at most this many active cabals is staffed as one joint model with HiGHS over the same pools (about 40
 * seat variables a cabal), as the `highs` backend does, instead of cabal by cabal: on small studios the cabal that
 * comes last covered its quotas with people who had served more. On 70 generated studios of 60 to 300 people and 4
 * to 20 problems (seeds 1-5, 21-25) the mean Gini of months served against the reference fell from +0.007 to +0.002
 * for about 0.2 s more a plan; larger months stay sequential, where the joint model costs several times more.
 */
const JOINT_CABALS = 12;
/** Above this many seat variables, the exact month model falls back to wide pools rather than everyone. */
export const EXACT_LIMIT = 60000;

/** Problems active in the month, by index. */
export function activeProblems(input: MonthInput): number[] {
  return input.index.problems.flatMap((_, p) => (input.index.active[input.mi][p] ? [p] : []));
}

/** What every seat of a month is scored with, looked up once per month rather than once per seat. */
interface MonthScoring {
  weights: ReturnType<typeof plannerWeights>;
  share: number;
  reserve: Float64Array;
}

const monthScorings = new WeakMap<MonthInput, MonthScoring>();

function monthScoring(input: MonthInput): MonthScoring {
  let scoring = monthScorings.get(input);
  if (scoring === undefined) {
    const { index } = input;
    scoring = {
      weights: plannerWeights(index.request.policy.weights),
      share: indexFairShare(index),
      reserve: reservePrices(input),
    };
    monthScorings.set(input, scoring);
  }
  return scoring;
}

/**
 * One utility per seat: the constant 1 (a fuller cabal is better while fresh people remain), the soft goals of
 * `scoreSeat` (objective.ts, shared with the reference planner and the lead's candidates), minus the quota reserve
 * price (`reservePrices`), plus seeded tie-break noise below 0.01. Without the network part (`withNetwork` false) the
 * utility is an upper bound on the one with it, since meeting known people only lowers a seat's score.
 */
export function seatUtility(input: MonthInput, i: number, p: number, withNetwork: boolean): number {
  return problemUtility(input, p)(i, withNetwork);
}

/** `seatUtility` for the seats of one problem, with the month's weights, fair share and prices looked up once. */
function problemUtility(input: MonthInput, p: number): (i: number, withNetwork: boolean) => number {
  const { weights, share, reserve } = monthScoring(input);
  const { index, state, seed, mi } = input;
  const affected = index.affected[p];
  return (i, withNetwork) => {
    const score = scoreSeat(seatFacts(index, state, i, p, withNetwork, share), weights).total;
    return 1 + score - reserve[2 * p + affected[i]] + 0.01 * noise(seed, mi, i, p);
  };
}

/** What a quota seat beyond the minimum may cost when few fresh people can fill that quota in the months left. */
const RESERVE_PRICE = 0.5;
const reserveCache = new WeakMap<MonthInput, Float64Array>();

/**
 * Per problem p, the price of a seat for an outsider (slot 2p) and an affected person (slot 2p + 1): RESERVE_PRICE
 * times the share of the group's least-served people that the problem's quota needs over its remaining months. On a
 * problem whose affected department is small, seating more affected people than needed now leaves later months to
 * seat them twice; the price makes the month spend the scarce group last (case-01: everyone serves once).
 */
export function reservePrices(input: MonthInput): Float64Array {
  let prices = reserveCache.get(input);
  if (prices !== undefined) return prices;
  const { index, state, mi } = input;
  const N = index.people.length;
  const P = index.problems.length;
  prices = new Float64Array(2 * P);
  let least = Infinity;
  let atLeast = 0;
  for (let i = 0; i < N; i++) {
    if (unavailableIn(index, mi, i)) continue;
    const s = state.servedInPlan[i];
    if (s < least) [least, atLeast] = [s, 1];
    else if (s === least) atLeast++;
  }
  for (let p = 0; p < P; p++) {
    if (!index.active[mi][p]) continue;
    const problem = index.problems[p];
    let left = 0;
    for (let t = mi; t < index.months.length; t++) if (index.active[t][p]) left++;
    let groupLeast = Infinity;
    let affectedAtLeast = 0;
    let affectedAtGlobal = 0;
    for (const i of index.affectedList[p]) {
      if (unavailableIn(index, mi, i)) continue;
      const s = state.servedInPlan[i];
      if (s === least) affectedAtGlobal++;
      if (s < groupLeast) [groupLeast, affectedAtLeast] = [s, 1];
      else if (s === groupLeast) affectedAtLeast++;
    }
    const share = (demand: number, supply: number): number =>
      demand <= 0 ? 0 : RESERVE_PRICE * Math.min(1, demand / Math.max(1, supply));
    prices[2 * p] = share(problem.minOutsiders * left, atLeast - affectedAtGlobal);
    prices[2 * p + 1] = share(problem.minAffected * left, affectedAtLeast);
  }
  reserveCache.set(input, prices);
  return prices;
}

/** Builds a cabal's candidate pool: the offered people, then enough extra candidates to cover every quota. */
export function buildPool(
  input: MonthInput,
  p: number,
  offered: number[],
  usable: (i: number) => boolean,
  size: number,
  mode: EligibilityMode,
  margin = MARGIN,
): CabalSpec {
  const { index, state } = input;
  const problem = index.problems[p];
  const chosen = new Set<number>();
  const utility = new Map<number, number>();
  const utilityOf = problemUtility(input, p);
  const score = (i: number): number => {
    let u = utility.get(i);
    if (u === undefined) {
      u = utilityOf(i, true);
      utility.set(i, u);
    }
    return u;
  };
  const best = (candidates: readonly number[], k: number): number[] =>
    bestSeats(
      candidates,
      k,
      (i) => !chosen.has(i) && usable(i),
      (i) => utilityOf(i, false),
      score,
    );
  const take = (candidates: readonly number[], count: number, have: number): void => {
    if (have >= count) return;
    for (const i of best(candidates, count - have)) chosen.add(i);
  };
  const count = (test: (i: number) => boolean): number => {
    let n = 0;
    for (const i of chosen) if (test(i)) n++;
    return n;
  };
  const forced = mode.drop.has('pins') ? [] : (index.pins[input.mi].include.get(p) ?? []);
  for (const i of forced) if (usable(i)) chosen.add(i);
  const previous = state.previous[p];
  if (previous !== undefined) for (const i of previous) if (usable(i)) chosen.add(i);
  for (const i of best(offered, size)) chosen.add(i);
  const affected = index.affected[p];
  take(
    index.affectedList[p],
    problem.minAffected + margin,
    count((i) => affected[i] === 1),
  );
  take(
    outsiders(index, p, chosen),
    problem.minOutsiders + margin,
    count((i) => affected[i] === 0),
  );
  problem.requiredSkills.forEach((r, s) => {
    // The top holders of each required skill (by level) are always candidates, as in the reference's pools.
    let top = 0;
    for (const i of index.holders[p][s]) {
      if (top >= TOP_HOLDERS) break;
      if (usable(i)) {
        chosen.add(i);
        top++;
      }
    }
    const holds = (i: number): boolean => holdsSkill(index.people[i], r);
    take(index.holders[p][s].slice(0, 400), margin, count(holds));
  });
  const present = new Set([...chosen].map((i) => index.department[i]));
  if (present.size < problem.minDepartments + margin) {
    // A sample of each missing department is enough to offer one member; scoring whole departments cost O(N) a cabal.
    index.departmentMembers.forEach((members, d) => {
      if (present.has(d)) return;
      const before = chosen.size;
      take(sample(members, 64, p), 1, 0);
      if (chosen.size === before && members.length > 64) take(members, 1, 0);
    });
  }
  const pool = [...chosen].sort((a, b) => a - b);
  return {
    p,
    pool,
    utility: pool.map(score),
    forced,
    previous,
    continuable: mode.lookAhead ? continuableFlags(input, p, pool) : null,
    drop: mode.drop,
    departmentReward: DEPARTMENT_REWARD * index.request.policy.weights.network,
  };
}

/**
 * The best `k` candidates that pass `keep`, by `score` (highest first, then the lower index): the same people as
 * scoring and sorting them all, but a candidate is scored only when its `upper` bound (≥ its score) could still beat
 * the k-th best found. Candidates are visited by upper bound, so the walk stops at the first bound below the k-th
 * score (a bound equal to it may still win on the index). O(n) cheap bounds, a heap, and a few exact scores instead
 * of n exact scores and a sort; the classic lazy evaluation of a top-k query against an admissible bound.
 */
export function bestSeats(
  candidates: readonly number[],
  k: number,
  keep: (i: number) => boolean,
  upper: (i: number) => number,
  score: (i: number) => number,
): number[] {
  if (k <= 0 || candidates.length === 0) return [];
  const n = candidates.length;
  const bound = new Float64Array(n);
  // A binary max-heap of positions by (bound, then the lower person index), built in O(n) and popped lazily: the
  // walk usually stops after a few dozen of the candidates, so sorting them all is wasted.
  const heap = new Int32Array(n);
  for (let c = 0; c < n; c++) {
    bound[c] = upper(candidates[c]);
    heap[c] = c;
  }
  const above = (a: number, b: number): boolean =>
    bound[a] > bound[b] || (bound[a] === bound[b] && candidates[a] < candidates[b]);
  let size = n;
  const sift = (from: number): void => {
    const c = heap[from];
    let h = from;
    for (;;) {
      let child = 2 * h + 1;
      if (child >= size) break;
      if (child + 1 < size && above(heap[child + 1], heap[child])) child++;
      if (!above(heap[child], c)) break;
      heap[h] = heap[child];
      h = child;
    }
    heap[h] = c;
  };
  for (let h = (n >> 1) - 1; h >= 0; h--) sift(h);
  const top: number[] = [];
  const topScore: number[] = [];
  while (size > 0) {
    const c = heap[0];
    heap[0] = heap[--size];
    sift(0);
    if (top.length === k && bound[c] < topScore[k - 1]) break;
    const i = candidates[c];
    if (!keep(i)) continue;
    const s = score(i);
    let at = top.length;
    while (at > 0 && (topScore[at - 1] < s || (topScore[at - 1] === s && top[at - 1] > i))) at--;
    if (at >= k) continue;
    top.splice(at, 0, i);
    topScore.splice(at, 0, s);
    if (top.length > k) {
      top.pop();
      topScore.pop();
    }
  }
  return top;
}

/** Up to n members of a list, evenly spaced from an offset, so that different problems sample different people. */
function sample(list: number[], n: number, offset: number): number[] {
  if (list.length <= n) return list;
  const step = list.length / n;
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push(list[Math.floor((offset % step) + k * step) % list.length]);
  return out;
}

/** Candidate outsiders, sampled across the studio rather than scanned whole, since nearly everyone is one. */
function outsiders(index: PlannerIndex, p: number, chosen: Set<number>): number[] {
  const affected = index.affected[p];
  const out: number[] = [];
  const N = index.people.length;
  const step = Math.max(1, Math.floor(N / 400));
  for (let start = p % step, i = start; i < N; i += step) if (!affected[i] && !chosen.has(i)) out.push(i);
  return out;
}

/**
 * Solves one cabal on its own, exactly: by the seat search (seat-search.ts), and by the backend's MILP only when the
 * search passes its node budget. The members chosen, or undefined when the pool cannot staff it.
 */
export function solveCabal(input: MonthInput, spec: CabalSpec, backend: Backend): number[] | undefined {
  const model = emptyModel();
  const seats = addCabal(model, input.index, spec);
  const outcome = searchSeats(model) ?? backend.solve(model);
  if (outcome.status !== 'solved') return undefined;
  return spec.pool.filter((_, k) => outcome.values[seats[k]] > 0.5);
}

/** Solves several cabals jointly (one cabal per person); members by cabal, or undefined when infeasible or failed. */
export function solveJoint(
  input: MonthInput,
  specs: CabalSpec[],
  backend: Backend,
): { members?: number[][]; infeasible: boolean } {
  const model = emptyModel();
  const seats = specs.map((spec) => addCabal(model, input.index, spec));
  addOneCabalRows(
    model,
    specs.map((s) => s.pool),
    seats,
  );
  const outcome = backend.solve(model);
  if (outcome.status !== 'solved') return { infeasible: outcome.status === 'infeasible' };
  return {
    members: specs.map((spec, c) => spec.pool.filter((_, k) => outcome.values[seats[c][k]] > 0.5)),
    infeasible: false,
  };
}

/** Per index: each required skill's name → the problems requiring it (a Map: skill names are user-supplied). */
const problemsBySkill = new WeakMap<PlannerIndex, Map<string, number[]>>();

function skillProblems(index: PlannerIndex): Map<string, number[]> {
  let bySkill = problemsBySkill.get(index);
  if (bySkill === undefined) {
    bySkill = new Map();
    index.problems.forEach((problem, p) => {
      for (const r of problem.requiredSkills) {
        const list = bySkill!.get(r.skill) ?? [];
        if (list.at(-1) !== p) list.push(p);
        bySkill!.set(r.skill, list);
      }
    });
    problemsBySkill.set(index, bySkill);
  }
  return bySkill;
}

/** Per index: each person's problems that require one of their skills, each once, by skill then problem. */
const personProblems = new WeakMap<PlannerIndex, Int32Array[]>();

function personSkillProblems(index: PlannerIndex): Int32Array[] {
  let lists = personProblems.get(index);
  if (lists === undefined) {
    const bySkill = skillProblems(index);
    const seen = new Int32Array(index.problems.length).fill(-1);
    lists = index.people.map((person, i) => {
      const list: number[] = [];
      for (const skill of Object.keys(person.skills))
        for (const p of bySkill.get(skill) ?? []) {
          if (seen[p] === i) continue;
          seen[p] = i;
          list.push(p);
        }
      return Int32Array.from(list);
    });
    personProblems.set(index, lists);
  }
  return lists;
}

/**
 * Offers each eligible person to the few active problems where they are worth most (OFFERS_PER_PERSON), without
 * scoring every person for every problem: a problem can beat the plain "fresh, no skill" score only through the
 * person's skills, so those problems are scored first, and the rest are visited from a seeded starting point (the
 * tie-break) until a bounded heap (`TopK`) holds enough offers that no unvisited problem could enter. O(N × (skills
 * problems + k)) a month instead of O(N × P log P).
 */
function offer(input: MonthInput, problems: number[], mode: EligibilityMode): Map<number, number[]> {
  const { index, state, mi } = input;
  const offered = new Map<number, number[]>(problems.map((p) => [p, []]));
  const N = index.people.length;
  const L = problems.length;
  const position = new Int32Array(index.problems.length).fill(-1);
  problems.forEach((p, k) => (position[p] = k));
  const skillProblemsOf = personSkillProblems(index);
  const weights = plannerWeights(index.request.policy.weights);
  const heap = new TopK(Math.min(OFFERS_PER_PERSON, L));
  const seen = new Int32Array(L).fill(-1);
  const P = index.problems.length;
  const share = indexFairShare(index);
  for (let i = 0; i < N; i++) {
    // The rules that block a person whatever the problem, asked once per person rather than once per problem.
    if (!mode.drop.has('unavailable') && unavailableIn(index, mi, i)) continue;
    if (!mode.drop.has('max-consecutive-months') && mustRest(index, state, i)) continue;
    heap.clear();
    // The walk starts at a seeded position; keys are walk positions, so equal scores keep the earlier-visited problem.
    const start = Math.floor(noise(input.seed, mi, i, -1) * L);
    const key = (k: number): number => (k - start + L) % L;
    // One facts object per person: only the problem's own facts change from problem to problem.
    const facts = seatFacts(index, state, i, problems[start], false, share);
    const consider = (k: number): void => {
      if (seen[k] === i) return;
      seen[k] = i;
      const p = problems[k];
      if (!allowed(blockBits(input, i, p), mode)) return;
      facts.newToProblem = state.servedOnProblem[i * P + p] === 0;
      facts.skillLevel = index.skillFit(p, i);
      heap.push(key(k), scoreSeat(facts, weights).total);
    };
    for (const p of skillProblemsOf[i]) if (position[p] >= 0) consider(position[p]);
    // No problem outside the skill list scores above "fresh, no skill"; once the heap's worst reaches that, stop.
    const plain = scoreSeat({ ...facts, newToProblem: true, skillLevel: 0 }, weights).total;
    for (let step = 0; step < L && heap.threshold < plain; step++) consider((start + step) % L);
    for (const k of heap.sorted()) offered.get(problems[(k + start) % L])!.push(i);
  }
  return offered;
}

/** Orders cabals most-constrained first: fewest eligible candidates per seat a quota or a skill demands. */
function mostConstrainedFirst(input: MonthInput, problems: number[], mode: EligibilityMode): number[] {
  const { index } = input;
  const tightness = new Map<number, number>();
  for (const p of problems) {
    const problem = index.problems[p];
    const ok = (i: number): boolean => allowed(blockBits(input, i, p), mode);
    // The tightness is the least of the eligible affected per affected seat and each skill's eligible holders. Each
    // count stops once it is no tighter than what is already known: the holders against the affected list's length
    // (at least the eligible affected), then the affected against the tightest holders.
    const minAffected = Math.max(1, problem.minAffected);
    let t = index.affectedList[p].length / minAffected;
    for (const holders of index.holders[p]) {
      let n = 0;
      for (const i of holders) if (ok(i) && ++n >= t) break;
      t = Math.min(t, n);
    }
    let affected = 0;
    const enough = t * minAffected;
    for (const i of index.affectedList[p]) if (ok(i) && ++affected >= enough) break;
    t = Math.min(t, affected / minAffected);
    if (index.pins[input.mi].include.has(p)) t = Math.min(t, 0.5);
    tightness.set(p, t);
  }
  return [...problems].sort((a, b) => tightness.get(a)! - tightness.get(b)! || a - b);
}

/**
 * Plans one month. The default backend staffs cabals one small MILP at a time, most-constrained first, each over a
 * pool pruned from the people offered to it; scarce skill holders carry a price so early cabals leave them to the
 * cabals that need them. HiGHS solves the same pools as one joint model, and so does the default backend in a month
 * of at most JOINT_CABALS cabals. Either way, a failure falls back to the exact joint model over every eligible person
 * before the month is declared unplannable.
 */
export function planMonth(input: MonthInput): MonthOutcome {
  const { index } = input;
  const problems = activeProblems(input);
  const cabals: (number[] | undefined)[] = new Array(index.problems.length).fill(undefined);
  if (problems.length === 0) return { status: 'planned', cabals };
  const offered = offer(input, problems, STRICT);
  const joint =
    input.backend.name === 'highs' ? input.backend : problems.length <= JOINT_CABALS ? input.exact : undefined;
  let planned =
    joint !== undefined
      ? planJointly(input, problems, offered, joint, POOL_SIZE + 8)
      : planSequentially(input, problems, offered);
  // The pooled joint model is the next resort: exact on the pools, and far smaller than the whole month.
  if (planned === undefined && input.exact !== undefined)
    planned = planJointly(input, problems, offered, input.exact, POOL_SIZE * 3);
  if (planned !== undefined) {
    problems.forEach((p, k) => (cabals[p] = planned[k]));
    return { status: 'planned', cabals };
  }
  const exact = planExactly(input, problems);
  if (exact !== undefined) {
    problems.forEach((p, k) => (cabals[p] = exact[k]));
    return { status: 'planned', cabals };
  }
  return { status: 'failed', problem: mostConstrainedFirst(input, problems, { drop: new Set(), lookAhead: false })[0] };
}

function planSequentially(
  input: MonthInput,
  problems: number[],
  offered: Map<number, number[]>,
): number[][] | undefined {
  const { index } = input;
  // owner[i] is the problem index + 1 of the cabal that took person i this month, 0 while free.
  const owner = new Int32Array(index.people.length);
  const pricedBy = scarcityPrices(input, problems);
  const carryFor = carryCandidates(input, problems);
  const result = new Map<number, number[]>();
  const adjust = (p: number, spec: CabalSpec): void => {
    const required = index.problems[p].requiredSkills;
    spec.utility = spec.utility.map((u, k) => {
      const i = spec.pool[k];
      let v = u;
      // Both prices protect a cabal still to be staffed; once it is, the person is free like anyone else (a price
      // kept after that seated people who had served more in their place and raised the Gini of small studios).
      const priced = pricedBy.get(i);
      if (priced !== undefined && !required.some((r) => holdsSkill(index.people[i], r)))
        for (const [q, price] of priced) if (!result.has(q)) v -= price;
      // Last month's members are another cabal's carry-over: leave them to it unless nobody else will do.
      const home = carryFor.get(i);
      if (home !== undefined && home !== p && !result.has(home)) v -= CARRY_PRICE;
      if (owner[i] !== 0 && owner[i] !== p + 1) v -= EVICTION_PRICE;
      return v;
    });
  };
  const staff = (p: number, mayEvict: boolean): number[] | undefined => {
    for (const mode of [STRICT, { drop: new Set<RuleName>(), lookAhead: false }]) {
      const usable = (i: number): boolean =>
        (mayEvict || owner[i] === 0 || owner[i] === p + 1) && allowed(blockBits(input, i, p), mode);
      for (const size of mayEvict ? [POOL_SIZE * 3] : [POOL_SIZE, POOL_SIZE * 3]) {
        const spec = buildPool(input, p, offered.get(p)!, usable, size, mode);
        adjust(p, spec);
        const members = solveCabal(input, spec, input.backend);
        if (members !== undefined) return members;
      }
    }
    return undefined;
  };
  const seat = (p: number, members: number[]): void => {
    for (const i of members) owner[i] = p + 1;
    result.set(p, members);
  };
  for (const p of mostConstrainedFirst(input, problems, STRICT)) {
    const members = staff(p, false);
    if (members !== undefined) {
      seat(p, members);
      continue;
    }
    // Repair: take the people this cabal needs from cabals staffed earlier, then re-staff those cabals without them.
    const needed = staff(p, true);
    if (needed === undefined) return undefined;
    const victims = new Set(needed.flatMap((i) => (owner[i] !== 0 ? [owner[i] - 1] : [])));
    for (const q of victims) {
      for (const i of result.get(q)!) if (owner[i] === q + 1) owner[i] = 0;
      result.delete(q);
    }
    seat(p, needed);
    for (const q of victims) {
      const again = staff(q, false);
      if (again === undefined) return undefined;
      seat(q, again);
    }
  }
  return problems.map((p) => result.get(p)!);
}

/** Who sat on each active cabal last month: each is a carry-over candidate for that cabal. */
function carryCandidates(input: MonthInput, problems: number[]): Map<number, number> {
  const home = new Map<number, number>();
  for (const p of problems) for (const i of input.state.previous[p] ?? []) home.set(i, p);
  return home;
}

/**
 * A price on holders of skills that few eligible people hold, so cabals that do not need the skill leave them be: per
 * holder, each problem that needs their skill with the price it puts on them (1 / its eligible holders).
 */
function scarcityPrices(input: MonthInput, problems: number[]): Map<number, [problem: number, price: number][]> {
  const { index } = input;
  const price = new Map<number, [number, number][]>();
  for (const p of problems) {
    for (const holders of index.holders[p]) {
      // Only skills with at most 40 eligible holders are priced, so counting stops at 41.
      const eligible: number[] = [];
      for (const i of holders) {
        if (!allowed(blockBits(input, i, p), STRICT)) continue;
        eligible.push(i);
        if (eligible.length > 40) break;
      }
      if (eligible.length > 40) continue;
      for (const i of eligible) {
        const list = price.get(i);
        if (list === undefined) price.set(i, [[p, 1 / eligible.length]]);
        else list.push([p, 1 / eligible.length]);
      }
    }
  }
  return price;
}

function planJointly(
  input: MonthInput,
  problems: number[],
  offered: Map<number, number[]>,
  backend: Backend,
  size: number,
): number[][] | undefined {
  for (const mode of [STRICT, { drop: new Set<RuleName>(), lookAhead: false }]) {
    const specs = problems.map((p) =>
      buildPool(input, p, offered.get(p)!, (i) => allowed(blockBits(input, i, p), mode), size, mode),
    );
    const joint = solveJoint(input, specs, backend);
    if (joint.members !== undefined) return joint.members;
  }
  return undefined;
}

/** The exact month model over every eligible person, with and then without the look-ahead. */
function planExactly(input: MonthInput, problems: number[]): number[][] | undefined {
  const backend = input.exact ?? input.backend;
  for (const lookAhead of [true, false]) {
    const joint = solveJoint(input, monthSpecs(input, problems, { drop: new Set(), lookAhead }), backend);
    if (joint.members !== undefined) return joint.members;
  }
  return undefined;
}

/**
 * The cabals of a month for an exact joint model: over everyone eligible when that stays under EXACT_LIMIT seat
 * variables, else over wide pools (every quota covered forty deep), which keeps large studios tractable.
 */
export function monthSpecs(input: MonthInput, problems: number[], mode: EligibilityMode): CabalSpec[] {
  const everyone = problems.length * input.index.people.length;
  return problems.map((p) =>
    everyone <= EXACT_LIMIT
      ? fullSpec(input, p, mode)
      : buildPool(input, p, [], (i) => allowed(blockBits(input, i, p), mode), 0, mode, 40),
  );
}

/** A cabal over every person the mode allows, for proofs and diagnosis. */
export function fullSpec(input: MonthInput, p: number, mode: EligibilityMode): CabalSpec {
  const { index } = input;
  const pool: number[] = [];
  for (let i = 0; i < index.people.length; i++) if (allowed(blockBits(input, i, p), mode)) pool.push(i);
  const utilityOf = problemUtility(input, p);
  return {
    p,
    pool,
    utility: pool.map((i) => utilityOf(i, false)),
    forced: mode.drop.has('pins') ? [] : (index.pins[input.mi].include.get(p) ?? []),
    previous: input.state.previous[p],
    continuable: mode.lookAhead ? continuableFlags(input, p, pool) : null,
    drop: mode.drop,
    departmentReward: DEPARTMENT_REWARD * index.request.policy.weights.network,
  };
}

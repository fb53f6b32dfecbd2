import { isActiveIn } from '../domain/types.ts';
import { monthRange } from '../domain/month.ts';
import type { PlanRequest } from '../domain/plan.ts';
import type { GoalWeights } from '../domain/types.ts';

/**
 * The soft goals of one seat, the one home of the planner's objective: the planner's models, the reference planner of
 * the benchmark and the lead's ranked replacement candidates all score a seat through `scoreSeat`.
 */
export interface SeatFacts {
  /** Months served within the plan before this month. */
  planMonths: number;
  /** Months served in the published history. */
  historyMonths: number;
  /** Months each person would serve if every cabal of the horizon were full (`fairShare`); > 0. */
  fairShare: number;
  /** Never sat on this problem's cabal before. */
  newToProblem: boolean;
  /** Mean level (0..3) in the problem's required skills, 0 for a skill the person lacks; 0 when it requires none. */
  skillLevel: number;
  /** Share (0..1) of the people they would sit with (last month's members, or the cabal) whom they have met. */
  metShare: number;
  /** Whether the person brings a department the cabal does not have yet (undefined when not known, as in offers). */
  departmentAdded?: boolean;
}

/** A seat's score split into its weighted parts; `total` is their sum. Every part is already multiplied by its weight. */
export interface SeatScore {
  fairness: number;
  freshness: number;
  skillFit: number;
  network: number;
  department: number;
  total: number;
}

/**
 * What a department the cabal lacks is worth, against up to about 5 for the four goals together: enough to spread a
 * cabal over departments among equals (case-01), small because every 0.1 cost about 0.04 of mean skill fit.
 */
export const DEPARTMENT_REWARD = 0.03;

/**
 * The fairness term of a seat: linear in months served, +1 for someone nobody has seated yet, 0 at half the fair share
 * and -1 at the fair share; history months count half, and someone who has never served (history included) gets +0.5.
 * A linear term keeps skill holders from piling up seats (a concave 1/(1+n) reward raised the Gini by 0.04 at 3000
 * people), and counting history only half keeps last year's seats from outweighing this plan's fairness.
 */
export function fairnessTerm(planMonths: number, historyMonths: number, fairShare: number): number {
  const served = planMonths + 0.5 * historyMonths;
  const bonus = planMonths + historyMonths === 0 ? 0.5 : 0;
  return 1 - (2 * served) / Math.max(fairShare, 1e-9) + bonus;
}

/**
 * Scores one seat under the policy weights (each ≥ 0): fairness (`fairnessTerm`), freshness (1 when new to the
 * problem), skill fit (mean level / 3, so 0..1) and network (minus the share of met co-members), plus a small reward
 * for a department the cabal lacks. Pure; the same facts always give the same score.
 */
export function scoreSeat(facts: SeatFacts, weights: GoalWeights): SeatScore {
  const fairness = weights.fairness * fairnessTerm(facts.planMonths, facts.historyMonths, facts.fairShare);
  const freshness = weights.freshness * (facts.newToProblem ? 1 : 0);
  const skillFit = weights.skillFit * (facts.skillLevel / 3);
  const network = -weights.network * facts.metShare;
  const department = facts.departmentAdded === true ? DEPARTMENT_REWARD * weights.network : 0;
  return {
    fairness,
    freshness,
    skillFit,
    network,
    department,
    total: fairness + freshness + skillFit + network + department,
  };
}

/** How much more skill fit counts in the planner than the policy weight says (the reference counts it once). */
export const SKILL_EMPHASIS = 1.2;

/**
 * How much freshness counts in the planner against the policy weight (the reference counts it once). Being new to a
 * problem is worth a whole point, more than a month served at most fair shares, so at full weight a cabal took a fresh
 * face who had served more over one who had served less but had sat on the problem before. At 0.8, on 70 small
 * generated studios (60 to 300 people, 4 to 20 problems; seeds 1-5, 21-25), those more than 0.01 behind the
 * reference's Gini of months served fell from 19 to 12, and on 70 held-out ones (seeds 6-15) from 13 to 12, with skill
 * fit 1.03-1.05 -> 1.08 × the reference's and new pairs as good.
 */
export const FRESHNESS_EMPHASIS = 0.8;

/**
 * The weights the planner (and the lead's candidate ranking) score with: the policy's, with skill fit counted
 * SKILL_EMPHASIS times and freshness FRESHNESS_EMPHASIS times. Staffing cabal by cabal spreads skill holders thinner than the reference's joint month does:
 * at equal weights mean skill fit was 1.14 against the reference's 1.24 on 1000 × 50 (seed 3); at 1.2 times the
 * weight (and without the old price on met pairs in the pool) 1.23, with the Gini of months served 0.070 against the
 * reference's 0.065. Much more emphasis (1.4 and up) raised the Gini past the reference's + 0.01 on small studios.
 */
export function plannerWeights(weights: GoalWeights): GoalWeights {
  return { ...weights, skillFit: SKILL_EMPHASIS * weights.skillFit, freshness: FRESHNESS_EMPHASIS * weights.freshness };
}

/**
 * The fair share of a request: the months each person would serve if every cabal of the planned months were full,
 * that is the sum over planned months and active problems of `size.max`, divided by the number of people (at least 1).
 */
export function fairShare(request: Pick<PlanRequest, 'startMonth' | 'months' | 'problems' | 'people'>): number {
  let seats = 0;
  for (const month of monthRange(request.startMonth, request.months))
    for (const problem of request.problems) if (isActiveIn(problem, month)) seats += problem.size.max;
  return Math.max(seats / Math.max(1, request.people.length), 1);
}

/**
 * Keeps the `k` largest scores pushed into it, with their keys: a bounded min-heap (O(log k) per push), so the top few
 * of n items cost O(n log k) rather than a full O(n log n) sort. Ties keep the smaller key. `sorted()` lists the kept
 * keys best first.
 */
export class TopK {
  private readonly keys: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;

  /** A heap that keeps at most `k` (≥ 1) items. */
  constructor(private readonly k: number) {
    this.keys = new Int32Array(k);
    this.scores = new Float64Array(k);
  }

  /** Empties the heap for reuse. */
  clear(): void {
    this.size = 0;
  }

  /** The number of items kept. */
  get length(): number {
    return this.size;
  }

  /** The smallest kept score, or -Infinity while fewer than k items are kept (a new item must beat it to enter). */
  get threshold(): number {
    return this.size < this.k ? -Infinity : this.scores[0];
  }

  /** Offers an item; it is kept when the heap is not full or it beats the worst kept item. */
  push(key: number, score: number): void {
    if (this.size < this.k) {
      let c = this.size++;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (!this.worse(parent, score, key)) break;
        this.keys[c] = this.keys[parent];
        this.scores[c] = this.scores[parent];
        c = parent;
      }
      this.keys[c] = key;
      this.scores[c] = score;
      return;
    }
    if (score < this.scores[0] || (score === this.scores[0] && key > this.keys[0])) return;
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const m = r < this.size && this.less(r, l) ? r : l;
      if (!this.lessThan(m, score, key)) break;
      this.keys[c] = this.keys[m];
      this.scores[c] = this.scores[m];
      c = m;
    }
    this.keys[c] = key;
    this.scores[c] = score;
  }

  /** The kept keys, best score first (smaller key first among equal scores). */
  sorted(): number[] {
    const order = Array.from({ length: this.size }, (_, n) => n);
    order.sort((a, b) => this.scores[b] - this.scores[a] || this.keys[a] - this.keys[b]);
    return order.map((n) => this.keys[n]);
  }

  /** Heap slot a ranks below slot b (lower score, or equal score and larger key). */
  private less(a: number, b: number): boolean {
    return this.scores[a] < this.scores[b] || (this.scores[a] === this.scores[b] && this.keys[a] > this.keys[b]);
  }

  /** Heap slot n ranks below the item (score, key). */
  private lessThan(n: number, score: number, key: number): boolean {
    return this.scores[n] < score || (this.scores[n] === score && this.keys[n] > key);
  }

  /** The item (score, key) ranks below heap slot n, so a parent at n must move down to make room. */
  private worse(n: number, score: number, key: number): boolean {
    return score < this.scores[n] || (score === this.scores[n] && key > this.keys[n]);
  }
}

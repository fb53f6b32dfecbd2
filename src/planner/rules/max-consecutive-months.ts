import { exceedsLimit, streakThrough } from '../../domain/streaks.ts';
import type { PlanRequest } from '../../domain/plan.ts';
import { addRow, type LinearModel } from '../model.ts';
import { BLOCK, type PlannerIndex, type RollingState } from '../context.ts';
import { people, upTo, type Direction, type HardRule } from './types.ts';

/**
 * Rows of a consecutive-month limit over a window of months in a horizon model: any `limit + 1` months in a row hold
 * at most `limit` seats, the months before the window counting through `streakBefore` (the run that ended the month
 * before the window, history included). `byMonth[t]` lists the seat terms of month t of the window.
 */
export function addWindowStreakRows(
  model: LinearModel,
  name: string,
  byMonth: readonly (readonly [number, number][])[],
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

/** The "allow N consecutive months" direction of a policy limit: the limit + 1 up to + 3. */
export function raisePolicyLimit(
  policy: PlanRequest['policy'],
  name: 'maxConsecutiveMonths' | 'maxConsecutiveMonthsOnProblem',
  text: string,
  rule: 'max-consecutive-months' | 'max-consecutive-on-problem',
): Direction {
  return upTo(policy[name] + 1, policy[name] + 3).map((v) => ({
    text: text.replace('N', String(v)),
    patch: [{ op: 'add', path: '/policy', value: { ...policy, weights: { ...policy.weights }, [name]: v } }],
    rules: [rule],
  }));
}

/**
 * Whether a seat that makes a run of `run` consecutive months (the seat's month included, history counting) breaks
 * the policy's consecutive-month limit. The planner asks it with run = streak + 1 (this month), the look-ahead with
 * streak + 2 (this month and next), and the pins' look-ahead with streak + 1 + the pinned months ahead.
 */
export function breaksStreakLimit(policy: PlanRequest['policy'], run: number): boolean {
  return exceedsLimit(run, policy.maxConsecutiveMonths);
}

/**
 * Whether person i has served the policy's limit of consecutive months up to last month (history counting), so that a
 * seat this month, on any problem, would break rule 8: the rule's block, also asked once per person by the offers.
 */
export function mustRest(index: PlannerIndex, state: RollingState, i: number): boolean {
  return breaksStreakLimit(index.request.policy, state.streak[i] + 1);
}

/** Rule 8: nobody serves more consecutive months than the policy allows; published history counts toward this. */
export const maxConsecutiveMonths: HardRule = {
  id: 'max-consecutive-months',
  statement: 'Nobody serves more consecutive months than the policy allows. Published history counts toward this.',
  check({ ctx, month, distinct }) {
    const limit = ctx.request.policy.maxConsecutiveMonths;
    const out: string[] = [];
    for (const id of distinct) {
      const streak = streakThrough((m) => (ctx.seats.get(m)?.get(id)?.length ?? 0) > 0, month, false);
      if (breaksStreakLimit(ctx.request.policy, streak))
        out.push(`${id} serves ${streak} consecutive months; the limit is ${limit}`);
    }
    return out;
  },
  dependsOnEarlierMonths: true,
  block: BLOCK.streak,
  blockedPhrase: (n, policy) => `${n} resting after ${policy.maxConsecutiveMonths} consecutive months`,
  // Serving this month would make the run ending last month one longer.
  blocks: (index, state, _mi, i) => mustRest(index, state, i),
  explain({ input, everyone }) {
    return `${people(everyone.blocked.get('max-consecutive-months') ?? 0)} resting after ${input.index.request.policy.maxConsecutiveMonths} consecutive months`;
  },
  wayOuts({ input }) {
    const policy = input.index.request.policy;
    return [raisePolicyLimit(policy, 'maxConsecutiveMonths', 'allow N consecutive months', 'max-consecutive-months')];
  },
};

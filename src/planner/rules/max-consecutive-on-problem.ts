import { exceedsLimit, streakThrough } from '../../domain/streaks.ts';
import type { PlanRequest } from '../../domain/plan.ts';
import { BLOCK } from '../context.ts';
import { raisePolicyLimit } from './max-consecutive-months.ts';
import { people, type HardRule } from './types.ts';

/**
 * Whether a seat that makes a run of `run` consecutive months on one problem (the seat's month included, history
 * counting) breaks the policy's per-problem limit; asked like `breaksStreakLimit`.
 */
export function breaksProblemStreakLimit(policy: PlanRequest['policy'], run: number): boolean {
  return exceedsLimit(run, policy.maxConsecutiveMonthsOnProblem);
}

/** Rule 9: nobody serves on the same problem for more consecutive months than the policy allows. */
export const maxConsecutiveOnProblem: HardRule = {
  id: 'max-consecutive-on-problem',
  statement: 'Nobody serves on the same problem for more consecutive months than the policy allows.',
  check({ ctx, month, problem, distinct }) {
    const limit = ctx.request.policy.maxConsecutiveMonthsOnProblem;
    const out: string[] = [];
    for (const id of distinct) {
      const streak = streakThrough((m) => ctx.seats.get(m)?.get(id)?.includes(problem.id) ?? false, month, false);
      if (breaksProblemStreakLimit(ctx.request.policy, streak)) {
        out.push(`${id} serves ${streak} consecutive months on ${problem.id}; the limit is ${limit}`);
      }
    }
    return out;
  },
  dependsOnEarlierMonths: true,
  block: BLOCK.streakOnProblem,
  blockedPhrase: (n, policy) =>
    `${n} resting after ${policy.maxConsecutiveMonthsOnProblem} consecutive months on this problem`,
  blocks: (index, state, _mi, i, p) =>
    breaksProblemStreakLimit(index.request.policy, state.streakOnProblem[i * index.problems.length + p] + 1),
  explain({ input, everyone }) {
    const limit = input.index.request.policy.maxConsecutiveMonthsOnProblem;
    const resting = everyone.blocked.get('max-consecutive-on-problem') ?? 0;
    return `${people(resting)} resting after ${limit} consecutive months on this problem`;
  },
  wayOuts({ input }) {
    const policy = input.index.request.policy;
    return [
      raisePolicyLimit(
        policy,
        'maxConsecutiveMonthsOnProblem',
        'allow N consecutive months on the same problem',
        'max-consecutive-on-problem',
      ),
    ];
  },
};

import { pairKey, type PlannerIndex, type RollingState } from './context.ts';
import { fairShare, type SeatFacts } from './objective.ts';

/** The fair share of each index's request, computed once per request. */
const fairShares = new WeakMap<PlannerIndex, number>();

/**
 * The fair share (`fairShare`, objective.ts: months each person would serve if every cabal were full, ≥ 1) of the
 * index's request, computed once per index and cached for as long as the index lives.
 */
export function indexFairShare(index: PlannerIndex): number {
  let share = fairShares.get(index);
  if (share === undefined) {
    share = fairShare(index.request);
    fairShares.set(index, share);
  }
  return share;
}

/**
 * What person i has served so far, as `scoreSeat`'s fairness reads it: months in the plan, months of the published
 * history (the state's months served outside the plan), and the request's fair share.
 */
export function servedFacts(
  index: PlannerIndex,
  state: RollingState,
  i: number,
): Pick<SeatFacts, 'planMonths' | 'historyMonths' | 'fairShare'> {
  return {
    planMonths: state.servedInPlan[i],
    historyMonths: state.served[i] - state.servedInPlan[i],
    fairShare: indexFairShare(index),
  };
}

/**
 * The facts `scoreSeat` (objective.ts) reads for person i on problem p in the state's month: months served, new to the
 * problem, skill fit (mean level 0..3) and, with `withNetwork`, the share (0..1) of the problem's members last month
 * whom i has met (0 without it, or when the problem had no cabal last month). The department reward is left unset:
 * it depends on the cabal being built. Returns a fresh object each call, so callers may change its fields.
 */
export function seatFacts(
  index: PlannerIndex,
  state: RollingState,
  i: number,
  p: number,
  withNetwork: boolean,
): SeatFacts {
  const P = index.problems.length;
  let metShare = 0;
  if (withNetwork) {
    const before = state.previous[p];
    if (before !== undefined && before.length > 0) {
      let met = 0;
      for (const j of before) if (j !== i && state.met.has(pairKey(index.people.length, i, j))) met++;
      metShare = met / before.length;
    }
  }
  // One literal of one shape (no spread): this runs for every seat the pools and offers score.
  const served = servedFacts(index, state, i);
  return {
    planMonths: served.planMonths,
    historyMonths: served.historyMonths,
    fairShare: served.fairShare,
    newToProblem: state.servedOnProblem[i * P + p] === 0,
    skillLevel: index.skillFit(p, i),
    metShare,
  };
}

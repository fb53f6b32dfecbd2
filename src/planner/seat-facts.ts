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

/** Months person i served in the published history: all months served so far, less those in the plan. */
function historyMonths(state: RollingState, i: number): number {
  return state.served[i] - state.servedInPlan[i];
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
    historyMonths: historyMonths(state, i),
    fairShare: indexFairShare(index),
  };
}

/**
 * The facts `scoreSeat` (objective.ts) reads for person i on problem p in the state's month: months served, new to the
 * problem, skill fit (mean level 0..3) and, with `withNetwork`, the share (0..1) of the problem's members last month
 * whom i has met (0 without it, or when the problem had no cabal last month). `share` is the request's fair share
 * (`indexFairShare`), passed in by callers that score many seats so it is looked up once. The department reward is
 * left unset: it depends on the cabal being built. Returns a fresh object each call, so callers may change its fields.
 */
export function seatFacts(
  index: PlannerIndex,
  state: RollingState,
  i: number,
  p: number,
  withNetwork: boolean,
  share: number = indexFairShare(index),
): SeatFacts {
  const P = index.problems.length;
  let metShare = 0;
  if (withNetwork) {
    const before = state.previous[p];
    if (before !== undefined && before.length > 0) {
      const N = index.people.length;
      let met = 0;
      for (const j of before) if (j !== i && state.met.has(pairKey(N, i, j))) met++;
      metShare = met / before.length;
    }
  }
  // One literal of one shape (no spread, no lookup): this runs for every seat the pools and offers score.
  return {
    planMonths: state.servedInPlan[i],
    historyMonths: historyMonths(state, i),
    fairShare: share,
    newToProblem: state.servedOnProblem[i * P + p] === 0,
    skillLevel: index.skillFit(p, i),
    metShare,
  };
}

import type { RuleName } from '../domain/plan.ts';
import { BLOCK, type PlannerIndex, type RollingState } from './context.ts';
import type { Backend } from './model.ts';
import { BLOCKING_RULES, maxConsecutiveMonths, maxConsecutiveOnProblem, pins, unavailable } from './rules/index.ts';
import { breaksStreakLimit } from './rules/max-consecutive-months.ts';
import { breaksProblemStreakLimit } from './rules/max-consecutive-on-problem.ts';
import { pinnedOff } from './rules/pins.ts';
import { unavailableIn } from './rules/unavailable.ts';

/** Everything one month's planning needs. */
export interface MonthInput {
  index: PlannerIndex;
  state: RollingState;
  /** Month index within the horizon. */
  mi: number;
  seed: number;
  /** The default backend staffs cabals one at a time; HiGHS solves the pooled month jointly. */
  backend: Backend;
  /** HiGHS, used for the exact joint fallback and proofs; undefined when it could not be loaded. */
  exact?: Backend;
}

/** Which rules' eligibility blocks to ignore, and whether to look ahead. */
export interface EligibilityMode {
  drop: ReadonlySet<RuleName>;
  lookAhead: boolean;
}

/** Every rule kept, looking ahead: how the planner staffs a month first. */
export const STRICT: EligibilityMode = { drop: new Set(), lookAhead: true };

/**
 * The blocking bits (context.ts's BLOCK) that apply to person i for problem p in the input's month, with nothing
 * relaxed: one bit per blocking rule, each decided by that rule's module, plus the pins' look-ahead. Hot: called for
 * every person and problem the offers consider, so the rules are called directly, not through a list.
 */
export function blockBits(input: MonthInput, i: number, p: number): number {
  const { index, state, mi } = input;
  let bits = 0;
  if (unavailable.blocks!(index, state, mi, i, p)) bits |= BLOCK.unavailable;
  if (maxConsecutiveMonths.blocks!(index, state, mi, i, p)) bits |= BLOCK.streak;
  if (maxConsecutiveOnProblem.blocks!(index, state, mi, i, p)) bits |= BLOCK.streakOnProblem;
  if (pins.blocks!(index, state, mi, i, p)) bits |= BLOCK.pins;
  if (pinsAhead(input, i, p)) bits |= BLOCK.lookAhead;
  return bits;
}

/** True when serving this month would break the consecutive limits for include pins in the following months. */
function pinsAhead(input: MonthInput, i: number, p: number): boolean {
  const { index, state, mi } = input;
  const policy = index.request.policy;
  const P = index.problems.length;
  let any = 0;
  let same = 0;
  for (let k = mi + 1; k < index.pins.length; k++) {
    const pinned = index.pins[k].includeOf.get(i);
    if (pinned === undefined) break;
    any++;
    if (same === k - mi - 1 && pinned.includes(p)) same++;
  }
  if (any === 0) return false;
  return (
    breaksStreakLimit(policy, state.streak[i] + 1 + any) ||
    breaksProblemStreakLimit(policy, state.streakOnProblem[i * P + p] + 1 + same)
  );
}

const masks = new WeakMap<EligibilityMode, number>();

/** Whether the blocking bits allow a seat under a mode (the bits of the rules the mode drops are ignored). */
export function allowed(bits: number, mode: EligibilityMode): boolean {
  let mask = masks.get(mode);
  if (mask === undefined) {
    mask = mode.lookAhead ? BLOCK.lookAhead : 0;
    for (const rule of BLOCKING_RULES) if (!mode.drop.has(rule.id)) mask |= rule.block!;
    masks.set(mode, mask);
  }
  return (bits & mask) === 0;
}

/**
 * Who could still sit on problem p next month if they serve on it now: the input of the look-ahead row (carry-over
 * rule), as flags by person index; null when p is not active next month. Only `people` are examined when given (a
 * cabal's pool), so a month costs O(pool) per cabal, not O(N).
 */
export function continuableFlags(input: MonthInput, p: number, people?: readonly number[]): Uint8Array | null {
  const { index, state, mi } = input;
  if (!index.active[mi + 1]?.[p]) return null;
  const N = index.people.length;
  const P = index.problems.length;
  const policy = index.request.policy;
  const pinsNext = index.pins[mi + 1];
  const flags = new Uint8Array(N);
  const before = new Set(state.previous[p] ?? []);
  const check = (i: number): void => {
    if (unavailableIn(index, mi + 1, i)) return;
    // Serving now and next month: two more months on the run that ended last month.
    if (breaksStreakLimit(policy, state.streak[i] + 2)) return;
    const onProblem = before.has(i) ? state.streakOnProblem[i * P + p] + 1 : 1;
    if (breaksProblemStreakLimit(policy, onProblem + 1)) return;
    if (pinnedOff(pinsNext, N, i, p)) return;
    flags[i] = 1;
  };
  if (people === undefined) for (let i = 0; i < N; i++) check(i);
  else for (const i of people) check(i);
  return flags;
}

import type { Month } from '../../domain/month.ts';
import type { Person, Policy, Problem } from '../../domain/types.ts';
import type { RuleName, WayOut } from '../../domain/plan.ts';
import type { CabalSpec } from '../cabal-model.ts';
import type { CheckContext } from '../check.ts';
import type { PlannerIndex, RollingState } from '../context.ts';
import type { LinearModel } from '../model.ts';
import type { MonthInput } from '../month-planner.ts';

/** One cabal as the checker sees it: a month, an active problem and the members listed for it. */
export interface CabalUnderCheck {
  ctx: CheckContext;
  month: Month;
  problem: Problem;
  /** Member ids as listed (a duplicate stays in). */
  members: readonly string[];
  /** Member ids, each once. */
  distinct: ReadonlySet<string>;
  /** The members who are people of the request (an unknown id is reported by the checker itself). */
  known: readonly Person[];
}

/** People counted by why they may not serve on a cabal this month (one person may have several reasons). */
export interface Tally {
  eligible: number[];
  /** How many each blocking rule keeps off the seat, by rule (a rule that blocks nobody is absent). */
  blocked: Map<RuleName, number>;
}

/** The cabal the diagnosis found unplannable, with the counting helpers its explanations share. */
export interface FailingCabal {
  input: MonthInput;
  /** Problem index. */
  p: number;
  /** False when the conflict spans the month's cabals (one-cabal-per-month is part of it). */
  isolated: boolean;
  /** The problems active in the failing month, by index. */
  active: number[];
  /** Everyone, tallied for the failing problem. */
  everyone: Tally;
  /** The people matching a test, tallied for problem `q` by why they may not serve. */
  tally(q: number, test: (i: number) => boolean): Tally;
  /** "3 eligible (2 resting after 3 consecutive months, 1 unavailable)". */
  describe(t: Tally): string;
  /** Up to five person ids, then "and N more". */
  ids(people: readonly number[]): string;
}

/**
 * The candidate changes of one direction, nearest first, each relaxing the rule further than the one before; the
 * diagnosis tries the widest first and keeps the nearest that works.
 */
export type Direction = WayOut[];

/** Why a person may not take a seat, as the month planner's state has it; true blocks. */
export type Blocks = (index: PlannerIndex, state: RollingState, mi: number, i: number, p: number) => boolean;

/**
 * One hard rule of PRODUCT.md, in one place, as a Timefold constraint provider gives each constraint one function:
 * its name as plan-format.md spells it, its check on a plan, the rows it adds to one cabal's model, how it blocks a
 * person from a seat, and how a conflict on it is explained and relaxed.
 */
export interface HardRule {
  /** The rule name of plan-format.md, used in violations and conflicts. */
  readonly id: RuleName;
  /** PRODUCT.md's wording of the rule. */
  readonly statement: string;
  /** The rule's violations in one cabal, as details (the checker adds rule, month and problem). */
  check(cabal: CabalUnderCheck): string[];
  /**
   * Adds the rule's rows for one cabal to a model; `seats[k]` is the seat variable of `spec.pool[k]`. Called only when
   * the rule is not in `spec.drop`. Rules that act across cabals or months have none here (see their modules).
   */
  addCabalRows?(model: LinearModel, index: PlannerIndex, spec: CabalSpec, seats: readonly number[]): void;
  /** The eligibility bit (context.ts's BLOCK) this rule sets when it keeps a person off a seat. */
  readonly block?: number;
  /** Whether this rule keeps person i off problem p's seat in month mi (hot: no allocation). */
  readonly blocks?: Blocks;
  /** How the people this rule keeps off a seat are counted in words, e.g. "2 resting after 3 consecutive months". */
  blockedPhrase?(n: number, policy: Policy): string;
  /**
   * True for the rules whose effect depends on what earlier planned months did (carry-over, both consecutive limits):
   * a proof over one month leaves them out, except in the first month, where only history decides them.
   */
  readonly dependsOnEarlierMonths?: boolean;
  /** The numbers behind the rule when it is part of a proven conflict, as one phrase. */
  explain(failing: FailingCabal): string;
  /** The changes to the request that could relax the rule for the failing cabal, by direction, nearest first. */
  wayOuts(failing: FailingCabal): Direction[];
}

/** Whole numbers from `from` up to `to` inclusive; empty when `from` is above `to`. */
export function upTo(from: number, to: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v++) out.push(v);
  return out;
}

/** Whole numbers from `from` down to `to` inclusive; empty when `from` is below `to`. */
export function downTo(from: number, to: number): number[] {
  const out: number[] = [];
  for (let v = from; v >= to; v--) out.push(v);
  return out;
}

/** A problem as planner sentences name it, by its title as PRODUCT.md's example does: "problem 'Combat feel'". */
export function problemName(problem: Pick<Problem, 'title'>): string {
  return `problem '${problem.title}'`;
}

/** "1 member", "3 members": a count with its noun, for details people read. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** "1 person", "3 people". */
export function people(n: number): string {
  return `${n} ${n === 1 ? 'person' : 'people'}`;
}

/** The "lower a problem's minimum" direction shared by the quota rules: minimum − 1 down to `floor`. */
export function lowerMinimum(
  p: number,
  current: number,
  name: 'minAffected' | 'minOutsiders' | 'minDepartments',
  label: string,
  floor: number,
  rule: RuleName,
): Direction {
  return downTo(current - 1, floor).map((v) => ({
    text: `lower ${label} to ${v}`,
    patch: [{ op: 'add', path: `/problems/${p}/${name}`, value: v }],
    rules: [rule],
  }));
}

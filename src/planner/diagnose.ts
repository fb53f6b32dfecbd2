import type { InfeasibleAnswer, PatchOperation, PlanRequest, RuleConflict, RuleName, WayOut } from '../domain/plan.ts';
import type { Range } from '../domain/types.ts';
import { BLOCK, initialState } from './context.ts';
import type { CabalSpec } from './cabal-model.ts';
import type { Backend } from './model.ts';
import { blockBits, type MonthInput } from './eligibility.ts';
import { activeProblems, EXACT_LIMIT, fullSpec, monthSpecs, solveCabal, solveJoint } from './month-planner.ts';
import { horizonInfeasible, HORIZON_LIMIT, horizonSize } from './horizon-model.ts';
import { BLOCKING_RULES, HARD_RULES, ruleById, type FailingCabal, type Tally } from './rules/index.ts';
import { skillsHeldKey } from './rules/required-skills.ts';
import { problemName, type Direction } from './rules/types.ts';

// Tried in this order by the deletion filter: rules people can change easily are dropped from the conflict first.
const CABAL_RULES: RuleName[] = [
  'pins',
  'unavailable',
  'max-consecutive-months',
  'max-consecutive-on-problem',
  'carry-over',
  'required-skills',
  'min-departments',
  'min-outsiders',
  'min-affected',
  'size',
];
/** The rules whose effect depends on what earlier months did. */
const DYNAMIC_RULES: RuleName[] = HARD_RULES.filter((rule) => rule.dependsOnEarlierMonths).map((rule) => rule.id);
const STATIC_RULES = CABAL_RULES.filter((r) => !DYNAMIC_RULES.includes(r));

/** A model that can be asked whether it is feasible with some rules left out; infeasible answers are proofs. */
export interface Proof {
  /** The rules the deletion filter may leave out. */
  rules: RuleName[];
  /** True when the model with these rules left out has a solution (or the solver could not tell). */
  feasible: (drop: ReadonlySet<RuleName>) => boolean;
}

/**
 * What planning a changed request through the failing month showed: it gets past the month, it does not, or the
 * budget could not tell (which is never reported as "does not work").
 */
export type Verdict = 'works' | 'fails' | 'unknown';

/** Applies a patch to the request and tells whether the planner then gets past the failing month. */
export type Verifier = (patch: PatchOperation[]) => Verdict;

/**
 * Looks for a proof that month `mi` cannot be planned whatever earlier months do, each a sound relaxation of the
 * whole request up to that month: (1) a cabal of the month that cannot be staffed alone even with the rules that
 * depend on earlier months left out; (2) the month's cabals together, likewise (when small enough to model over
 * everyone); (3) the failing problem alone over every month so far, with every other cabal left free; (4) every
 * cabal over every month so far, when small enough. `staticOnly` stops after the first two (they are cheap).
 * Undefined when none proves it.
 */
export function findProof(
  input: MonthInput,
  failed: number,
  exact: Backend,
  staticOnly: boolean,
  horizonLimit = HORIZON_LIMIT,
): { problem: number; proof: Proof } | undefined {
  const { index, mi } = input;
  const problems = activeProblems(input);
  const order = [failed, ...problems.filter((p) => p !== failed)];
  // In the first month the rules that depend on earlier months depend on history alone, which no plan changes: they
  // stay in the proof, so that a streak or a carry-over that blocks as well is named.
  const dynamic = new Set(mi === 0 ? [] : DYNAMIC_RULES);
  const staticRules = mi === 0 ? CABAL_RULES : STATIC_RULES;
  for (const p of order) {
    const feasible = (drop: ReadonlySet<RuleName>): boolean =>
      solveCabal(
        input,
        reducePool(input, fullSpec(input, p, { drop: new Set([...drop, ...dynamic]), lookAhead: false })),
        exact,
      ) !== undefined;
    if (!feasible(new Set())) return { problem: p, proof: { rules: staticRules, feasible } };
  }
  if (problems.length * index.people.length <= EXACT_LIMIT && problems.length > 1) {
    const rules: RuleName[] = ['one-cabal-per-month', ...staticRules];
    const feasible = (drop: ReadonlySet<RuleName>): boolean =>
      drop.has('one-cabal-per-month') ||
      solveJoint(input, monthSpecs(input, problems, { drop: new Set([...drop, ...dynamic]), lookAhead: false }), exact)
        .members !== undefined;
    if (!feasible(new Set())) return { problem: failed, proof: { rules, feasible } };
  }
  if (staticOnly) return undefined;
  const start = initialState(index);
  const alone = (drop: ReadonlySet<RuleName>): boolean =>
    !horizonInfeasible(index, start, mi + 1, exact, { drop, problems: [failed], reduce: true });
  if (!alone(new Set())) return { problem: failed, proof: { rules: CABAL_RULES, feasible: alone } };
  if (horizonSize(index, mi + 1) <= horizonLimit) {
    const whole = (drop: ReadonlySet<RuleName>): boolean =>
      !horizonInfeasible(index, start, mi + 1, exact, { drop, reduce: true });
    if (!whole(new Set())) {
      return { problem: failed, proof: { rules: ['one-cabal-per-month', ...CABAL_RULES], feasible: whole } };
    }
  }
  return undefined;
}

/**
 * Every cabal of month `mi` that cannot be staffed alone, even with the rules that depend on earlier months left out
 * (the first proof of findProof, asked of each active problem): no way out of one of them can get past the month
 * unless the others are fixed too.
 */
export function cabalsFailingAlone(input: MonthInput, exact: Backend): { problem: number; proof: Proof }[] {
  const dynamic = new Set(input.mi === 0 ? [] : DYNAMIC_RULES);
  const rules = input.mi === 0 ? CABAL_RULES : STATIC_RULES;
  return activeProblems(input).flatMap((p) => {
    const feasible = (drop: ReadonlySet<RuleName>): boolean =>
      solveCabal(
        input,
        reducePool(input, fullSpec(input, p, { drop: new Set([...drop, ...dynamic]), lookAhead: false })),
        exact,
      ) !== undefined;
    return feasible(new Set()) ? [] : [{ problem: p, proof: { rules, feasible } }];
  });
}

/**
 * The rules that conflict: a deletion filter finds an irreducible set (dropping any one of them makes the model
 * feasible); then every other rule that blocks on its own in place of one of them is named too, so that two limits
 * binding the same person are both named.
 */
export function conflictingRules(proof: Proof): RuleName[] {
  const { rules, feasible } = proof;
  const conflict = new Set(rules);
  for (const rule of rules) {
    const drop = new Set(rules.filter((r) => !conflict.has(r) || r === rule));
    if (!feasible(drop)) conflict.delete(rule);
  }
  const named = new Set(conflict);
  for (const other of rules) {
    if (conflict.has(other)) continue;
    for (const kept of conflict) {
      const on = new Set([...conflict].filter((r) => r !== kept));
      on.add(other);
      if (!feasible(new Set(rules.filter((r) => !on.has(r))))) {
        named.add(other);
        break;
      }
    }
  }
  return rules.filter((r) => named.has(r));
}

/**
 * Shrinks a pool for a feasibility question without changing its answer: people who look the same to every rule
 * of the cabal (department, affected, required-skill levels, last month's membership, pin) are interchangeable,
 * so keeping size.max of each kind is enough.
 */
export function reducePool(input: MonthInput, spec: CabalSpec): CabalSpec {
  const { index } = input;
  const problem = index.problems[spec.p];
  const before = new Set(spec.previous ?? []);
  const forced = new Set(spec.forced);
  const kept = new Map<string, number>();
  const pool: number[] = [];
  const utility: number[] = [];
  spec.pool.forEach((i, k) => {
    const person = index.people[i];
    const skills = skillsHeldKey(person, problem);
    const continuable = spec.continuable?.[i] ?? 0;
    const kind = forced.has(i)
      ? `pin${i}`
      : `${index.department[i]}|${index.affected[spec.p][i]}|${skills}|${before.has(i) ? 1 : 0}|${continuable}`;
    const n = kept.get(kind) ?? 0;
    if (n >= problem.size.max) return;
    kept.set(kind, n + 1);
    pool.push(i);
    utility.push(spec.utility[k]);
  });
  return { ...spec, pool, utility };
}

/** Counts the people matching a test by each reason they may not serve this month (one person may have several). */
function tally(input: MonthInput, p: number, test: (i: number) => boolean): Tally {
  const t: Tally = { eligible: [], blocked: new Map() };
  for (let i = 0; i < input.index.people.length; i++) {
    if (!test(i)) continue;
    const bits = blockBits(input, i, p) & ~BLOCK.lookAhead;
    if (bits === 0) t.eligible.push(i);
    for (const rule of BLOCKING_RULES)
      if (bits & rule.block!) t.blocked.set(rule.id, (t.blocked.get(rule.id) ?? 0) + 1);
  }
  return t;
}

/** "3 eligible (2 resting after 3 consecutive months, 1 unavailable)": each blocking rule's count in its words. */
function explainTally(input: MonthInput, t: Tally): string {
  const policy = input.index.request.policy;
  const parts = BLOCKING_RULES.flatMap((rule) => {
    const n = t.blocked.get(rule.id) ?? 0;
    return n > 0 ? [rule.blockedPhrase!(n, policy)] : [];
  });
  return `${t.eligible.length} eligible${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

function ids(input: MonthInput, people: readonly number[]): string {
  const names = people.slice(0, 5).map((i) => input.index.people[i].id);
  return names.join(', ') + (people.length > 5 ? ` and ${people.length - 5} more` : '');
}

/**
 * The failing cabal (problem index p in the input's month) as the rule modules' explanations and ways out see it;
 * `isolated` is false when the conflict spans the month's cabals.
 */
export function failingCabal(input: MonthInput, p: number, isolated: boolean): FailingCabal {
  return {
    input,
    p,
    isolated,
    active: activeProblems(input),
    everyone: tally(input, p, () => true),
    tally: (q, test) => tally(input, q, test),
    describe: (t) => explainTally(input, t),
    ids: (people) => ids(input, people),
  };
}

/**
 * At most this many re-plans verify ways out, so that a large studio's answer still comes in reasonable time; the
 * binary search over each direction's steps keeps a far-off minimum (1000 down to 4) to about ten of them.
 */
const VERIFY_BUDGET = 40;

/**
 * Builds the infeasible answer for a proven conflict. Every way out is applied to the request and re-planned up to
 * the failing month before it is shown. Each direction of a rule is tried at its widest step first; when that works,
 * a binary search finds the nearest step that works (the steps relax the rule further and further, so once one works
 * every wider one does). When no single change works, changes to two rules that each block on their own are tried
 * together, every direction of one with every direction of the other, and the answer says that no single change
 * works. A change the budget could not verify is neither shown nor counted as failing: the answer then says that it
 * could not verify, never that no change works.
 */
export function explainConflict(
  input: MonthInput,
  p: number,
  rules: RuleName[],
  verify: Verifier,
  also: InfeasibleAnswer[] = [],
): InfeasibleAnswer {
  const { index, mi } = input;
  // Other cabals of the month that cannot be staffed alone either: each way out here carries their nearest fix.
  const fixes = also.map((answer) => answer.wayOuts[0]);
  const unfixable = fixes.some((fix) => fix === undefined);
  const withFixes = (wayOut: WayOut): WayOut =>
    also.reduce(
      (w, answer, k) => ({
        text: `${w.text}, and for ${problemName(index.problems[index.problemIndex.get(answer.problem)!])}: ${fixes[k]!.text}`,
        patch: mergePatches(w.patch, fixes[k]!.patch),
        rules: w.rules,
      }),
      wayOut,
    );
  const problem = index.problems[p];
  const month = index.months[mi];
  const isolated = !rules.includes('one-cabal-per-month');
  let budget = VERIFY_BUDGET;
  let unverified = 0;
  const works = (wayOut: WayOut): boolean => {
    if (unfixable) return false;
    const verdict = budget > 0 ? verify(withFixes(wayOut).patch) : 'unknown';
    budget--;
    if (verdict === 'unknown') unverified++;
    return verdict === 'works';
  };
  const nearest = (direction: Direction): WayOut | undefined => {
    if (direction.length === 0 || !works(direction[direction.length - 1])) return undefined;
    let lo = 0;
    let hi = direction.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (works(direction[mid])) hi = mid;
      else lo = mid + 1;
    }
    return direction[hi];
  };
  const noPeople = index.people.length === 0;
  const failing = failingCabal(input, p, isolated);
  const directions = new Map<RuleName, Direction[]>(
    rules.map((r) => [r, noPeople ? [] : ruleById(r).wayOuts(failing)]),
  );
  const conflict: RuleConflict[] = rules.map((rule) => {
    const found = directions.get(rule)!.flatMap((direction) => nearest(direction) ?? []);
    return {
      rule,
      detail: ruleById(rule).explain(failing),
      wayOut: found.length > 0 ? withFixes(found[0]).text : `no change to ${rule} alone gets past ${month}`,
      wayOuts: found.map(withFixes),
    };
  });
  const singles = conflict.flatMap((c) => c.wayOuts);
  const singlesUnverified = unverified;
  const combined: WayOut[] = [];
  // Two rules that each block on their own: relax both together, step by step (the shorter direction stays at its
  // widest once it runs out), for every pair of their directions until one pair works.
  const stuck = conflict.filter((c) => c.wayOuts.length === 0);
  for (let a = 0; a < stuck.length; a++) {
    for (let b = a + 1; b < stuck.length; b++) {
      const pair = directions.get(stuck[a].rule)!.flatMap((da) =>
        directions.get(stuck[b].rule)!.map((db) => {
          const steps = Math.max(da.length, db.length);
          return Array.from({ length: da.length && db.length ? steps : 0 }, (_, k): WayOut => {
            const x = da[Math.min(k, da.length - 1)];
            const y = db[Math.min(k, db.length - 1)];
            return {
              text: `${x.text} and ${y.text}`,
              patch: mergePatches(x.patch, y.patch),
              rules: [stuck[a].rule, stuck[b].rule],
            };
          });
        }),
      );
      for (const direction of pair) {
        const both = nearest(direction);
        if (both !== undefined) {
          combined.push(both);
          break;
        }
      }
    }
  }
  const wayOuts = [...singles, ...combined.map(withFixes)];
  const noSingleChange = singles.length === 0 && singlesUnverified === 0;
  const because = conflict.map((c) => `${c.rule}: ${c.detail}`).join('; ');
  const either = also
    .map((a) => {
      const q = index.problems[index.problemIndex.get(a.problem)!];
      const why = a.conflict.map((c) => `${c.rule}: ${c.detail}`).join('; ');
      return ` ${q.title} (${q.id}) cannot be staffed in ${month} either: ${why}${a.wayOuts.length === 0 ? ', and no change to it was found' : ''}.`;
    })
    .join('');
  const cannotTell = `no change could be verified within the planner's budget (${unverified} left unchecked); this is not a proof that none works`;
  const advice = noPeople
    ? 'the studio has no people; add people before planning'
    : wayOuts.length === 0
      ? unverified > 0
        ? cannotTell
        : `no single change works, and no change to two of these rules together was found that gets past ${month}`
      : singles.length === 0
        ? `${noSingleChange ? 'no single change works' : 'no single change could be verified'}; ${combined.map((w) => w.text).join(', or ')}`
        : `ways out: ${wayOuts.map((w) => w.text).join('; or ')}`;
  return {
    status: 'infeasible',
    month,
    problem: problem.id,
    conflict,
    wayOuts,
    noSingleChange,
    message: `${problem.title} (${problem.id}) cannot be staffed in ${month}: ${because}.${either} ${advice[0].toUpperCase()}${advice.slice(1)}.`,
  };
}

/**
 * Joins two patches so that both changes hold: two whole-policy replacements are merged into one, and two values of
 * the same range (a problem's carry-over, which raising the size restates and the carry-over rule relaxes) become the
 * widest range either allows.
 */
export function mergePatches(a: PatchOperation[], b: PatchOperation[]): PatchOperation[] {
  const ranges = new Map<string, Range>();
  for (const op of a) if (isRange(op.value)) ranges.set(op.path, op.value);
  const joined = [
    ...a.filter((op) => !(isRange(op.value) && b.some((o) => o.path === op.path && isRange(o.value)))),
    ...b.map((op): PatchOperation => {
      const other = ranges.get(op.path);
      if (other === undefined || !isRange(op.value)) return op;
      return { ...op, value: { min: Math.min(other.min, op.value.min), max: Math.max(other.max, op.value.max) } };
    }),
  ];
  return mergePolicies(joined);
}

function isRange(value: unknown): value is Range {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.keys(value).length === 2 &&
    typeof (value as Range).min === 'number' &&
    typeof (value as Range).max === 'number'
  );
}

/** Merges two whole-policy replacements of a joined patch into one, keeping the larger of each limit. */
function mergePolicies(ops: PatchOperation[]): PatchOperation[] {
  const policies = ops.filter((op) => op.path === '/policy');
  if (policies.length < 2) return ops;
  const [policyA, policyB] = policies;
  const base = policyA.value as PlanRequest['policy'];
  const other = policyB.value as PlanRequest['policy'];
  const merged = {
    ...base,
    maxConsecutiveMonths: Math.max(base.maxConsecutiveMonths, other.maxConsecutiveMonths),
    maxConsecutiveMonthsOnProblem: Math.max(base.maxConsecutiveMonthsOnProblem, other.maxConsecutiveMonthsOnProblem),
  };
  return [...ops.filter((op) => op !== policyA && op !== policyB), { op: 'add', path: '/policy', value: merged }];
}

import { holdsSkill, skillLevel } from '../domain/skills.ts';
import type { InfeasibleAnswer, RuleConflict, RuleName } from '../domain/plan.ts';
import { BLOCK } from './context.ts';
import type { CabalSpec } from './cabal-model.ts';
import type { Backend } from './model.ts';
import {
  activeProblems,
  blockBits,
  fullSpec,
  monthSpecs,
  solveCabal,
  solveJoint,
  type MonthInput,
} from './month-planner.ts';

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

/**
 * Explains why a month cannot be planned. A cabal that cannot be staffed even on its own is named with the smallest
 * set of its rules that conflict (a deletion filter: dropping any one of them makes it staffable). Otherwise the
 * cabals compete for the same people, and the conflict includes one-cabal-per-month.
 */
export function diagnoseMonth(input: MonthInput, failedProblem: number, exact: Backend): InfeasibleAnswer {
  const problems = activeProblems(input);
  const order = [failedProblem, ...problems.filter((p) => p !== failedProblem)];
  for (const p of order) {
    const feasible = (drop: Set<RuleName>): boolean =>
      solveCabal(input, reducePool(input, fullSpec(input, p, { drop, lookAhead: false })), exact) !== undefined;
    if (feasible(new Set())) continue;
    const conflict = new Set(CABAL_RULES);
    for (const rule of CABAL_RULES) {
      const drop = new Set(CABAL_RULES.filter((r) => !conflict.has(r) || r === rule));
      if (!feasible(drop)) conflict.delete(rule);
    }
    return answer(input, p, [...conflict], exact);
  }
  const rules: RuleName[] = ['one-cabal-per-month', ...CABAL_RULES];
  const conflict = new Set(rules);
  const jointFeasible = (drop: Set<RuleName>): boolean => {
    if (drop.has('one-cabal-per-month')) return true;
    return solveJoint(input, monthSpecs(input, problems, { drop, lookAhead: false }), exact).members !== undefined;
  };
  for (const rule of rules) {
    const drop = new Set(rules.filter((r) => !conflict.has(r) || r === rule));
    if (!jointFeasible(drop)) conflict.delete(rule);
  }
  return answer(input, failedProblem, [...conflict], exact);
}

/**
 * Tells whether some cabal of the month cannot be staffed even with the rules that depend on earlier months left
 * out (carry-over and both consecutive limits): then re-planning earlier months cannot help, and the month is
 * diagnosed at once instead of going through the exact horizon model.
 */
export function staticallyInfeasible(input: MonthInput, exact: Backend): boolean {
  const drop = new Set<RuleName>(['carry-over', 'max-consecutive-months', 'max-consecutive-on-problem']);
  return activeProblems(input).some(
    (p) => solveCabal(input, reducePool(input, fullSpec(input, p, { drop, lookAhead: false })), exact) === undefined,
  );
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
    const skills = problem.requiredSkills.map((r) => (holdsSkill(person, r) ? 1 : 0)).join('');
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

type NumericField =
  | 'minAffected'
  | 'minOutsiders'
  | 'minDepartments'
  | 'sizeMin'
  | 'sizeMax'
  | 'carryMin'
  | 'maxConsecutive'
  | 'maxOnProblem';

/**
 * Finds the nearest value of one problem field that makes the cabal staffable with every other rule kept, so the
 * way out is a concrete number rather than a guess. Undefined when no nearby value does.
 */
function staffableWith(input: MonthInput, p: number, field: NumericField, exact: Backend): number | undefined {
  const base = input.index.problems[p];
  const values: number[] = [];
  const current = {
    minAffected: base.minAffected,
    minOutsiders: base.minOutsiders,
    minDepartments: base.minDepartments,
    sizeMin: base.size.min,
    sizeMax: base.size.max,
    carryMin: base.carryOver.min,
    maxConsecutive: input.index.request.policy.maxConsecutiveMonths,
    maxOnProblem: input.index.request.policy.maxConsecutiveMonthsOnProblem,
  }[field];
  const raising = field === 'sizeMax' || field === 'maxConsecutive' || field === 'maxOnProblem';
  if (raising) for (let v = current + 1; v <= current + 4; v++) values.push(v);
  else for (let v = current - 1; v >= 0; v--) values.push(v);
  for (const v of values) {
    const problem = { ...base, size: { ...base.size }, carryOver: { ...base.carryOver } };
    if (field === 'minAffected') problem.minAffected = v;
    if (field === 'minOutsiders') problem.minOutsiders = v;
    if (field === 'minDepartments') problem.minDepartments = v;
    if (field === 'sizeMin') problem.size.min = v;
    if (field === 'sizeMax') problem.size.max = v;
    if (field === 'carryMin') problem.carryOver.min = v;
    const policy = { ...input.index.request.policy };
    if (field === 'maxConsecutive') policy.maxConsecutiveMonths = v;
    if (field === 'maxOnProblem') policy.maxConsecutiveMonthsOnProblem = v;
    const index = {
      ...input.index,
      request: { ...input.index.request, policy },
      problems: input.index.problems.map((q, j) => (j === p ? problem : q)),
    };
    const probe = { ...input, index };
    const spec = reducePool(probe, fullSpec(probe, p, { drop: new Set(), lookAhead: false }));
    if (solveCabal(probe, spec, exact) !== undefined) return v;
  }
  return undefined;
}

interface Tally {
  eligible: number[];
  resting: number;
  restingOnProblem: number;
  unavailable: number;
  pinnedOut: number;
}

/** Counts the people matching a test by each reason they may not serve this month (one person may have several). */
function tally(input: MonthInput, p: number, test: (i: number) => boolean): Tally {
  const t: Tally = { eligible: [], resting: 0, restingOnProblem: 0, unavailable: 0, pinnedOut: 0 };
  for (let i = 0; i < input.index.people.length; i++) {
    if (!test(i)) continue;
    const bits = blockBits(input, i, p) & ~BLOCK.lookAhead;
    if (bits === 0) t.eligible.push(i);
    if (bits & BLOCK.unavailable) t.unavailable++;
    if (bits & BLOCK.pins) t.pinnedOut++;
    if (bits & BLOCK.streak) t.resting++;
    if (bits & BLOCK.streakOnProblem) t.restingOnProblem++;
  }
  return t;
}

function explainTally(input: MonthInput, t: Tally): string {
  const policy = input.index.request.policy;
  const parts: string[] = [];
  if (t.resting > 0) parts.push(`${t.resting} resting after ${policy.maxConsecutiveMonths} consecutive months`);
  if (t.restingOnProblem > 0)
    parts.push(
      `${t.restingOnProblem} resting after ${policy.maxConsecutiveMonthsOnProblem} consecutive months on this problem`,
    );
  if (t.unavailable > 0) parts.push(`${t.unavailable} unavailable`);
  if (t.pinnedOut > 0) parts.push(`${t.pinnedOut} pinned out or pinned elsewhere`);
  return `${t.eligible.length} eligible${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

function ids(input: MonthInput, people: number[]): string {
  const names = people.slice(0, 5).map((i) => input.index.people[i].id);
  return names.join(', ') + (people.length > 5 ? ` and ${people.length - 5} more` : '');
}

function answer(input: MonthInput, p: number, rules: RuleName[], exact: Backend): InfeasibleAnswer {
  const isolated = !rules.includes('one-cabal-per-month');
  const nearest = (field: NumericField): number | undefined =>
    isolated ? staffableWith(input, p, field, exact) : undefined;
  const { index, mi, state } = input;
  const problem = index.problems[p];
  const month = index.months[mi];
  const policy = index.request.policy;
  const affected = index.affected[p];
  const everyone = tally(input, p, () => true);
  const conflict: RuleConflict[] = rules.map((rule): RuleConflict => {
    switch (rule) {
      case 'size': {
        const larger = nearest('sizeMax');
        const smaller = larger === undefined ? nearest('sizeMin') : undefined;
        return {
          rule,
          detail: `size ${problem.size.min}..${problem.size.max}; ${explainTally(input, everyone)}`,
          wayOut:
            larger !== undefined
              ? `raise the maximum size to ${larger}`
              : `lower the minimum size to ${smaller ?? Math.max(1, Math.min(problem.size.min - 1, everyone.eligible.length))}`,
        };
      }
      case 'min-affected': {
        const t = tally(input, p, (i) => affected[i] === 1);
        return {
          rule,
          detail: `needs ${problem.minAffected} affected member(s) (from ${problem.affectedDepartments.join(', ') || 'no department'}${problem.affectedPeople.length > 0 ? ` or ${problem.affectedPeople.join(', ')}` : ''}); ${explainTally(input, t)}`,
          wayOut: `lower minimum affected to ${nearest('minAffected') ?? Math.min(problem.minAffected - 1, t.eligible.length)}`,
        };
      }
      case 'min-outsiders': {
        const t = tally(input, p, (i) => affected[i] === 0);
        return {
          rule,
          detail: `needs ${problem.minOutsiders} outsiders; ${explainTally(input, t)}`,
          wayOut: `lower minimum outsiders to ${nearest('minOutsiders') ?? Math.min(problem.minOutsiders - 1, t.eligible.length)}`,
        };
      }
      case 'min-departments': {
        const present = new Set(everyone.eligible.map((i) => index.departments[index.department[i]]));
        return {
          rule,
          detail: `needs ${problem.minDepartments} departments; eligible people come from ${present.size}${present.size > 0 ? ` (${[...present].join(', ')})` : ''}`,
          wayOut: `lower minimum departments to ${nearest('minDepartments') ?? Math.min(problem.minDepartments - 1, present.size)}`,
        };
      }
      case 'required-skills': {
        // In a conflict between cabals the skill may be another cabal's requirement; name whose it is then.
        const owners = [p, ...activeProblems(input).filter((q) => q !== p)].filter(
          (q) => index.problems[q].requiredSkills.length > 0,
        );
        const parts = owners.slice(0, isolated ? 1 : owners.length).flatMap((q) =>
          index.problems[q].requiredSkills.map((r) => {
            const t = tally(input, q, (i) => holdsSkill(index.people[i], r));
            const who = t.eligible.length > 0 && t.eligible.length <= 5 ? `: ${ids(input, t.eligible)}` : '';
            const affectedOnly =
              t.eligible.length > 0 && t.eligible.every((i) => index.affected[q][i]) ? ', all of them affected' : '';
            const whose = q === p ? '' : ` (for ${index.problems[q].id})`;
            return {
              r,
              t,
              text: `skill ${r.skill} ≥ ${r.minLevel}${whose}: ${explainTally(input, t)}${who}${affectedOnly}`,
            };
          }),
        );
        const scarcest = [...parts].sort((a, b) => a.t.eligible.length - b.t.eligible.length)[0];
        const best = Math.max(0, ...everyone.eligible.map((i) => skillLevel(index.people[i].skills, scarcest.r.skill)));
        return {
          rule,
          detail: parts.map((x) => x.text).join('; '),
          wayOut:
            best > 0 && best < scarcest.r.minLevel
              ? `lower the required level of ${scarcest.r.skill} to ${best}`
              : index.people.some((person) => holdsSkill(person, scarcest.r))
                ? `free up a holder of ${scarcest.r.skill} for ${month}, or drop the required skill`
                : `drop the required skill ${scarcest.r.skill}: nobody holds it at level ${scarcest.r.minLevel}`,
        };
      }
      case 'carry-over': {
        const before = state.previous[p] ?? [];
        const t = tally(input, p, (i) => before.includes(i));
        return {
          rule,
          detail: `needs ${problem.carryOver.min}..${problem.carryOver.max} of the ${before.length} members of the month before; ${explainTally(input, t)}`,
          wayOut: `lower minimum carry-over to ${nearest('carryMin') ?? Math.min(problem.carryOver.min - 1, t.eligible.length)}`,
        };
      }
      case 'max-consecutive-months':
        return {
          rule,
          detail: `${everyone.resting} people resting after ${policy.maxConsecutiveMonths} consecutive months`,
          wayOut: `allow ${nearest('maxConsecutive') ?? policy.maxConsecutiveMonths + 1} consecutive months`,
        };
      case 'max-consecutive-on-problem':
        return {
          rule,
          detail: `${everyone.restingOnProblem} people resting after ${policy.maxConsecutiveMonthsOnProblem} consecutive months on this problem`,
          wayOut: `allow ${nearest('maxOnProblem') ?? policy.maxConsecutiveMonthsOnProblem + 1} consecutive months on the same problem`,
        };
      case 'unavailable': {
        const away = index.people.flatMap((_, i) => (index.unavailable[mi][i] ? [i] : []));
        return {
          rule,
          detail: `${away.length} people unavailable in ${month}${away.length > 0 ? ` (${ids(input, away)})` : ''}`,
          wayOut: `ask ${ids(input, away.slice(0, 3)) || 'the unavailable people'} whether they can make ${month}`,
        };
      }
      case 'pins': {
        const pins = index.request.pins.filter(
          (x) => x.month === month && (x.problem === problem.id || x.mode === 'include'),
        );
        const mine = pins.filter((x) => x.problem === problem.id);
        const first = mine[0] ?? pins[0];
        return {
          rule,
          detail:
            pins.map((x) => `${x.person} pinned ${x.mode === 'include' ? 'into' : 'out of'} ${x.problem}`).join('; ') ||
            'pins of this month',
          wayOut:
            first !== undefined ? `remove the ${first.mode} pin of ${first.person}` : 'remove the pins of this month',
        };
      }
      case 'one-cabal-per-month': {
        const problems = activeProblems(input);
        const doubly = [...index.pins[mi].includeOf].find(
          ([, into]) => into.filter((q) => index.active[mi][q]).length > 1,
        );
        if (doubly !== undefined) {
          const [i, into] = doubly;
          return {
            rule,
            detail: `${index.people[i].id} is pinned into ${into.map((q) => index.problems[q].id).join(' and ')}; a person sits on one cabal a month`,
            wayOut: `remove one of the include pins of ${index.people[i].id} in ${month}`,
          };
        }
        const seats = problems.reduce((n, q) => n + index.problems[q].size.min, 0);
        return {
          rule,
          detail: `${problems.length} cabals in ${month} need at least ${seats} people between them, ${everyone.eligible.length} eligible; each person sits on one`,
          wayOut: `postpone one of the ${problems.length} problems active in ${month}, or lower its minimum size`,
        };
      }
    }
  });
  return {
    status: 'infeasible',
    month,
    problem: problem.id,
    conflict,
    message: `${problem.title} (${problem.id}) cannot be staffed in ${month}: ${conflict.map((c) => `${c.rule}: ${c.detail}`).join('; ')}`,
  };
}

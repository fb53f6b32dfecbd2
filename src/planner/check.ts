import { gini } from '../domain/coverage.ts';
import { meanLevel } from '../domain/skills.ts';
import { monthRange, type Month } from '../domain/month.ts';
import { previousMonth } from '../domain/streaks.ts';
import { isActiveIn, type Person, type Problem } from '../domain/types.ts';
import type { Plan, PlanRequest, Quality, Violation } from '../domain/plan.ts';
import { HARD_RULES, type CabalUnderCheck } from './rules/index.ts';
import { pinsIntoInactive } from './rules/pins.ts';
import type { FieldError } from './schema.ts';

/**
 * Everything the checker needs, indexed once. It is built from the request and the plan only, never from the
 * planner's internal state, so that it can judge plans the planner did not make (imports, manual edits).
 */
export interface CheckContext {
  request: PlanRequest;
  months: Month[];
  people: Map<string, Person>;
  problems: Map<string, Problem>;
  /** month → problem → members, for history and plan months together. */
  cabals: Map<Month, Map<string, string[]>>;
  /** month → person → problems they sit on that month. */
  seats: Map<Month, Map<string, string[]>>;
  unavailable: Map<string, Set<Month>>;
  /** The month before a month, memoised because luxon arithmetic is slow in the per-member loops. */
  previous: (month: Month) => Month;
}

/** Indexes a request and a plan for the rule checks. */
export function createCheckContext(request: PlanRequest, plan: Pick<Plan, 'months'>): CheckContext {
  const months = monthRange(request.startMonth, request.months);
  const cabals = new Map<Month, Map<string, string[]>>();
  const put = (month: Month, problem: string, members: string[]): void => {
    if (!cabals.has(month)) cabals.set(month, new Map());
    cabals.get(month)!.set(problem, members);
  };
  for (const h of request.history) put(h.month, h.problem, h.members);
  for (const m of plan.months)
    for (const c of m.cabals)
      put(
        m.month,
        c.problem,
        c.members.map((x) => x.person),
      );
  const seats = new Map<Month, Map<string, string[]>>();
  for (const [month, byProblem] of cabals) {
    const bySeat = new Map<string, string[]>();
    for (const [problem, members] of byProblem) {
      for (const person of members) bySeat.set(person, [...(bySeat.get(person) ?? []), problem]);
    }
    seats.set(month, bySeat);
  }
  return {
    request,
    months,
    people: new Map(request.people.map((p) => [p.id, p])),
    problems: new Map(request.problems.map((p) => [p.id, p])),
    cabals,
    seats,
    unavailable: new Map(request.people.map((p) => [p.id, new Set(p.unavailable)])),
    previous: previousMonth,
  };
}

/** The checker's verdict on a plan: its hard-rule violations, the references the request cannot resolve, its quality. */
export interface PlanCheck {
  /** Hard-rule violations, each under its rule name of plan-format.md; `quality.violations` counts these. */
  violations: Violation[];
  /**
   * What plan-format.md calls malformed input rather than a broken rule: a month outside the planned months, a cabal of
   * an unknown problem, an unknown member. Each is a field error by its path in the plan, worded as the plan parser
   * words it (`months[0].cabals[1].members[2].person: unknown person "zed"`).
   */
  malformed: UnresolvedReference[];
  quality: Quality;
}

/**
 * Lists every hard-rule violation of a plan, every reference the request cannot resolve, and the plan's quality
 * figures. The rules are checked on the cabals of known problems in planned months, with unknown members left out
 * of the rules that read people (size still counts them as listed).
 */
export function checkPlan(request: PlanRequest, plan: Pick<Plan, 'months'>): PlanCheck {
  const ctx = createCheckContext(request, plan);
  const violations: Violation[] = [];
  const planned = new Set(plan.months.map((m) => m.month));
  for (const month of ctx.months) {
    const byProblem = ctx.cabals.get(month) ?? new Map<string, string[]>();
    for (const problem of ctx.request.problems) {
      const members = byProblem.get(problem.id);
      if (!isActiveIn(problem, month)) {
        if (members !== undefined && planned.has(month)) {
          // A known problem staffed outside its months: its cabal that month must be empty, so it breaks the size.
          violations.push({
            rule: 'size',
            month,
            problem: problem.id,
            detail: `${problem.id} is not active in ${month}, yet has a cabal`,
          });
        }
        for (const detail of pinsIntoInactive(ctx, month, problem))
          violations.push({ rule: 'pins', month, problem: problem.id, detail });
        continue;
      }
      violations.push(...cabalViolations(ctx, month, problem.id, members ?? []));
    }
  }
  return {
    violations,
    malformed: unresolvedReferences(ctx, plan),
    quality: { ...measureQuality(ctx), violations: violations.length },
  };
}

/** A reference the request cannot resolve: a field error by path, with the month and problem id it was found under. */
export interface UnresolvedReference extends FieldError {
  month: Month;
  problem: string;
}

/**
 * The references of a plan that its request cannot resolve, as plan-format.md's malformed input (field errors by
 * path): a month outside the planned months, a cabal of a problem the request does not have, a member who is not one
 * of its people. None of them is a hard rule of PRODUCT.md, so none is reported under a rule's name.
 */
export function unresolvedReferences(ctx: CheckContext, plan: Pick<Plan, 'months'>): UnresolvedReference[] {
  const errors: UnresolvedReference[] = [];
  const months = new Set(ctx.months);
  plan.months.forEach((m, mi) => {
    const month = m.month;
    const put = (path: string, message: string, problem: string): number =>
      errors.push({ path, message, month, problem });
    if (!months.has(month)) put(`months[${mi}].month`, `${month} is outside the planned months`, '');
    m.cabals.forEach((c, ci) => {
      const at = `months[${mi}].cabals[${ci}]`;
      if (!ctx.problems.has(c.problem)) put(`${at}.problem`, `unknown problem "${c.problem}"`, c.problem);
      c.members.forEach((member, k) => {
        if (!ctx.people.has(member.person))
          put(`${at}.members[${k}].person`, `unknown person "${member.person}"`, c.problem);
      });
    });
  });
  return errors;
}

/**
 * The violations of one cabal, as if it had exactly these members: each hard rule's check (src/planner/rules/, in
 * PRODUCT.md's order) on the cabal, its members and the cabal's pins. An unknown problem has no rules to check (none);
 * unknown members stay in the cabal as listed. `checkPlan` reports both as malformed references (`unresolvedReferences`).
 */
export function cabalViolations(ctx: CheckContext, month: Month, problemId: string, members: string[]): Violation[] {
  const problem = ctx.problems.get(problemId);
  if (problem === undefined) return [];
  const out: Violation[] = [];
  const cabal = cabalUnderCheck(ctx, month, problem, members);
  for (const rule of HARD_RULES) {
    for (const detail of rule.check(cabal)) out.push({ rule: rule.id, month, problem: problemId, detail });
  }
  return out;
}

/** One cabal as the rule modules' checks read it: its members as listed, each once, and those who are known people. */
export function cabalUnderCheck(
  ctx: CheckContext,
  month: Month,
  problem: Problem,
  members: readonly string[],
): CabalUnderCheck {
  const known = members.map((id) => ctx.people.get(id)).filter((p): p is Person => p !== undefined);
  return { ctx, month, problem, members, distinct: new Set(members), known };
}

/** Computes the quality figures of plan-format.md over the plan months (the violation count is filled by the caller). */
export function measureQuality(ctx: CheckContext): Quality {
  const { request, months } = ctx;
  const served = new Map<string, number>();
  for (const month of months) {
    for (const [person, sits] of ctx.seats.get(month) ?? [])
      if (sits.length > 0) served.set(person, (served.get(person) ?? 0) + 1);
  }
  const eligible = request.people.filter((p) => months.some((m) => !ctx.unavailable.get(p.id)!.has(m)));
  const counts = eligible.map((p) => served.get(p.id) ?? 0);
  const servedShare = eligible.length === 0 ? 0 : counts.filter((c) => c > 0).length / eligible.length;
  const maxMonthsServed = Math.max(0, ...[...served.values()]);
  let fitSum = 0;
  let seats = 0;
  // Pairs as numbers (each id numbered on first sight): string keys cost 0.6 s at 20000 people.
  const met = new Set<number>();
  const numbers = new Map<string, number>();
  const numberOf = (id: string): number => {
    let k = numbers.get(id);
    if (k === undefined) {
      k = numbers.size;
      numbers.set(id, k);
    }
    return k;
  };
  const pairKey = (a: string, b: string): number => {
    const x = numberOf(a);
    const y = numberOf(b);
    return x < y ? x * 2 ** 26 + y : y * 2 ** 26 + x;
  };
  const meet = (members: string[]): void => {
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) met.add(pairKey(members[i], members[j]));
  };
  const firstPlanned = months[0];
  for (const h of request.history) if (h.month < firstPlanned) meet(h.members);
  let pairs = 0;
  let newPairs = 0;
  for (const month of months) {
    const byProblem = ctx.cabals.get(month);
    if (byProblem === undefined) continue;
    for (const [problemId, members] of byProblem) {
      const problem = ctx.problems.get(problemId);
      if (problem !== undefined && problem.requiredSkills.length > 0) {
        for (const id of members) {
          const person = ctx.people.get(id);
          if (person === undefined) continue;
          fitSum += meanLevel(person, problem.requiredSkills);
          seats++;
        }
      }
      for (let i = 0; i < members.length; i++) {
        for (let j = i + 1; j < members.length; j++) {
          pairs++;
          if (!met.has(pairKey(members[i], members[j]))) newPairs++;
        }
      }
    }
    for (const members of byProblem.values()) meet(members);
  }
  return {
    violations: 0,
    servedShare: round(servedShare),
    maxMonthsServed,
    gini: round(gini(counts)),
    meanSkillFit: round(seats === 0 ? 0 : fitSum / seats),
    newPairShare: round(pairs === 0 ? 1 : newPairs / pairs),
  };
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/** The Gini coefficient of months served: one definition for the planner's quality and the coverage page. */
export { gini };

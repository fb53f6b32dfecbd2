import { gini } from '../domain/coverage.ts';
import { meanLevel } from '../domain/skills.ts';
import { monthRange, type Month } from '../domain/month.ts';
import { previousMonth } from '../domain/streaks.ts';
import { isActiveIn, type Person, type Problem } from '../domain/types.ts';
import type { Plan, PlanRequest, Quality, Violation } from '../domain/plan.ts';
import { HARD_RULES, type CabalUnderCheck } from './rules/index.ts';
import { pinsIntoInactive } from './rules/pins.ts';

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

/** Lists every hard-rule violation of a plan and computes its quality figures. */
export function checkPlan(
  request: PlanRequest,
  plan: Pick<Plan, 'months'>,
): { violations: Violation[]; quality: Quality } {
  const ctx = createCheckContext(request, plan);
  const violations: Violation[] = [];
  const planned = new Set(plan.months.map((m) => m.month));
  for (const m of plan.months) {
    if (!ctx.months.includes(m.month)) {
      violations.push({
        rule: 'size',
        month: m.month,
        problem: '',
        detail: `${m.month} is outside the planned months`,
      });
    }
  }
  for (const month of ctx.months) {
    const byProblem = ctx.cabals.get(month) ?? new Map<string, string[]>();
    for (const problem of ctx.request.problems) {
      const members = byProblem.get(problem.id);
      if (!isActiveIn(problem, month)) {
        if (members !== undefined && planned.has(month)) {
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
    for (const [problem] of byProblem) {
      if (!ctx.problems.has(problem))
        violations.push({ rule: 'size', month, problem, detail: `unknown problem ${problem}` });
    }
  }
  return { violations, quality: { ...measureQuality(ctx), violations: violations.length } };
}

/**
 * The violations of one cabal, as if it had exactly these members: each hard rule's check (src/planner/rules/, in
 * PRODUCT.md's order) on the cabal, its members and the cabal's pins. An unknown member is reported under `size`.
 */
export function cabalViolations(ctx: CheckContext, month: Month, problemId: string, members: string[]): Violation[] {
  const problem = ctx.problems.get(problemId);
  if (problem === undefined)
    return [{ rule: 'size', month, problem: problemId, detail: `unknown problem ${problemId}` }];
  const out: Violation[] = [];
  for (const id of members) {
    if (!ctx.people.has(id)) out.push({ rule: 'size', month, problem: problemId, detail: `unknown person ${id}` });
  }
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

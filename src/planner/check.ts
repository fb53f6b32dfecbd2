import { holdsSkill, meanLevel } from '../domain/skills.ts';
import { addMonths, monthRange, type Month } from '../domain/month.ts';
import { isActiveIn, isAffected, type Person, type Problem } from '../domain/types.ts';
import type { Plan, PlanRequest, Quality, RuleName, Violation } from '../domain/plan.ts';

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
    previous: memoisedPrevious(),
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
        for (const pin of ctx.request.pins) {
          if (pin.month === month && pin.problem === problem.id && pin.mode === 'include') {
            violations.push({
              rule: 'pins',
              month,
              problem: problem.id,
              detail: `${pin.person} is pinned in, but ${problem.id} is not active in ${month}`,
            });
          }
        }
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
 * The violations of one cabal, as if it had exactly these members: the cabal rules (2–7) and, for each member,
 * the person rules (1, 8–10) plus the cabal's pins (11).
 */
export function cabalViolations(ctx: CheckContext, month: Month, problemId: string, members: string[]): Violation[] {
  const out: Violation[] = [];
  const problem = ctx.problems.get(problemId);
  if (problem === undefined)
    return [{ rule: 'size', month, problem: problemId, detail: `unknown problem ${problemId}` }];
  const add = (rule: RuleName, detail: string): void => void out.push({ rule, month, problem: problemId, detail });
  const people = members.map((id) => ctx.people.get(id));
  const known = people.filter((p): p is Person => p !== undefined);
  for (const id of members) if (!ctx.people.has(id)) add('size', `unknown person ${id}`);
  const distinct = new Set(members);
  if (distinct.size < members.length) add('one-cabal-per-month', 'a person is listed twice in the cabal');
  if (members.length < problem.size.min || members.length > problem.size.max) {
    add('size', `${count(members.length, 'member')}; the size range is ${problem.size.min}..${problem.size.max}`);
  }
  const affected = known.filter((p) => isAffected(problem, p)).length;
  if (affected < problem.minAffected)
    add('min-affected', `${count(affected, 'affected member')}; needs ${problem.minAffected}`);
  const outsiders = known.length - affected;
  if (outsiders < problem.minOutsiders) add('min-outsiders', `${outsiders} outsiders; needs ${problem.minOutsiders}`);
  const departments = new Set(known.map((p) => p.department)).size;
  if (departments < problem.minDepartments) {
    add('min-departments', `${departments} departments; needs ${problem.minDepartments}`);
  }
  for (const req of problem.requiredSkills) {
    if (!known.some((p) => holdsSkill(p, req))) {
      add('required-skills', `no member holds ${req.skill} at level ${req.minLevel} or above`);
    }
  }
  const before = ctx.cabals.get(ctx.previous(month))?.get(problemId);
  if (before !== undefined) {
    const carried = members.filter((id) => before.includes(id)).length;
    if (carried < problem.carryOver.min || carried > problem.carryOver.max) {
      add(
        'carry-over',
        `${count(carried, 'member')} carried over from ${ctx.previous(month)}; the range is ${problem.carryOver.min}..${problem.carryOver.max}`,
      );
    }
  }
  for (const id of distinct) out.push(...personViolations(ctx, month, problemId, id));
  for (const pin of ctx.request.pins) {
    if (pin.month !== month || pin.problem !== problemId) continue;
    if (pin.mode === 'include' && !distinct.has(pin.person)) add('pins', `${pin.person} is pinned in but not a member`);
    if (pin.mode === 'exclude' && distinct.has(pin.person)) add('pins', `${pin.person} is pinned out but is a member`);
  }
  return out;
}

/** The person rules for one member of one cabal: one cabal a month, consecutive limits and availability. */
export function personViolations(ctx: CheckContext, month: Month, problemId: string, personId: string): Violation[] {
  const out: Violation[] = [];
  const add = (rule: RuleName, detail: string): void => void out.push({ rule, month, problem: problemId, detail });
  const elsewhere = (ctx.seats.get(month)?.get(personId) ?? []).filter((p) => p !== problemId);
  if (elsewhere.length > 0) add('one-cabal-per-month', `${personId} also sits on ${elsewhere.join(', ')}`);
  if (ctx.unavailable.get(personId)?.has(month)) add('unavailable', `${personId} is unavailable in ${month}`);
  const { maxConsecutiveMonths, maxConsecutiveMonthsOnProblem } = ctx.request.policy;
  const run = (onProblem: boolean): number => {
    let n = 1;
    for (let m = ctx.previous(month); ctx.seats.has(m); m = ctx.previous(m)) {
      const sits = ctx.seats.get(m)?.get(personId) ?? [];
      if (onProblem ? !sits.includes(problemId) : sits.length === 0) break;
      n++;
    }
    return n;
  };
  const streak = run(false);
  if (streak > maxConsecutiveMonths) {
    add(
      'max-consecutive-months',
      `${personId} serves ${streak} consecutive months; the limit is ${maxConsecutiveMonths}`,
    );
  }
  const onProblem = run(true);
  if (onProblem > maxConsecutiveMonthsOnProblem) {
    add(
      'max-consecutive-on-problem',
      `${personId} serves ${onProblem} consecutive months on ${problemId}; the limit is ${maxConsecutiveMonthsOnProblem}`,
    );
  }
  return out;
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
  const met = new Set<string>();
  const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);
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

/** The Gini coefficient of a list of non-negative counts (0 is perfectly even). */
export function gini(values: number[]): number {
  const n = values.length;
  const total = values.reduce((a, b) => a + b, 0);
  if (n === 0 || total === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  let weighted = 0;
  sorted.forEach((v, i) => (weighted += (i + 1) * v));
  return (2 * weighted) / (n * total) - (n + 1) / n;
}

function memoisedPrevious(): (month: Month) => Month {
  const cache = new Map<Month, Month>();
  return (month) => {
    let prev = cache.get(month);
    if (prev === undefined) {
      prev = addMonths(month, -1);
      cache.set(month, prev);
    }
    return prev;
  };
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/** "1 member", "3 members": a count with its noun, for details people read. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

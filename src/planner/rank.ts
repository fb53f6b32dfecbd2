import { skillLevel } from '../domain/skills.ts';
import type { Month } from '../domain/month.ts';
import { isAffected } from '../domain/types.ts';
import type { Plan, PlanRequest, RuleName } from '../domain/plan.ts';
import { cabalViolations, createCheckContext, type CheckContext } from './check.ts';

/** A candidate for a seat, with the soft-goal reasons and the hard rules adding them would satisfy or break. */
export interface RankedCandidate {
  person: string;
  name: string;
  score: number;
  /** Soft-goal reasons, e.g. "never served", "new to this problem", "netcode level 3". */
  reasons: string[];
  /** Rules the cabal breaks now that this person would fix. */
  satisfies: RuleName[];
  /** Rules this person would break (with the detail), in this cabal or in a later month of the plan. */
  breaks: { rule: RuleName; detail: string }[];
  /** Rules the cabal already breaks without the leaver (e.g. a skill only they held) that this person leaves broken. */
  leavesBroken: RuleName[];
  /** True when, with this person in the seat, the cabal and the next month's carry-over break no hard rule. */
  valid: boolean;
}

/** Options of a ranking. */
export interface RankOptions {
  /** The member being replaced; they leave the cabal before candidates are tried. */
  removing?: string;
  /** How many candidates to return (default 20). */
  limit?: number;
}

/**
 * Ranks people for a seat in one cabal of a plan, as the lead's "replace a member" view needs: candidates who leave
 * the cabal valid first, then those who break fewest rules, then by the soft goals. Rule effects come from the checker, not from the planner's model.
 */
export function rankCandidates(
  request: PlanRequest,
  plan: Pick<Plan, 'months'>,
  month: Month,
  problemId: string,
  options: RankOptions = {},
): RankedCandidate[] {
  const problem = request.problems.find((p) => p.id === problemId);
  if (problem === undefined) return [];
  const without = removeMember(plan, month, problemId, options.removing);
  const ctx = createCheckContext(request, without);
  const members = ctx.cabals.get(month)?.get(problemId) ?? [];
  const cabalRules = (violations: { rule: RuleName }[]): Set<RuleName> => new Set(violations.map((v) => v.rule));
  const baseline = cabalRules(cabalViolations(ctx, month, problemId, members));
  const served = monthsServed(ctx);
  const onProblem = new Set(
    [...ctx.cabals].flatMap(([m, byProblem]) => (m <= month ? (byProblem.get(problemId) ?? []) : [])),
  );
  const met = metBefore(ctx, month);
  const w = request.policy.weights;
  const ranked: RankedCandidate[] = [];
  for (const person of request.people) {
    if (members.includes(person.id) || person.id === options.removing) continue;
    const after = cabalViolations(ctx, month, problemId, [...members, person.id]);
    const afterRules = cabalRules(after);
    const satisfies = [...baseline].filter((r) => !afterRules.has(r));
    const leavesBroken = [...baseline].filter((r) => afterRules.has(r));
    const breaks = after.filter((v) => !baseline.has(v.rule)).map((v) => ({ rule: v.rule, detail: v.detail }));
    const later = laterBreaks(ctx, month, problemId, person.id);
    for (const b of later) if (!breaks.some((x) => x.rule === b.rule)) breaks.push(b);
    const valid = after.length === 0 && later.length === 0;
    const reasons: string[] = [];
    const times = served.get(person.id) ?? 0;
    reasons.push(times === 0 ? 'never served' : `served ${times} month${times === 1 ? '' : 's'}`);
    const fresh = !onProblem.has(person.id);
    if (fresh) reasons.push('new to this problem');
    let fit = 0;
    for (const r of problem.requiredSkills) {
      const level = skillLevel(person.skills, r.skill);
      fit += level / problem.requiredSkills.length;
      if (level > 0) reasons.push(`${r.skill} level ${level}`);
    }
    const known = members.filter((m) => met.get(person.id)?.has(m)).length;
    reasons.push(known === 0 ? 'has worked with none of the members' : `has worked with ${known} of the members`);
    reasons.push(isAffected(problem, person) ? 'affected' : 'outsider');
    const newShare = members.length === 0 ? 1 : 1 - known / members.length;
    const score =
      2 * w.fairness * (1 - 0.4 * times + (times === 0 ? 0.5 : 0)) +
      0.6 * w.freshness * (fresh ? 1 : 0) +
      0.6 * w.skillFit * (fit / 3) +
      0.5 * w.network * newShare;
    ranked.push({
      person: person.id,
      name: person.name,
      score: Math.round(score * 1000) / 1000,
      reasons,
      satisfies,
      breaks,
      leavesBroken,
      valid,
    });
  }
  ranked.sort(
    (a, b) =>
      Number(b.valid) - Number(a.valid) ||
      a.breaks.length - b.breaks.length ||
      b.satisfies.length - a.satisfies.length ||
      b.score - a.score ||
      a.person.localeCompare(b.person),
  );
  return ranked.slice(0, options.limit ?? 20);
}

function removeMember(
  plan: Pick<Plan, 'months'>,
  month: Month,
  problemId: string,
  person?: string,
): Pick<Plan, 'months'> {
  if (person === undefined) return plan;
  return {
    months: plan.months.map((m) =>
      m.month !== month
        ? m
        : {
            ...m,
            cabals: m.cabals.map((c) =>
              c.problem !== problemId ? c : { ...c, members: c.members.filter((x) => x.person !== person) },
            ),
          },
    ),
  };
}

/** Rules that seating a person would break in later months: longer streaks and next month's carry-over. */
function laterBreaks(
  ctx: CheckContext,
  month: Month,
  problemId: string,
  person: string,
): { rule: RuleName; detail: string }[] {
  const out: { rule: RuleName; detail: string }[] = [];
  const policy = ctx.request.policy;
  const index = ctx.months.indexOf(month);
  const run = (onProblem: boolean): number => {
    let back = 0;
    for (let m = ctx.previous(month); ; m = ctx.previous(m)) {
      const sits = ctx.seats.get(m)?.get(person) ?? [];
      if (onProblem ? !sits.includes(problemId) : sits.length === 0) break;
      back++;
    }
    let ahead = 0;
    for (let k = index + 1; k > 0 && k < ctx.months.length; k++) {
      const sits = ctx.seats.get(ctx.months[k])?.get(person) ?? [];
      if (onProblem ? !sits.includes(problemId) : sits.length === 0) break;
      ahead++;
    }
    return back + 1 + ahead;
  };
  const total = run(false);
  if (total > policy.maxConsecutiveMonths) {
    out.push({ rule: 'max-consecutive-months', detail: `${person} would serve ${total} consecutive months` });
  }
  const same = run(true);
  if (same > policy.maxConsecutiveMonthsOnProblem) {
    out.push({
      rule: 'max-consecutive-on-problem',
      detail: `${person} would serve ${same} consecutive months on ${problemId}`,
    });
  }
  const next = ctx.months[index + 1];
  const problem = ctx.problems.get(problemId)!;
  const nextMembers = next === undefined ? undefined : ctx.cabals.get(next)?.get(problemId);
  if (nextMembers !== undefined) {
    // Next month's carry-over counts this month's members, the newcomer included and the leaver gone.
    const members = [...(ctx.cabals.get(month)?.get(problemId) ?? []), person];
    const carried = nextMembers.filter((m) => members.includes(m)).length;
    if (carried < problem.carryOver.min || carried > problem.carryOver.max) {
      out.push({
        rule: 'carry-over',
        detail: `${next} would carry over ${carried} members; the range is ${problem.carryOver.min}..${problem.carryOver.max}`,
      });
    }
  }
  return out;
}

function monthsServed(ctx: CheckContext): Map<string, number> {
  const served = new Map<string, number>();
  for (const bySeat of ctx.seats.values())
    for (const person of bySeat.keys()) served.set(person, (served.get(person) ?? 0) + 1);
  return served;
}

function metBefore(ctx: CheckContext, month: Month): Map<string, Set<string>> {
  const met = new Map<string, Set<string>>();
  for (const [m, byProblem] of ctx.cabals) {
    if (m >= month) continue;
    for (const members of byProblem.values()) {
      for (const a of members) {
        if (!met.has(a)) met.set(a, new Set());
        for (const b of members) if (a !== b) met.get(a)!.add(b);
      }
    }
  }
  return met;
}

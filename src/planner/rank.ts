import { skillLevel, meanLevel } from '../domain/skills.ts';
import type { Month } from '../domain/month.ts';
import { isAffected } from '../domain/types.ts';
import type { Plan, PlanRequest, RuleName } from '../domain/plan.ts';
import { cabalViolations, createCheckContext, type CheckContext } from './check.ts';
import { carriedOver, carryRangePhrase } from './rules/carry-over.ts';
import { breaksStreakLimit } from './rules/max-consecutive-months.ts';
import { breaksProblemStreakLimit } from './rules/max-consecutive-on-problem.ts';
import { streakThrough } from '../domain/streaks.ts';
import { fairShare, plannerWeights, scoreSeat, type SeatScore } from './objective.ts';

/**
 * The parts of a candidate's score, each with the fact behind it: the same facts and the same function (`scoreSeat`,
 * objective.ts) the planner scores a seat with, so the panel shows why one candidate ranks above another.
 */
export interface CandidateScoreParts {
  /** Months served before this month: in the plan, and in the published history (counted half). */
  monthsServed: { plan: number; history: number };
  /** Never sat on this problem's cabal before this month. */
  newToProblem: boolean;
  /** Level in each of the problem's required skills (0 for a skill the person lacks), in the problem's order. */
  skillLevels: { skill: string; level: number }[];
  /** Members of the cabal (the leaver gone) the candidate has never sat with, of how many. */
  newPairs: { count: number; of: number };
  /** The department the candidate would add to the cabal, or undefined when it is already there. */
  departmentAdded?: string;
  /** The weighted parts and their total, as `scoreSeat` returns them. */
  score: SeatScore;
}

/** A candidate for a seat, with the soft-goal reasons and the hard rules adding them would satisfy or break. */
export interface RankedCandidate {
  person: string;
  name: string;
  /** The candidate's place: candidates equal in rule effects and score share one rank (1, 2, 2, 4). */
  rank: number;
  score: number;
  /** The score's parts and the facts behind them. */
  parts: CandidateScoreParts;
  /** Soft-goal reasons, one per part, e.g. "served 2 months", "new to this problem", "netcode level 3". */
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
 * the cabal valid first, then those who break fewest rules, then by the planner's seat score (`scoreSeat` with the
 * planner's weights, over the months before this one). Rule effects come from the checker, not from the planner's
 * model. Candidates equal in all of these share a rank and show the same parts; the person id only orders the list.
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
  const served = monthsServedBefore(ctx, month);
  const onProblem = new Set(
    [...ctx.cabals].flatMap(([m, byProblem]) => (m < month ? (byProblem.get(problemId) ?? []) : [])),
  );
  const met = metBefore(ctx, month);
  const weights = plannerWeights(request.policy.weights);
  const share = fairShare(request);
  const departments = new Map(request.departments.map((d) => [d.id, d.name]));
  const present = new Set(members.map((m) => ctx.people.get(m)?.department));
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
    const times = served.get(person.id) ?? { plan: 0, history: 0 };
    const known = members.filter((m) => met.get(person.id)?.has(m)).length;
    const added = present.has(person.department)
      ? undefined
      : (departments.get(person.department) ?? person.department);
    const score = scoreSeat(
      {
        planMonths: times.plan,
        historyMonths: times.history,
        fairShare: share,
        newToProblem: !onProblem.has(person.id),
        skillLevel: meanLevel(person, problem.requiredSkills),
        metShare: members.length === 0 ? 0 : known / members.length,
        departmentAdded: added !== undefined,
      },
      weights,
    );
    const parts: CandidateScoreParts = {
      monthsServed: times,
      newToProblem: !onProblem.has(person.id),
      skillLevels: problem.requiredSkills.map((r) => ({ skill: r.skill, level: skillLevel(person.skills, r.skill) })),
      newPairs: { count: members.length - known, of: members.length },
      departmentAdded: added,
      score,
    };
    ranked.push({
      person: person.id,
      name: person.name,
      rank: 0,
      score: round(score.total),
      parts,
      reasons: [...reasonsOf(parts), isAffected(problem, person) ? 'affected' : 'outsider'],
      satisfies,
      breaks,
      leavesBroken,
      valid,
    });
  }
  const order = (a: RankedCandidate, b: RankedCandidate): number =>
    Number(b.valid) - Number(a.valid) ||
    a.breaks.length - b.breaks.length ||
    b.satisfies.length - a.satisfies.length ||
    b.score - a.score;
  ranked.sort((a, b) => order(a, b) || a.person.localeCompare(b.person));
  ranked.forEach((c, k) => (c.rank = k > 0 && order(ranked[k - 1], c) === 0 ? ranked[k - 1].rank : k + 1));
  return ranked.slice(0, options.limit ?? 20);
}

/** One sentence part per score part, each with its fact and its signed weighted value, e.g. "served 2 months (−0.45)". */
function reasonsOf(parts: CandidateScoreParts): string[] {
  const { plan, history } = parts.monthsServed;
  const signed = (v: number): string => `${v < 0 ? '−' : '+'}${Math.abs(v).toFixed(2)}`;
  const total = plan + history;
  const served =
    total === 0
      ? 'never served'
      : `served ${total} month${total === 1 ? '' : 's'}${history === 0 ? '' : plan === 0 ? ' (before the planned months, counted half)' : ` (${history} before the planned months, counted half)`}`;
  const out = [`${served} (${signed(parts.score.fairness)})`];
  out.push(parts.newToProblem ? `new to this problem (${signed(parts.score.freshness)})` : 'has sat on this problem');
  if (parts.skillLevels.length > 0) {
    const levels = parts.skillLevels.map((s) => `${s.skill} level ${s.level}`).join(', ');
    out.push(`${levels} (${signed(parts.score.skillFit)})`);
  }
  const { count, of } = parts.newPairs;
  out.push(
    of === 0
      ? 'no members to meet'
      : `${count} of ${of} member${of === 1 ? '' : 's'} new to them (${signed(parts.score.network)})`,
  );
  if (parts.departmentAdded !== undefined)
    out.push(`adds ${parts.departmentAdded} (${signed(parts.score.department)})`);
  return out;
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
  // The run the seat would join: months served before it and, within the plan, after it.
  const serves = (onProblem: boolean) => (m: Month) => {
    const sits = ctx.seats.get(m)?.get(person) ?? [];
    return onProblem ? sits.includes(problemId) : sits.length > 0;
  };
  const total = streakThrough(serves(false), month, index >= 0);
  if (breaksStreakLimit(policy, total)) {
    out.push({ rule: 'max-consecutive-months', detail: `${person} would serve ${total} consecutive months` });
  }
  const same = streakThrough(serves(true), month, index >= 0);
  if (breaksProblemStreakLimit(policy, same)) {
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
    const { carried, inRange } = carriedOver(problem, members, nextMembers);
    if (!inRange) {
      out.push({
        rule: 'carry-over',
        detail: `${next} would carry over ${carried} members; ${carryRangePhrase(problem)}`,
      });
    }
  }
  return out;
}

/** Months each person served before a month: in the plan (months from the start month) and in the history. */
function monthsServedBefore(ctx: CheckContext, month: Month): Map<string, { plan: number; history: number }> {
  const served = new Map<string, { plan: number; history: number }>();
  const start = ctx.request.startMonth;
  for (const [m, bySeat] of ctx.seats) {
    if (m >= month) continue;
    for (const person of bySeat.keys()) {
      const counts = served.get(person) ?? { plan: 0, history: 0 };
      if (m >= start) counts.plan++;
      else counts.history++;
      served.set(person, counts);
    }
  }
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

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

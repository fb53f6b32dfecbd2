import type { Db } from '../../db/client.ts';
import { listPlanMonths } from '../../db/repos/cabals.ts';
import { addMonths, type Month } from '../../domain/month.ts';
import type { PlanMonth, PlanRequest } from '../../domain/plan.ts';
import { exceedsLimit, runLength } from '../../domain/streaks.ts';
import type { Pin, Problem } from '../../domain/types.ts';
import { buildPlanRequest } from './plan-request.ts';

/** A plan request for some problems only, and the cabals it holds fixed. */
export interface ScopedRequest {
  request: PlanRequest;
  /** Cabals of other problems (drafts and published) inside the planned months, held as they are. */
  fixed: PlanMonth[];
  /** Every cabal after the planned months, of any problem: kept as it is. */
  later: PlanMonth[];
}

/** A month as a running count of months, so that streaks are sums, not luxon arithmetic. */
function ordinal(month: Month): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/**
 * Builds the request for planning only the problems in `scope` from `first` for `months` months, with everything
 * else fixed context: a person seated on another problem's cabal in a month is taken that month, and their seats
 * (history, other problems' drafts and published cabals, later drafts) count toward their consecutive months, so a
 * month that would stretch a streak past the policy's limit is closed to them. Problems out of scope stay in the
 * request, ended before `first`, so that their history still counts. `excludes` are extra pins out.
 */
export function buildScopedRequest(
  db: Db,
  scope: ReadonlySet<string>,
  first: Month,
  months: number,
  excludes: Pin[] = [],
): ScopedRequest {
  const base = buildPlanRequest(db, first, months);
  const after = addMonths(first, months);
  const historySpan = new Map<string, { first: Month; last: Month }>();
  for (const h of base.history) {
    const span = historySpan.get(h.problem);
    historySpan.set(h.problem, {
      first: span && span.first < h.month ? span.first : h.month,
      last: span && span.last > h.month ? span.last : h.month,
    });
  }
  const problems: Problem[] = base.problems.flatMap((p) => {
    if (scope.has(p.id)) return [p];
    const span = historySpan.get(p.id);
    return span
      ? [{ ...p, startMonth: span.first < p.startMonth ? span.first : p.startMonth, endMonth: span.last }]
      : [];
  });
  const kept = new Set(problems.map((p) => p.id));
  const ahead = listPlanMonths(db, { from: first });
  const fixed = ahead
    .filter((m) => m.month < after)
    .map((m) => ({ ...m, cabals: m.cabals.filter((c) => !scope.has(c.problem)) }))
    .filter((m) => m.cabals.length > 0);
  const later = ahead.filter((m) => m.month >= after);

  // Months each person serves outside this run (as ordinals), and the planned months they are taken in.
  const served = new Map<string, Set<number>>();
  const serve = (person: string, month: Month) => {
    const set = served.get(person);
    if (set) set.add(ordinal(month));
    else served.set(person, new Set([ordinal(month)]));
  };
  for (const h of base.history) for (const person of h.members) serve(person, h.month);
  const taken = new Map<string, Set<Month>>();
  for (const m of fixed)
    for (const c of m.cabals)
      for (const x of c.members) {
        serve(x.person, m.month);
        taken.set(x.person, (taken.get(x.person) ?? new Set()).add(m.month));
      }
  for (const m of later) for (const c of m.cabals) for (const x of c.members) serve(x.person, m.month);

  const limit = base.policy.maxConsecutiveMonths;
  const window = Array.from({ length: months }, (_, k) => addMonths(first, k));
  const closed = new Map<string, Month[]>();
  for (const [person, months] of served) {
    const blocked = [...(taken.get(person) ?? [])];
    for (const month of window) {
      const at = ordinal(month);
      if (months.has(at)) continue;
      const has = (k: number) => months.has(k);
      const run = runLength(at - 1, (k) => k - 1, has) + 1 + runLength(at + 1, (k) => k + 1, has);
      if (exceedsLimit(run, limit)) blocked.push(month);
    }
    if (blocked.length) closed.set(person, blocked);
  }
  const people = base.people.map((p) => {
    const extra = closed.get(p.id);
    return extra ? { ...p, unavailable: [...new Set([...p.unavailable, ...extra])].sort() } : p;
  });
  const pins = [...base.pins.filter((pin) => scope.has(pin.problem) && pin.month < after), ...excludes];
  return {
    request: { ...base, problems, people, pins, history: base.history.filter((h) => kept.has(h.problem)) },
    fixed,
    later,
  };
}

/**
 * The planned seats that sit inside a streak longer than `limit` once fixed and later seats are counted (two planned
 * months around fixed ones can each be fine alone and too long together): the last planned seat of each such streak,
 * to pin out before planning again.
 */
export function streakOverruns(request: PlanRequest, context: PlanMonth[], planned: PlanMonth[], limit: number): Pin[] {
  const seats = new Map<string, Map<number, { month: Month; problem: string } | null>>();
  const put = (person: string, month: Month, plannedSeat: { month: Month; problem: string } | null) => {
    const byMonth = seats.get(person) ?? new Map();
    if (!byMonth.get(ordinal(month))) byMonth.set(ordinal(month), plannedSeat);
    seats.set(person, byMonth);
  };
  for (const h of request.history) for (const person of h.members) put(person, h.month, null);
  for (const m of context) for (const c of m.cabals) for (const x of c.members) put(x.person, m.month, null);
  const plannedPeople = new Set<string>();
  for (const m of planned)
    for (const c of m.cabals)
      for (const x of c.members) {
        plannedPeople.add(x.person);
        put(x.person, m.month, { month: m.month, problem: c.problem });
      }
  const pins: Pin[] = [];
  for (const person of plannedPeople) {
    const byMonth = seats.get(person)!;
    const ordinals = [...byMonth.keys()].sort((a, b) => a - b);
    let start = 0;
    for (let k = 1; k <= ordinals.length; k++) {
      if (k < ordinals.length && ordinals[k] === ordinals[k - 1] + 1) continue;
      const run = ordinals.slice(start, k);
      start = k;
      if (run.length <= limit) continue;
      const last = run
        .map((o) => byMonth.get(o))
        .filter((s) => s)
        .at(-1);
      if (last) pins.push({ month: last.month, problem: last.problem, person, mode: 'exclude' });
    }
  }
  return pins;
}

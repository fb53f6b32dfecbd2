import type { Db } from '../../db/client.ts';
import { insertAudit } from '../../db/repos/audit.ts';
import {
  draftMonthSpan,
  findCabalStatus,
  lastPublishedMonths,
  listPlanMonths,
  replaceMember,
} from '../../db/repos/cabals.ts';
import { deletePin, upsertPin } from '../../db/repos/pins.ts';
import { namesOf } from '../../db/repos/people.ts';
import type { ProblemRecord } from '../../domain/problem-record.ts';
import { getPolicy } from '../../db/repos/policy.ts';
import type { Account } from '../../domain/account.ts';
import type { Clock } from '../../domain/clock.ts';
import { addMonths, compareMonths, isMonth, monthLabel, monthsBetween, type Month } from '../../domain/month.ts';
import type { Plan, PlanMonth, PlanRequest, Violation } from '../../domain/plan.ts';
import { isActiveIn, type Pin } from '../../domain/types.ts';
import { checkPlan } from '../../planner/index.ts';
import type { PlanningDeps, Refusal } from './deps.ts';
import { planRunGoing } from './find-run.ts';
import { namedViolations } from './person-names.ts';
import { placedMember } from './placed-member.ts';
import { buildPlanRequest, MAX_PLAN_MONTHS } from './plan-request.ts';
import { problemFrontier } from './run-scope.ts';
import { startPlanning } from './plan-runs.ts';
import { monthsAChangeReaches } from '../../domain/streaks.ts';

/** The last month a re-plan from `month` must cover: the last drafted month, or `month` itself. */
function replanSpan(db: Db, month: Month): number {
  const last = draftMonthSpan(db)?.last;
  return last && compareMonths(last, month) > 0 ? monthsBetween(month, last) + 1 : 1;
}

/** The first month of a problem still to publish. */
function frontierOf(db: Db, clock: Clock, problem: ProblemRecord): Month {
  return problemFrontier(lastPublishedMonths(db), clock, problem);
}

/**
 * The months a re-plan of a problem after a pin covers: from the pinned month (or from the problem's first undrafted
 * month, when the pin lies beyond its drafts, so no gap opens) through its last drafted month or the pinned month,
 * whichever is later.
 */
function replanWindow(db: Db, clock: Clock, problem: ProblemRecord, month: Month): { first: Month; months: number } {
  const last = draftMonthSpan(db, problem.id)?.last;
  const afterDrafts = last ? addMonths(last, 1) : frontierOf(db, clock, problem);
  const first = compareMonths(month, afterDrafts) < 0 ? month : afterDrafts;
  const end = last && compareMonths(last, month) > 0 ? last : month;
  return { first, months: Math.min(MAX_PLAN_MONTHS, monthsBetween(first, end) + 1) };
}

/** Checks that a month of a problem may still be changed: after the published months, and inside the problem's run. */
function changeableMonth(db: Db, clock: Clock, problem: ProblemRecord, month: Month): Refusal | undefined {
  if (!isMonth(month)) return { ok: false, message: `“${month}” is not a month (YYYY-MM).` };
  const earliest = frontierOf(db, clock, problem);
  if (compareMonths(month, earliest) < 0)
    return { ok: false, message: `${monthLabel(month)} of ${problem.title} is published (or past); it cannot change.` };
  if (problem.status !== 'active' || !isActiveIn(problem, month)) {
    return { ok: false, message: `${problem.title} is not active in ${monthLabel(month)}.` };
  }
  return undefined;
}

/**
 * Pins a person into or out of a problem's cabal in a month (or removes the pin), then re-plans that month and every
 * drafted month after it, keeping all pins. Returns the re-plan's run id.
 */
export function pinAndReplan(
  deps: PlanningDeps,
  account: Account,
  problem: ProblemRecord,
  change: { month: Month; person: string; mode: Pin['mode'] | 'remove' },
): { ok: true; runId: number; notice: string } | Refusal {
  const { db, clock } = deps;
  const refusal = changeableMonth(db, clock, problem, change.month);
  if (refusal) return refusal;
  if (namesOf(db, [change.person]).length === 0) return { ok: false, message: 'There is no such person to pin.' };
  if (planRunGoing(deps)) return { ok: false, message: 'A plan is running; pin again when it has finished.' };
  const frontier = frontierOf(db, clock, problem);
  if (monthsBetween(frontier, change.month) >= MAX_PLAN_MONTHS) {
    return { ok: false, message: `Pins reach at most ${MAX_PLAN_MONTHS} months ahead of ${monthLabel(frontier)}.` };
  }
  const at = clock.now().toISO()!;
  const pin = { month: change.month, problem: problem.id, person: change.person };
  db.transaction((tx) => {
    if (change.mode === 'remove') deletePin(tx, pin);
    else upsertPin(tx, { ...pin, mode: change.mode }, { userId: account.id, at });
    const detail =
      change.mode === 'remove' ? 'removed the pin' : change.mode === 'include' ? 'pinned in' : 'pinned out';
    insertAudit(
      tx,
      [
        {
          action: change.mode === 'remove' ? 'pin.remove' : 'pin.add',
          problemId: problem.id,
          month: change.month,
          personId: change.person,
          detail,
        },
      ],
      {
        userId: account.id,
        at,
      },
    );
  });
  const window = replanWindow(db, clock, problem, change.month);
  const started = startPlanning(deps, account, { ...window, scope: { kind: 'problems', ids: [problem.id] } });
  if (!started.ok) return started;
  const who = namesOf(db, [change.person])[0]?.name ?? change.person;
  const span = `${monthLabel(window.first)}${window.months > 1 ? ` – ${monthLabel(addMonths(window.first, window.months - 1))}` : ''}`;
  const what =
    change.mode === 'remove'
      ? `The pin of ${who} in ${monthLabel(change.month)} is removed`
      : `${who} is pinned ${change.mode === 'include' ? 'into' : 'out of'} ${problem.title} in ${monthLabel(change.month)}`;
  return { ...started, notice: `${what}; re-planning ${span}. The run below says who changed.` };
}

/**
 * The request and the drafted plan from a month on, which candidate ranking and edit checks judge. A change to one
 * month can only break rules up to the longest streak limit later (a streak through it, or next month's carry-over),
 * so the window stops there rather than checking every drafted month.
 */
export function draftContext(db: Db, month: Month): { request: PlanRequest; plan: Pick<Plan, 'months'> } {
  const policy = getPolicy(db);
  const span = Math.min(replanSpan(db, month), monthsAChangeReaches(policy));
  const request = buildPlanRequest(db, month, span);
  return { request, plan: { months: listPlanMonths(db, { from: month, before: addMonths(month, span) }) } };
}

/**
 * Replaces one member of a draft cabal with another person, refusing (with the rules and numbers) any swap that breaks
 * a hard rule the plan did not already break: in that month, or in a later drafted month through carry-over or streaks.
 */
export function replaceCabalMember(
  deps: PlanningDeps,
  account: Account,
  problem: ProblemRecord,
  change: { month: Month; out: string; incoming: string },
): { ok: true; notice: string } | Refusal {
  const { db, clock } = deps;
  const refusal = changeableMonth(db, clock, problem, change.month);
  if (refusal) return refusal;
  if (planRunGoing(deps))
    return { ok: false, message: 'A plan is running and would overwrite this change; try again when it has finished.' };
  const cabal = findCabalStatus(db, problem.id, change.month);
  if (!cabal || cabal.status !== 'draft')
    return { ok: false, message: `${problem.title} has no draft cabal in ${monthLabel(change.month)}.` };
  const { request, plan } = draftContext(db, change.month);
  const members =
    plan.months.find((m) => m.month === change.month)?.cabals.find((c) => c.problem === problem.id)?.members ?? [];
  const person = request.people.find((p) => p.id === change.incoming);
  const leaving = request.people.find((p) => p.id === change.out);
  const where = `${problem.title}'s cabal of ${monthLabel(change.month)}`;
  if (!members.some((m) => m.person === change.out))
    return { ok: false, message: `${leaving?.name ?? 'That person'} is not in ${where}.` };
  if (!person) return { ok: false, message: 'candidate: there is no such person to bring in.' };
  if (members.some((m) => m.person === change.incoming))
    return { ok: false, message: `${person.name} is already in ${where}.` };
  const previous =
    request.history.find((h) => h.month === addMonths(change.month, -1) && h.problem === problem.id)?.members ?? [];
  const incoming = placedMember(
    problem,
    person,
    previous,
    `picked by ${account.name} to replace ${leaving?.name ?? change.out}`,
    true,
  );
  const edited: PlanMonth[] = plan.months.map((m) =>
    m.month !== change.month
      ? m
      : {
          ...m,
          cabals: m.cabals.map((c) =>
            c.problem !== problem.id
              ? c
              : { ...c, members: [...c.members.filter((x) => x.person !== change.out), incoming] },
          ),
        },
  );
  const key = (v: Violation) => `${v.rule}|${v.month}|${v.problem}|${v.detail}`;
  const before = new Set(checkPlan(request, plan).violations.map(key));
  const broken = checkPlan(request, { months: edited }).violations.filter((v) => !before.has(key(v)));
  if (broken.length) {
    return {
      ok: false,
      message: `${person.name} cannot replace ${leaving?.name ?? change.out}: that breaks a hard rule.`,
      violations: namedViolations(db, broken),
    };
  }
  const at = clock.now().toISO()!;
  db.transaction((tx) => {
    replaceMember(tx, cabal.id, change.out, incoming);
    // The swap becomes two pins, so a later re-plan keeps it instead of silently undoing the lead's choice.
    const pin = { month: change.month, problem: problem.id };
    upsertPin(tx, { ...pin, person: change.incoming, mode: 'include' }, { userId: account.id, at });
    upsertPin(tx, { ...pin, person: change.out, mode: 'exclude' }, { userId: account.id, at });
    const detail = `${leaving?.name ?? change.out} replaced by ${person.name}`;
    insertAudit(
      tx,
      [
        { action: 'cabal.leave', problemId: problem.id, month: change.month, personId: change.out, detail },
        { action: 'cabal.join', problemId: problem.id, month: change.month, personId: change.incoming, detail },
        { action: 'pin.add', ...pin, personId: change.incoming, detail: 'pinned in by the swap' },
        { action: 'pin.add', ...pin, personId: change.out, detail: 'pinned out by the swap' },
      ],
      { userId: account.id, at },
    );
  });
  return {
    ok: true,
    notice: `${person.name} replaces ${leaving?.name ?? change.out} in ${monthLabel(change.month)}. Both are pinned, so a re-plan keeps the swap.`,
  };
}

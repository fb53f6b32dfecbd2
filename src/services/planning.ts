import type { Db } from '../db/client.ts';
import { insertAudit } from '../db/repos/audit.ts';
import {
  deleteDraftsFrom,
  draftMonthSpan,
  findCabalStatus,
  isMonthPublished,
  lastPublishedMonth,
  listDraftMonths,
  listDraftMonthSummaries,
  listHistory,
  listPlanMonths,
  listPublishedMonths,
  publishMonth,
  replaceMember,
  writePlanMonths,
} from '../db/repos/cabals.ts';
import { deletePin, listPins, upsertPin } from '../db/repos/pins.ts';
import { listDepartments, listPlanningPeople, namesOf } from '../db/repos/people.ts';
import { listProblems, type ProblemRecord } from '../db/repos/problems.ts';
import {
  findPlanRun,
  finishPlanRun,
  insertPlanRun,
  listPlanRuns,
  updatePlanRunProgress,
  type PlanRun,
  type PlanRunOutcome,
} from '../db/repos/plan-runs.ts';
import { getPolicy } from '../db/repos/policy.ts';
import type { Account } from '../db/repos/users.ts';
import { currentMonth, type Clock } from '../domain/clock.ts';
import { addMonths, compareMonths, isMonth, monthsBetween, type Month } from '../domain/month.ts';
import type { InfeasibleAnswer, Plan, PlanMonth, PlanRequest, PlanResult, Violation } from '../domain/plan.ts';
import { isActiveIn, isAffected, type MemberTag, type Person, type Pin, type Problem } from '../domain/types.ts';
import { checkPlan, parsePlan, rankCandidates, type RankedCandidate } from '../planner/index.ts';
import { PlanRunStopped, startPlanRun, type PlanRun as RunnerHandle } from './plan-runner.ts';
import { membershipMoves } from './audit.ts';

/** The most months one run may plan. */
export const MAX_PLAN_MONTHS = 12;

/** How long a web-started run may take before its worker is stopped (12 months of 3000 people plan in about 10 s). */
const RUN_DEADLINE_MS = 3 * 60 * 1000;

/** The runs still working, per database, so a second run waits for the first and the widget can tell live from orphaned. */
const liveRuns = new WeakMap<Db, Map<number, RunnerHandle>>();

function live(db: Db): Map<number, RunnerHandle> {
  let runs = liveRuns.get(db);
  if (!runs) liveRuns.set(db, (runs = new Map()));
  return runs;
}

/** The first month a new plan starts at: the month after the last published month, or the current month. */
export function nextPlanMonth(db: Db, clock: Clock): Month {
  const last = lastPublishedMonth(db);
  return last ? addMonths(last, 1) : currentMonth(clock);
}

/**
 * Builds the plan request for months from `first` on out of the database: people with skills and unavailable months,
 * active problems, the policy, every cabal before `first` as history, and the pins. Problems that are no longer
 * planned but appear in history stay in the request, ended before `first`, so history still counts.
 */
export function buildPlanRequest(db: Db, first: Month, months: number): PlanRequest {
  const people: Person[] = listPlanningPeople(db);
  const known = new Set(people.map((p) => p.id));
  const history = listHistory(db, first).map((h) => ({ ...h, members: h.members.filter((m) => known.has(m)) }));
  const historyMonths = new Map<string, { first: Month; last: Month }>();
  for (const h of history) {
    const span = historyMonths.get(h.problem);
    historyMonths.set(h.problem, { first: span?.first ?? h.month, last: h.month });
  }
  const problems: Problem[] = [];
  for (const { status, lead: _lead, ...p } of listProblems(db)) {
    const span = historyMonths.get(p.id);
    if (status === 'active') problems.push(p);
    else if (span)
      problems.push({ ...p, startMonth: span.first < p.startMonth ? span.first : p.startMonth, endMonth: span.last });
  }
  const planned = new Set(problems.map((p) => p.id));
  return {
    startMonth: first,
    months,
    seed: 1,
    policy: getPolicy(db),
    departments: listDepartments(db),
    people,
    problems,
    history: history.filter((h) => planned.has(h.problem)),
    pins: listPins(db, first).filter((pin) => planned.has(pin.problem) && known.has(pin.person)),
  };
}

/** Rewrites person ids in the checker's and the planner's sentences as names, so a lead reads names, not ids. */
function personNamer(db: Db, texts: (string | undefined)[]): (text: string | undefined) => string {
  const token = /[A-Za-z0-9][\w-]*/g;
  const tokens = [...new Set(texts.flatMap((t) => t?.match(token) ?? []))];
  const names = new Map(namesOf(db, tokens).map((p) => [p.id, p.name]));
  return (t) => (t ?? '').replace(token, (id) => names.get(id) ?? id);
}

/** The same violations with people named. */
function namedViolations(db: Db, violations: Violation[]): Violation[] {
  const name = personNamer(
    db,
    violations.map((v) => v.detail),
  );
  return violations.map((v) => ({ ...v, detail: name(v.detail) }));
}

/** Why a run could not start. */
export type StartRefusal = { ok: false; message: string; runId?: number };

/**
 * Starts planning `months` months from `first` (by default the next unpublished month) in a worker thread and
 * returns the run's id at once; the run saves its drafts itself when the whole horizon is planned.
 */
export function startPlanning(
  db: Db,
  clock: Clock,
  account: Account,
  options: { months: number; first?: Month },
): { ok: true; runId: number } | StartRefusal {
  const running = [...live(db).keys()][0];
  if (running !== undefined)
    return { ok: false, message: 'A plan is already running; wait for it to finish.', runId: running };
  const earliest = nextPlanMonth(db, clock);
  const first = options.first ?? earliest;
  if (compareMonths(first, earliest) < 0)
    return { ok: false, message: `${first} is published; planning starts at ${earliest}.` };
  const months = Math.max(1, Math.min(MAX_PLAN_MONTHS, Math.trunc(options.months)));
  const request = buildPlanRequest(db, first, months);
  const at = clock.now().toISO()!;
  const runId = insertPlanRun(db, { startedBy: account.id, startedAt: at, firstMonth: first, months });
  const handle = startPlanRun(request, {
    deadlineMs: RUN_DEADLINE_MS,
    onProgress: (p) => updatePlanRunProgress(db, runId, Math.min(p.monthIndex, months)),
  });
  live(db).set(runId, handle);
  handle.promise
    .then((result) => saveRunResult(db, clock, account, runId, request, result))
    .catch((error: unknown) => {
      finishPlanRun(db, runId, { status: 'failed', message: failureMessage(error) }, clock.now().toISO()!);
    })
    .finally(() => live(db).delete(runId));
  return { ok: true, runId };
}

/** Says in plain words why a run stopped without an answer. */
function failureMessage(error: unknown): string {
  if (error instanceof PlanRunStopped) {
    return error.reason === 'cancelled'
      ? 'The run was cancelled.'
      : `The planner did not finish within ${RUN_DEADLINE_MS / 60000} minutes. Try fewer months, or remove the newest pin.`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Stops a running plan; nothing it would have drafted is saved. Returns whether there was a live run to stop. */
export function cancelPlanning(db: Db, runId: number, account: Account): boolean {
  const run = findPlanRun(db, runId);
  // Only whoever started a run, or an admin, may stop it.
  if (!run || (run.startedBy !== account.id && !account.roles.includes('admin'))) return false;
  const handle = live(db).get(runId);
  handle?.cancel();
  return handle !== undefined;
}

/** Tells whether a run is still working in this process (a "running" row without a worker was orphaned by a restart). */
export function isRunLive(db: Db, runId: number): boolean {
  return live(db).has(runId);
}

/** Resolves when every run of this database has finished and saved; for tests and shutdown. */
export async function settleRuns(db: Db): Promise<void> {
  while (live(db).size > 0) {
    await Promise.allSettled([...live(db).values()].map((h) => h.promise));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Saves a finished run: a plan replaces every draft from its first month on (published months are never touched, and
 * the moves are audited); an infeasible answer is only recorded, so nothing already drafted is lost.
 */
function saveRunResult(
  db: Db,
  clock: Clock,
  account: Account,
  runId: number,
  request: PlanRequest,
  result: PlanResult,
): void {
  const at = clock.now().toISO()!;
  if (result.status === 'infeasible') return finishPlanRun(db, runId, result, at);
  // Neither a plan nor a proof within the budget: recorded as a failed run with the planner's own words.
  if (result.status === 'undecided') return finishPlanRun(db, runId, { status: 'failed', message: result.message }, at);
  const months = result.plan.months.map((m) => m.month);
  const published = months.filter((m) => isMonthPublished(db, m));
  if (published.length) {
    return finishPlanRun(
      db,
      runId,
      { status: 'failed', message: `${published.join(', ')} was published while the plan ran; plan again.` },
      at,
    );
  }
  // The studio may have changed while the plan ran (a profile, a problem, the policy): check it against today's data.
  const fresh = buildPlanRequest(db, request.startMonth, request.months);
  const stale = checkPlan(fresh, result.plan).violations;
  if (stale.length) {
    const rules = [...new Set(stale.map((v) => v.rule))].join(', ');
    return finishPlanRun(
      db,
      runId,
      {
        status: 'failed',
        message: `The studio changed while the plan ran, and the plan now breaks ${rules}; nothing was saved. Plan again.`,
      },
      at,
    );
  }
  const outcome: PlanRunOutcome = db.transaction((tx) => {
    const before = listPlanMonths(tx, { from: request.startMonth, status: 'draft' });
    const last = months.at(-1) ?? request.startMonth;
    const dropped = [...new Set(before.map((m) => m.month))].filter((m) => compareMonths(m, last) > 0);
    deleteDraftsFrom(tx, request.startMonth);
    writePlanMonths(tx, result.plan.months, 'draft', at, account.id);
    const moves = membershipMoves(before, result.plan.months, `plan run #${runId}`);
    insertAudit(tx, [...moves, { action: 'plan.save', detail: `plan run #${runId} drafted ${months.join(', ')}` }], {
      userId: account.id,
      at,
    });
    return { status: 'planned', months, quality: result.plan.quality, droppedMonths: dropped };
  });
  finishPlanRun(db, runId, outcome, at);
}

/** A change to cabals that was refused, with the reasons to show. */
export type Refusal = { ok: false; message: string; violations?: Violation[] };

/** Publishes the earliest draft month after checking it against every hard rule; its cabals are frozen from then on. */
export function publishDraftMonth(
  db: Db,
  clock: Clock,
  account: Account,
  month: Month,
): { ok: true; cabals: number } | Refusal {
  const drafts = listDraftMonths(db);
  if (!drafts.includes(month)) return { ok: false, message: `${month} has no draft cabals to publish.` };
  const next = nextPlanMonth(db, clock);
  // Published months are history, so they must run on without a gap: a skipped month could never be staffed.
  if (month !== next)
    return { ok: false, message: `Publish ${next} first: months are published in order, without gaps.` };
  const monthPlan = listPlanMonths(db, { from: month, before: addMonths(month, 1) });
  const inMonth = new Set(monthPlan.flatMap((m) => m.cabals.map((c) => c.problem)));
  const leadsOne = listProblems(db).some((p) => inMonth.has(p.id) && p.lead === account.personId);
  if (!account.roles.includes('admin') && !leadsOne) {
    return { ok: false, message: `Only an admin or the lead of one of ${month}'s problems may publish it.` };
  }
  const request = buildPlanRequest(db, month, 1);
  const { violations } = checkPlan(request, { months: monthPlan });
  if (violations.length) {
    return {
      ok: false,
      message: `${month} breaks hard rules; re-plan it before publishing.`,
      violations: namedViolations(db, violations),
    };
  }
  const at = clock.now().toISO()!;
  const cabals = db.transaction((tx) => {
    const count = publishMonth(tx, month, at, account.id);
    insertAudit(tx, [{ action: 'month.publish', month, detail: `published ${count} cabals of ${month}` }], {
      userId: account.id,
      at,
    });
    return count;
  });
  return { ok: true, cabals };
}

/** The last month a re-plan from `month` must cover: the last drafted month, or `month` itself. */
function replanSpan(db: Db, month: Month): number {
  const last = draftMonthSpan(db)?.last;
  return last && compareMonths(last, month) > 0 ? monthsBetween(month, last) + 1 : 1;
}

/**
 * The months a re-plan after a pin covers: from the pinned month (or from the first undrafted month, when the pin lies
 * beyond the drafts, so no gap opens) through the last drafted month or the pinned month, whichever is later.
 */
function replanWindow(db: Db, clock: Clock, month: Month): { first: Month; months: number } {
  const last = draftMonthSpan(db)?.last;
  const afterDrafts = last ? addMonths(last, 1) : nextPlanMonth(db, clock);
  const first = compareMonths(month, afterDrafts) < 0 ? month : afterDrafts;
  const end = last && compareMonths(last, month) > 0 ? last : month;
  return { first, months: Math.min(MAX_PLAN_MONTHS, monthsBetween(first, end) + 1) };
}

/** Checks that a month of a problem may still be changed: after the published months, and inside the problem's run. */
function changeableMonth(db: Db, clock: Clock, problem: ProblemRecord, month: Month): Refusal | undefined {
  if (!isMonth(month)) return { ok: false, message: `${month} is not a month.` };
  const earliest = nextPlanMonth(db, clock);
  if (compareMonths(month, earliest) < 0)
    return { ok: false, message: `${month} is published (or past); it cannot change.` };
  if (problem.status !== 'active' || !isActiveIn(problem, month)) {
    return { ok: false, message: `${problem.title} is not active in ${month}.` };
  }
  return undefined;
}

/**
 * Pins a person into or out of a problem's cabal in a month (or removes the pin), then re-plans that month and every
 * drafted month after it, keeping all pins. Returns the re-plan's run id.
 */
export function pinAndReplan(
  db: Db,
  clock: Clock,
  account: Account,
  problem: ProblemRecord,
  change: { month: Month; person: string; mode: Pin['mode'] | 'remove' },
): { ok: true; runId: number } | Refusal {
  const refusal = changeableMonth(db, clock, problem, change.month);
  if (refusal) return refusal;
  if (namesOf(db, [change.person]).length === 0) return { ok: false, message: `Unknown person ${change.person}.` };
  if (live(db).size > 0) return { ok: false, message: 'A plan is running; pin again when it has finished.' };
  if (monthsBetween(nextPlanMonth(db, clock), change.month) >= MAX_PLAN_MONTHS) {
    return { ok: false, message: `Pins reach at most ${MAX_PLAN_MONTHS} months ahead of ${nextPlanMonth(db, clock)}.` };
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
  return startPlanning(db, clock, account, replanWindow(db, clock, change.month));
}

/**
 * The request and the drafted plan from a month on, which candidate ranking and edit checks judge. A change to one
 * month can only break rules up to the longest streak limit later (a streak through it, or next month's carry-over),
 * so the window stops there rather than checking every drafted month.
 */
function draftContext(db: Db, month: Month): { request: PlanRequest; plan: Pick<Plan, 'months'> } {
  const policy = getPolicy(db);
  const reach = Math.max(policy.maxConsecutiveMonths, policy.maxConsecutiveMonthsOnProblem) + 1;
  const span = Math.min(replanSpan(db, month), reach);
  const request = buildPlanRequest(db, month, span);
  return { request, plan: { months: listPlanMonths(db, { from: month, before: addMonths(month, span) }) } };
}

/** A ranked candidate with the department name the page shows. */
export interface CandidateView extends RankedCandidate {
  departmentName: string;
  ok: boolean;
}

/** Ranks replacements for one member of a draft cabal: rule-abiding candidates first, each with reasons and rule effects. */
export function rankReplacements(
  db: Db,
  problem: ProblemRecord,
  month: Month,
  person: string,
  limit = 15,
): CandidateView[] {
  const { request, plan } = draftContext(db, month);
  const departments = new Map(request.departments.map((d) => [d.id, d.name]));
  const people = new Map(request.people.map((p) => [p.id, p]));
  const ranked = rankCandidates(request, plan, month, problem.id, { removing: person, limit });
  const name = personNamer(
    db,
    ranked.flatMap((c) => c.breaks.map((b) => b.detail)),
  );
  return ranked.map((c) => ({
    ...c,
    breaks: c.breaks.map((b) => ({ ...b, detail: name(b.detail) })),
    departmentName: departments.get(people.get(c.person)?.department ?? '') ?? '',
    ok: c.valid,
  }));
}

/** Tags and a one-sentence why for a person a lead seats by hand. */
/**
 * Tags and a true "why" for a member placed by hand (a swap or an imported plan): the tags follow from the data, never
 * from what a file claims, and `how` says who placed them.
 */
function placedMember(problem: Problem, person: Person, previous: string[], how: string, pinned: boolean) {
  const tags: MemberTag[] = [isAffected(problem, person) ? 'affected' : 'outsider'];
  if (previous.includes(person.id)) tags.push('carry-over');
  if (pinned) tags.push('pinned');
  const skills = problem.requiredSkills.filter((r) => (person.skills[r.skill] ?? 0) >= r.minLevel);
  for (const r of skills) tags.push(`skill:${r.skill}`);
  const parts = [
    how,
    tags[0] === 'affected' ? 'affected by the problem' : 'an outsider to the problem',
    ...skills.map((r) => `holds ${r.skill} at level ${person.skills[r.skill]}`),
  ];
  if (previous.includes(person.id)) parts.push('carried over from last month');
  if (pinned) parts.push('pinned, so re-planning keeps them');
  return { person: person.id, tags, why: parts.join('; ') };
}

function handPickedMember(
  request: PlanRequest,
  previous: string[],
  problem: Problem,
  person: Person,
  leadName: string,
  replaced: string,
) {
  return placedMember(problem, person, previous, `picked by ${leadName} to replace ${replaced}`, true);
}

/** Re-describes an imported plan's members from the data: the month before is the import's own, a draft, or history. */
function describeImported(request: PlanRequest, drafts: PlanMonth[], imported: PlanMonth[], by: string): PlanMonth[] {
  const people = new Map(request.people.map((p) => [p.id, p]));
  const problems = new Map(request.problems.map((p) => [p.id, p]));
  const membersOf = (month: Month, problem: string): string[] =>
    imported
      .find((m) => m.month === month)
      ?.cabals.find((c) => c.problem === problem)
      ?.members.map((x) => x.person) ??
    drafts
      .find((m) => m.month === month)
      ?.cabals.find((c) => c.problem === problem)
      ?.members.map((x) => x.person) ??
    request.history.find((h) => h.month === month && h.problem === problem)?.members ??
    [];
  const pinnedIn = new Set(
    request.pins.filter((p) => p.mode === 'include').map((p) => `${p.month}|${p.problem}|${p.person}`),
  );
  return imported.map((m) => ({
    ...m,
    cabals: m.cabals.map((c) => ({
      ...c,
      members: c.members.map((x) =>
        placedMember(
          problems.get(c.problem)!,
          people.get(x.person)!,
          membersOf(addMonths(m.month, -1), c.problem),
          `imported by ${by}`,
          pinnedIn.has(`${m.month}|${c.problem}|${x.person}`),
        ),
      ),
    })),
  }));
}

/**
 * Replaces one member of a draft cabal with another person, refusing (with the rules and numbers) any swap that breaks
 * a hard rule the plan did not already break: in that month, or in a later drafted month through carry-over or streaks.
 */
export function replaceCabalMember(
  db: Db,
  clock: Clock,
  account: Account,
  problem: ProblemRecord,
  change: { month: Month; out: string; incoming: string },
): { ok: true } | Refusal {
  const refusal = changeableMonth(db, clock, problem, change.month);
  if (refusal) return refusal;
  if (live(db).size > 0)
    return { ok: false, message: 'A plan is running and would overwrite this change; try again when it has finished.' };
  const cabal = findCabalStatus(db, problem.id, change.month);
  if (!cabal || cabal.status !== 'draft')
    return { ok: false, message: `${problem.title} has no draft cabal in ${change.month}.` };
  const { request, plan } = draftContext(db, change.month);
  const members =
    plan.months.find((m) => m.month === change.month)?.cabals.find((c) => c.problem === problem.id)?.members ?? [];
  if (!members.some((m) => m.person === change.out))
    return { ok: false, message: `${change.out} is not in this cabal.` };
  if (members.some((m) => m.person === change.incoming))
    return { ok: false, message: `${change.incoming} is already in this cabal.` };
  const person = request.people.find((p) => p.id === change.incoming);
  const leaving = request.people.find((p) => p.id === change.out);
  if (!person) return { ok: false, message: `Unknown person ${change.incoming}.` };
  const previous =
    request.history.find((h) => h.month === addMonths(change.month, -1) && h.problem === problem.id)?.members ?? [];
  const incoming = handPickedMember(request, previous, problem, person, account.name, leaving?.name ?? change.out);
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
  return { ok: true };
}

/** A plan JSON upload that was refused: malformed fields, or the hard rules it breaks. */
export type ImportRefusal = {
  ok: false;
  message: string;
  errors?: { path: string; message: string }[];
  violations?: Violation[];
};

/**
 * Imports an uploaded plan (plan-format JSON) as drafts. It must parse against the plan schema, touch only unpublished
 * months and problems the account may change, and break no hard rule together with the drafts it joins.
 */
export function importPlan(
  db: Db,
  clock: Clock,
  account: Account,
  text: string,
): { ok: true; months: Month[]; cabals: number } | ImportRefusal {
  if (live(db).size > 0)
    return { ok: false, message: 'A plan is running and would overwrite the import; try again when it has finished.' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The file is not JSON: ${(error as Error).message}` };
  }
  const monthsIn = (json as { months?: { month?: unknown }[] })?.months;
  const listed = Array.isArray(monthsIn)
    ? monthsIn
        .map((m) => m?.month)
        .filter(isMonth)
        .sort(compareMonths)
    : [];
  if (listed.length === 0)
    return {
      ok: false,
      message: 'The plan lists no months.',
      errors: [{ path: 'months', message: 'must list at least one month' }],
    };
  const first = listed[0];
  const last = listed.at(-1)!;
  const earliest = nextPlanMonth(db, clock);
  if (compareMonths(first, earliest) < 0)
    return { ok: false, message: `${first} is published (or past); plans can only be imported from ${earliest} on.` };
  const lastDraft = listDraftMonths(db).at(-1);
  const latestStart = lastDraft && compareMonths(lastDraft, earliest) >= 0 ? addMonths(lastDraft, 1) : earliest;
  if (compareMonths(first, latestStart) > 0)
    return {
      ok: false,
      message: `The plan starts at ${first}, leaving the months from ${latestStart} unplanned; start it at ${latestStart} at the latest.`,
    };
  const gap = listed.find((m, k) => k > 0 && monthsBetween(listed[k - 1]!, m) > 1);
  if (gap)
    return { ok: false, message: `The plan skips the month before ${gap}; list every month from ${first} to ${last}.` };
  // Later drafts are checked too: the import changes their carry-over and streaks.
  const policy = getPolicy(db);
  const reach = Math.max(policy.maxConsecutiveMonths, policy.maxConsecutiveMonthsOnProblem) + 1;
  const end =
    lastDraft && compareMonths(lastDraft, last) > 0
      ? monthsBetween(last, lastDraft) > reach
        ? addMonths(last, reach)
        : lastDraft
      : last;
  const request = buildPlanRequest(db, first, monthsBetween(first, end) + 1);
  const parsed = parsePlan(json, request);
  if (!parsed.ok) return { ok: false, message: 'The plan does not match the plan format.', errors: parsed.errors };
  const imported = new Set(parsed.value.months.flatMap((m) => m.cabals.map((c) => c.problem)));
  const leads = new Map(listProblems(db).map((p) => [p.id, p.lead]));
  const foreign = [...imported].filter((id) => !account.roles.includes('admin') && leads.get(id) !== account.personId);
  if (foreign.length)
    return {
      ok: false,
      message: `You do not lead ${foreign.join(', ')}; only their lead or an admin may change their cabals.`,
    };
  const existing = listPlanMonths(db, { from: first, before: addMonths(end, 1), status: 'draft' });
  const retagged = describeImported(request, existing, parsed.value.months, account.name);
  const merged = mergeMonths(existing, retagged);
  const key = (v: Violation) => `${v.rule}|${v.month}|${v.problem}|${v.detail}`;
  const before = new Set(checkPlan(request, { months: existing }).violations.map(key));
  const violations = checkPlan(request, { months: merged }).violations.filter(
    (v) => imported.has(v.problem) || !before.has(key(v)),
  );
  if (violations.length)
    return {
      ok: false,
      message: 'The plan breaks hard rules, so nothing was imported.',
      violations: namedViolations(db, violations),
    };
  const at = clock.now().toISO()!;
  db.transaction((tx) => {
    writePlanMonths(tx, retagged, 'draft', at, account.id);
    const moves = membershipMoves(
      existing.map((m) => ({ ...m, cabals: m.cabals.filter((c) => imported.has(c.problem)) })),
      retagged,
      'imported plan',
    );
    insertAudit(
      tx,
      [...moves, { action: 'plan.import', detail: `imported ${[...imported].join(', ')} for ${listed.join(', ')}` }],
      { userId: account.id, at },
    );
  });
  return {
    ok: true,
    months: [...new Set(listed)],
    cabals: parsed.value.months.reduce((n, m) => n + m.cabals.length, 0),
  };
}

/** Overlays imported cabals on the drafts of the same months, problem by problem. */
function mergeMonths(existing: PlanMonth[], imported: PlanMonth[]): PlanMonth[] {
  const byMonth = new Map(existing.map((m) => [m.month, new Map(m.cabals.map((c) => [c.problem, c]))]));
  for (const m of imported) {
    const cabals = byMonth.get(m.month) ?? new Map();
    for (const c of m.cabals) cabals.set(c.problem, c);
    byMonth.set(m.month, cabals);
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => compareMonths(a, b))
    .map(([month, cabals]) => ({ month, cabals: [...cabals.values()] }));
}

/** One problem's drafted months as a plan document in the shared plan format (quality is the whole draft plan's). */
export function problemPlanDocument(db: Db, problemId: string): Plan | undefined {
  if (!listProblems(db).some((p) => p.id === problemId)) return undefined;
  const drafts = listPlanMonths(db, { status: 'draft' });
  const months = drafts
    .map((m) => ({ month: m.month, cabals: m.cabals.filter((c) => c.problem === problemId) }))
    .filter((m) => m.cabals.length > 0);
  const span = draftMonthSpan(db);
  const quality = span
    ? checkPlan(buildPlanRequest(db, span.first, monthsBetween(span.first, span.last) + 1), { months: drafts }).quality
    : { violations: 0, servedShare: 0, maxMonthsServed: 0, gini: 0, meanSkillFit: 0, newPairShare: 0 };
  return { status: 'planned', months, quality };
}

/** A plan run as the progress widget shows it. */
export interface RunView extends PlanRun {
  live: boolean;
  orphaned: boolean;
  /** The month being planned, counted from 1, while running. */
  currentIndex: number;
  currentMonth: Month;
  percent: number;
  lastMonth: Month;
  /** The viewer's problems with drafts in this run, to jump to their timelines. */
  myProblems: { id: string; title: string }[];
  /** The title of the problem an infeasible answer names. */
  problemTitle?: string;
}

/** An infeasible answer with people named in its message, numbers and ways out. */
function namedAnswer(db: Db, answer: InfeasibleAnswer): InfeasibleAnswer {
  const name = personNamer(db, [answer.message, ...answer.conflict.flatMap((c) => [c.detail, c.wayOut])]);
  return {
    ...answer,
    message: name(answer.message),
    conflict: answer.conflict.map((c) => ({ ...c, detail: name(c.detail), wayOut: name(c.wayOut) })),
  };
}

/** Shapes a run for the progress widget: live or orphaned, "month i of N", and the viewer's problems to look at. */
export function runView(db: Db, run: PlanRun, account: Account): RunView {
  const isLive = isRunLive(db, run.id);
  const currentIndex = Math.min(run.monthsDone + 1, run.months);
  const problems = listProblems(db);
  const outcome = run.outcome?.status === 'infeasible' ? namedAnswer(db, run.outcome) : run.outcome;
  return {
    ...run,
    outcome,
    live: isLive,
    orphaned: run.status === 'running' && !isLive,
    currentIndex,
    currentMonth: addMonths(run.firstMonth, currentIndex - 1),
    percent: Math.round((100 * run.monthsDone) / Math.max(1, run.months)),
    lastMonth: addMonths(run.firstMonth, run.months - 1),
    myProblems: problems
      .filter((p) => p.status === 'active' && p.lead === account.personId)
      .map((p) => ({ id: p.id, title: p.title }))
      .slice(0, 20),
    problemTitle: outcome?.status === 'infeasible' ? problems.find((p) => p.id === outcome.problem)?.title : undefined,
  };
}

/** Everything the plan page shows: where the next plan starts, the drafts by month, published months and recent runs. */
export function loadPlansPage(db: Db, clock: Clock, account: Account) {
  const drafts = listDraftMonthSummaries(db);
  const runs = listPlanRuns(db, 5).map((r) => runView(db, r, account));
  return {
    nextMonth: nextPlanMonth(db, clock),
    drafts: drafts.map((d, i) => ({ ...d, publishable: i === 0 })),
    published: listPublishedMonths(db, 6),
    runs,
    liveRun: runs.find((r) => r.live),
    pins: listPins(db, nextPlanMonth(db, clock)).length,
    myProblems: listProblems(db)
      .filter((p) => p.lead === account.personId && p.status !== 'closed')
      .map((p) => ({ id: p.id, title: p.title, status: p.status })),
  };
}

import { insertAudit } from '../../db/repos/audit.ts';
import { lastPublishedMonths, listDraftMonths, listPlanMonths, writePlanMonths } from '../../db/repos/cabals.ts';
import { listProblems } from '../../db/repos/problems.ts';
import { getPolicy } from '../../db/repos/policy.ts';
import { problemsBeyondReach } from '../../domain/access.ts';
import type { Account } from '../../domain/account.ts';
import { addMonths, compareMonths, isMonth, monthLabel, monthsBetween, type Month } from '../../domain/month.ts';
import { mergePlanMonths, type PlanCabal, type PlanMonth, type Violation } from '../../domain/plan.ts';
import { checkPlan, parsePlan } from '../../planner/index.ts';
import { membershipMoves } from '../audit.ts';
import { describeMoves, listNames, nameLookup, rosterMoves } from './change-notice.ts';
import type { PlanningDeps } from './deps.ts';
import { planRunGoing } from './find-run.ts';
import { namedViolations } from './person-names.ts';
import { describeImported } from './placed-member.ts';
import { buildPlanRequest } from './plan-request.ts';
import { problemFrontier } from './run-scope.ts';
import { monthsAChangeReaches } from '../../domain/streaks.ts';

/** A plan JSON upload that was refused: malformed fields, months that cannot change, or the hard rules it breaks. */
export type ImportRefusal = {
  ok: false;
  message: string;
  errors?: { path: string; message: string }[];
  violations?: Violation[];
};

/** An accepted import: the draft months it changed, how many cabals, and what changed, in sentences with names. */
export type ImportDone = {
  ok: true;
  months: Month[];
  cabals: number;
  /** One line per changed cabal, e.g. "Alpha quest, April 2027: Aiko Holm replaces Ben Ode". */
  changes: string[];
  /** The summary the notice shows. */
  notice: string;
};

type Problems = ReturnType<typeof listProblems>;

const key = (month: Month, problem: string) => `${month}|${problem}`;

/** A cabal's members in a comparable form: person, sorted tags and why, ordered by person. */
function canonical(c: PlanCabal): string {
  return JSON.stringify(
    [...c.members]
      .map((m) => [m.person, [...m.tags].sort(), m.why])
      .sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
  );
}

/** A span of months as words: "March 2027" or "January 2027 – March 2027". */
function monthSpan(months: Month[]): string {
  const sorted = [...months].sort(compareMonths);
  if (sorted.length === 0) return '';
  return sorted.length === 1 ? monthLabel(sorted[0]) : `${monthLabel(sorted[0])} – ${monthLabel(sorted.at(-1)!)}`;
}

/**
 * Imports an uploaded plan (plan-format JSON, for instance a problem's export with its whole timeline). It must parse
 * against the plan schema and name only problems the account may change. Months already published (or past) for a
 * problem must match what was published, member for member, and are left as they are; a change to one is refused
 * with the month named. The remaining months are imported as drafts: each problem's months without gaps from its
 * first month still to plan, breaking no hard rule together with the cabals they join. Draft cabals the file leaves
 * unchanged are kept as they are (with their reasons), so an unchanged export imports as "nothing changed".
 */
export function importPlan(deps: PlanningDeps, account: Account, text: string): ImportDone | ImportRefusal {
  const { db, clock } = deps;
  if (planRunGoing(deps))
    return { ok: false, message: 'A plan is running and would overwrite the import; try again when it has finished.' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The file is not JSON: ${(error as Error).message}` };
  }
  const monthsIn = (json as { months?: { month?: unknown }[] } | null)?.months;
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
  const problems = listProblems(db);
  const byId = new Map(problems.map((p) => [p.id, p]));
  // Any problem may be named, closed ones too (their published months are history a file may carry unchanged).
  const idRequest = {
    ...buildPlanRequest(db, listed[0], 1),
    problems: problems.map(({ status: _s, lead: _l, ...p }) => p),
  };
  const parsed = parsePlan(json, idRequest);
  if (!parsed.ok) return { ok: false, message: 'The plan does not match the plan format.', errors: parsed.errors };
  const named = new Set(parsed.value.months.flatMap((m) => m.cabals.map((c) => c.problem)));
  const title = (id: string) => byId.get(id)?.title ?? id;
  const foreign = problemsBeyondReach(
    account,
    problems.filter((p) => named.has(p.id)),
  );
  if (foreign.length)
    return {
      ok: false,
      message: `You do not lead ${listNames(foreign.map(title))}; only their lead or an admin may change their cabals.`,
    };

  const split = splitPublished(deps, problems, parsed.value.months);
  if (!split.ok) return split;
  const { drafts, keptPublished } = split;
  const keptNote = keptPublished.size
    ? [...keptPublished]
        .map(
          ([id, months]) =>
            `${title(id)}: ${monthSpan(months)} published, left as ${months.length === 1 ? 'it is' : 'they are'}`,
        )
        .join('; ')
    : '';
  if (drafts.length === 0)
    return {
      ok: true,
      months: [],
      cabals: 0,
      changes: [],
      notice: `Nothing changed: the file's months match what is published (${keptNote}).`,
    };

  const order = checkDraftOrder(deps, problems, drafts);
  if (order) return order;

  const first = drafts[0].month;
  const last = drafts.at(-1)!.month;
  // Later cabals are checked too: the import changes their carry-over and streaks.
  const policy = getPolicy(db);
  const reach = monthsAChangeReaches(policy);
  const lastDraft = listDraftMonths(db).at(-1);
  const end =
    lastDraft && compareMonths(lastDraft, last) > 0
      ? monthsBetween(last, lastDraft) > reach
        ? addMonths(last, reach)
        : lastDraft
      : last;
  const request = buildPlanRequest(db, first, monthsBetween(first, end) + 1);
  const existing = listPlanMonths(db, { from: first, before: addMonths(end, 1) });
  const stored = new Map(existing.flatMap((m) => m.cabals.map((c) => [key(m.month, c.problem), c] as const)));
  const imported = new Set(drafts.flatMap((m) => m.cabals.map((c) => c.problem)));
  const retagged = describeImported(request, existing, drafts, account.name);
  // Only cabals whose members change are written: an unchanged cabal keeps its tags and reasons.
  const changed = retagged
    .map((m) => ({
      ...m,
      cabals: m.cabals.filter((c) => {
        const before = stored.get(key(m.month, c.problem));
        const was = new Set(before?.members.map((x) => x.person) ?? []);
        return !before || was.size !== c.members.length || c.members.some((x) => !was.has(x.person));
      }),
    }))
    .filter((m) => m.cabals.length > 0);
  const merged = mergePlanMonths(existing, changed);
  const violationKey = (v: Violation) => `${v.rule}|${v.month}|${v.problem}|${v.detail}`;
  const before = new Set(checkPlan(request, { months: existing }).violations.map(violationKey));
  const violations = checkPlan(request, { months: merged }).violations.filter(
    (v) => (imported.has(v.problem) && compareMonths(v.month, last) <= 0) || !before.has(violationKey(v)),
  );
  if (violations.length)
    return {
      ok: false,
      message: 'The plan breaks hard rules, so nothing was imported.',
      violations: namedViolations(db, violations),
    };

  const name = nameLookup(
    db,
    [...changed, ...existing].flatMap((m) => m.cabals.flatMap((c) => c.members.map((x) => x.person))),
  );
  const changes = changed.flatMap((m) =>
    m.cabals.map((c) => {
      const moves = rosterMoves(
        stored.get(key(m.month, c.problem))?.members.map((x) => x.person) ?? [],
        c.members.map((x) => x.person),
      );
      const said = stored.has(key(m.month, c.problem))
        ? describeMoves(name, moves.joined, moves.left)
        : `a new draft cabal of ${listNames(c.members.map((x) => name(x.person)))}`;
      return `${title(c.problem)}, ${monthLabel(m.month)}: ${said}`;
    }),
  );
  const changedMonths = changed.map((m) => m.month);
  const count = changed.reduce((n, m) => n + m.cabals.length, 0);
  if (count > 0) {
    const at = clock.now().toISO()!;
    db.transaction((tx) => {
      writePlanMonths(tx, changed, 'draft', at, account.id);
      const moves = membershipMoves(
        existing.map((m) => ({
          ...m,
          cabals: m.cabals.filter((c) =>
            changed.some((x) => x.month === m.month && x.cabals.some((y) => y.problem === c.problem)),
          ),
        })),
        changed,
        'imported plan',
      );
      insertAudit(
        tx,
        [
          ...moves,
          {
            action: 'plan.import',
            problemId: imported.size === 1 ? [...imported][0] : undefined,
            detail: `imported ${listNames([...imported].map(title))}: ${changes.join('; ')}`,
          },
        ],
        { userId: account.id, at },
      );
    });
  }
  const unchangedDrafts = drafts.reduce((n, m) => n + m.cabals.length, 0) - count;
  const notice = [
    count > 0
      ? `Imported ${count} changed draft cabal${count === 1 ? '' : 's'} (${monthSpan(changedMonths)}).`
      : 'Nothing changed: the file’s drafts match the drafts kept here.',
    unchangedDrafts > 0 && count > 0
      ? `${unchangedDrafts} draft cabal${unchangedDrafts === 1 ? ' was' : 's were'} unchanged and kept as ${unchangedDrafts === 1 ? 'it was' : 'they were'}.`
      : '',
    keptNote ? `${keptNote}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return { ok: true, months: changedMonths, cabals: count, changes, notice };
}

/**
 * Splits the file's cabals into months already published (or past) for their problem, which must match what was
 * published and are dropped, and draft months to import. Refuses, naming each month, a change to a published month,
 * a past month with nothing published, and drafts for a closed problem.
 */
function splitPublished(
  deps: PlanningDeps,
  problems: Problems,
  months: PlanMonth[],
): { ok: true; drafts: PlanMonth[]; keptPublished: Map<string, Month[]> } | ImportRefusal {
  const { db, clock } = deps;
  const byId = new Map(problems.map((p) => [p.id, p]));
  const lastPublished = lastPublishedMonths(db);
  const published = new Map(
    listPlanMonths(db, { status: 'published', from: months.map((m) => m.month).sort(compareMonths)[0] }).flatMap((m) =>
      m.cabals.map((c) => [key(m.month, c.problem), c] as const),
    ),
  );
  const ids = months.flatMap((m) => m.cabals.flatMap((c) => c.members.map((x) => x.person)));
  const name = nameLookup(db, [...ids, ...[...published.values()].flatMap((c) => c.members.map((x) => x.person))]);
  const errors: { path: string; message: string }[] = [];
  const drafts: PlanMonth[] = [];
  const keptPublished = new Map<string, Month[]>();
  months.forEach((m, mi) =>
    m.cabals.forEach((c, ci) => {
      const problem = byId.get(c.problem)!;
      const path = `months[${mi}].cabals[${ci}]`;
      const label = monthLabel(m.month);
      const frontier = problemFrontier(lastPublished, clock, problem);
      if (compareMonths(m.month, frontier) < 0) {
        const was = published.get(key(m.month, c.problem));
        if (!was) {
          errors.push({
            path,
            message: `${label} of ${problem.title} is past and was never published; plans start at ${monthLabel(frontier)}.`,
          });
          return;
        }
        if (canonical(was) !== canonical(c)) {
          const moves = rosterMoves(
            was.members.map((x) => x.person),
            c.members.map((x) => x.person),
          );
          const what = describeMoves(name, moves.joined, moves.left);
          errors.push({
            path,
            message: `${label} of ${problem.title} is published and cannot change; the file ${what ? `changes it (${what})` : 'changes its members’ tags or reasons'}.`,
          });
          return;
        }
        keptPublished.set(problem.id, [...(keptPublished.get(problem.id) ?? []), m.month]);
        return;
      }
      if (problem.status === 'closed') {
        errors.push({
          path,
          message: `${problem.title} is closed, so ${label} cannot be planned; reopen the problem first.`,
        });
        return;
      }
      const month = drafts.find((d) => d.month === m.month);
      if (month) month.cabals.push(c);
      else drafts.push({ month: m.month, cabals: [c] });
    }),
  );
  if (errors.length)
    return {
      ok: false,
      message:
        errors.length === 1
          ? `${errors[0].message} Nothing was imported.`
          : `Nothing was imported: ${errors.length} months cannot change as the file asks.`,
      errors,
    };
  return { ok: true, drafts: drafts.sort((a, b) => compareMonths(a.month, b.month)), keptPublished };
}

/**
 * Each problem's draft months must run without a gap and start no later than the month after its last draft (or
 * its first month still to plan), so that no month of a problem is left unplanned between others.
 */
function checkDraftOrder(deps: PlanningDeps, problems: Problems, drafts: PlanMonth[]): ImportRefusal | undefined {
  const { db, clock } = deps;
  const lastPublished = lastPublishedMonths(db);
  const lastDraft = new Map<string, Month>();
  for (const m of listPlanMonths(db, { status: 'draft' })) for (const c of m.cabals) lastDraft.set(c.problem, m.month);
  for (const problem of problems) {
    const months = drafts.filter((m) => m.cabals.some((c) => c.problem === problem.id)).map((m) => m.month);
    if (months.length === 0) continue;
    const frontier = problemFrontier(lastPublished, clock, problem);
    const last = lastDraft.get(problem.id);
    const latestStart = last && compareMonths(last, frontier) >= 0 ? addMonths(last, 1) : frontier;
    if (compareMonths(months[0], latestStart) > 0)
      return {
        ok: false,
        message: `The plan starts ${problem.title} at ${monthLabel(months[0])}, leaving ${monthLabel(latestStart)} unplanned; start it at ${monthLabel(latestStart)} at the latest.`,
      };
    const gap = months.find((m, k) => k > 0 && monthsBetween(months[k - 1], m) > 1);
    if (gap)
      return {
        ok: false,
        message: `The plan skips ${monthLabel(addMonths(gap, -1))} of ${problem.title}; list every month from ${monthLabel(months[0])} to ${monthLabel(months.at(-1)!)}.`,
      };
  }
  return undefined;
}

import type { Db } from '../../db/client.ts';
import { insertAudit } from '../../db/repos/audit.ts';
import { draftMonthSpan, listPlanMonths } from '../../db/repos/cabals.ts';
import { dataVersion } from '../../db/repos/data-version.ts';
import { findPerson } from '../../db/repos/people.ts';
import { upsertPin } from '../../db/repos/pins.ts';
import { findRunningPlanRun } from '../../db/repos/plan-runs.ts';
import { listProblems } from '../../db/repos/problems.ts';
import { canChangeProblem } from '../../domain/access.ts';
import type { Account } from '../../domain/account.ts';
import { monthRange, monthsBetween, type Month } from '../../domain/month.ts';
import type { PlanMonth, PlanRequest, PlanResult, Violation } from '../../domain/plan.ts';
import { isActiveIn } from '../../domain/types.ts';
import { cabalViolations, createCheckContext } from '../../planner/check.ts';
import type { StudioCache } from '../studio-cache.ts';
import type { PlanningDeps } from './deps.ts';
import { buildPlanRequest, MAX_PLAN_MONTHS } from './plan-request.ts';
import { namedAnswer, namedViolations } from './person-names.ts';
import { startPlanning } from './plan-runs.ts';
import { resolveScope } from './run-scope.ts';
import { startPlanRun, type PlanRun } from '../plan-runner.ts';

/** A draft cabal the person sits in, and the rules it would newly break without them. */
export interface CabalLoss {
  month: Month;
  problemId: string;
  problemTitle: string;
  members: number;
  broken: Violation[];
}

/** The upcoming (draft) cabals a person is in and what each would lose without them. */
export interface UpcomingLosses {
  first?: Month;
  last?: Month;
  cabals: CabalLoss[];
}

/** The draft months as a plan, the request they belong to, and their span. */
interface DraftContext {
  request: PlanRequest;
  drafts: PlanMonth[];
  first: Month;
  last: Month;
}

/**
 * The draft months and their plan request, built once per version of the studio's data (the studio cache), since
 * building the request reads every person, problem, pin and past cabal; undefined when there are no drafts. Callers
 * share the result and must not change it.
 */
function draftContext(db: Db, cache?: StudioCache): DraftContext | undefined {
  const build = (): DraftContext | undefined => {
    const span = draftMonthSpan(db);
    if (!span) return undefined;
    const drafts = listPlanMonths(db, { from: span.first, status: 'draft' });
    const request = buildPlanRequest(db, span.first, monthsBetween(span.first, span.last) + 1);
    return { request, drafts, first: span.first, last: span.last };
  };
  return cache ? cache.get('impact:draft-context', build) : build();
}

function withoutPerson(months: PlanMonth[], personId: string): PlanMonth[] {
  return months.map((m) => ({
    ...m,
    cabals: m.cabals.map((c) => ({ ...c, members: c.members.filter((x) => x.person !== personId) })),
  }));
}

const key = (v: Violation) => `${v.rule}\u0000${v.month}\u0000${v.problem}\u0000${v.detail}`;

/**
 * For each draft cabal a person sits in (and the cabal of the same problem the month after, whose carry-over counts
 * them), the hard rules it would newly break if the person left: the planner's own checker (src/planner/check.ts)
 * judges the drafts with and without them, so carry-over, required skills, affected/outsider minimums, department
 * count and size are judged exactly as a plan run judges them.
 */
export function upcomingLosses(db: Db, personId: string, cache?: StudioCache): UpcomingLosses {
  if (!cache) return lossesIn(db, draftContext(db), personId);
  return cache.get(`impact:losses:${personId}`, () => lossesIn(db, draftContext(db, cache), personId));
}

/** The losses of upcomingLosses, judged on one draft context. */
function lossesIn(db: Db, context: DraftContext | undefined, personId: string): UpcomingLosses {
  if (!context) return { cabals: [] };
  const { request, drafts } = context;
  const titles = new Map(listProblems(db).map((p) => [p.id, p.title]));
  const before = createCheckContext(request, { months: drafts });
  const after = createCheckContext(request, { months: withoutPerson(drafts, personId) });
  const out: CabalLoss[] = [];
  for (const m of drafts) {
    for (const c of m.cabals) {
      const seated = c.members.some((x) => x.person === personId);
      if (!seated) continue;
      const members = c.members.map((x) => x.person);
      const was = new Set(cabalViolations(before, m.month, c.problem, members).map(key));
      const rest = members.filter((p) => p !== personId);
      const broken = cabalViolations(after, m.month, c.problem, rest).filter(
        (v) => !was.has(key(v)) && v.rule !== 'pins',
      );
      // Next month's carry-over counted this person as staying on.
      const next = drafts.find((x) => x.month > m.month);
      const nextCabal = next?.cabals.find((x) => x.problem === c.problem);
      if (next && nextCabal && !nextCabal.members.some((x) => x.person === personId)) {
        const nextMembers = nextCabal.members.map((x) => x.person);
        const wasNext = new Set(cabalViolations(before, next.month, c.problem, nextMembers).map(key));
        broken.push(
          ...cabalViolations(after, next.month, c.problem, nextMembers).filter(
            (v) => v.rule === 'carry-over' && !wasNext.has(key(v)),
          ),
        );
      }
      out.push({
        month: m.month,
        problemId: c.problem,
        problemTitle: titles.get(c.problem) ?? c.problem,
        members: members.length,
        broken: namedViolations(db, broken),
      });
    }
  }
  return { first: context.first, last: context.last, cabals: out };
}

/** A re-plan of the draft months without a person: a preview that is never saved. */
export interface ReplanPreview {
  personId: string;
  /** The version of the studio's data the preview was planned on (an apply must name it). */
  version: number;
  first: Month;
  months: number;
  run: PlanRun;
  drafts: PlanMonth[];
  names: Map<string, string>;
  titles: Map<string, string>;
  result?: PlanResult;
  error?: string;
}

/** The re-plan previews of one app, by person; a preview is dropped once the studio's data changes. */
export interface ReplanPreviews {
  /** The preview for a person on the current data, started if there is none; undefined when there are no drafts. */
  get(personId: string): ReplanPreview | undefined;
}

/**
 * Creates the app's re-plan previews: each runs the planner in the plan worker, with the person unavailable. A
 * preview is kept while the studio's data version stands (sign-ins and sessions do not move it), and its request
 * comes from the draft context cached for that version, so opening the page again neither rebuilds nor re-plans.
 */
export function createReplanPreviews(db: Db, cache?: StudioCache): ReplanPreviews {
  const previews = new Map<string, ReplanPreview>();
  return {
    get(personId) {
      const version = dataVersion(db);
      const existing = previews.get(personId);
      if (existing && existing.version === version) return existing;
      existing?.run.cancel();
      previews.delete(personId);
      const context = draftContext(db, cache);
      if (!context || !findPerson(db, personId)) return undefined;
      const months = context.request.months;
      const allMonths = monthRange(context.first, months);
      const request: PlanRequest = {
        ...context.request,
        people: context.request.people.map((p) =>
          p.id === personId ? { ...p, unavailable: [...new Set([...p.unavailable, ...allMonths])] } : p,
        ),
        pins: context.request.pins.filter((pin) => pin.person !== personId),
      };
      const run = startPlanRun(request, { deadlineMs: 3 * 60 * 1000 });
      const preview: ReplanPreview = {
        personId,
        version,
        first: context.first,
        months,
        run,
        drafts: context.drafts,
        names: new Map(context.request.people.map((p) => [p.id, p.name])),
        titles: new Map(context.request.problems.map((p) => [p.id, p.title])),
      };
      run.promise.then(
        // The planner's sentences carry ids; the page reads names, as a plan run's explanation does.
        (result) =>
          (preview.result = result.status === 'infeasible' ? { ...result, ...namedAnswer(db, result) } : result),
        (error: unknown) => (preview.error = (error as Error).message),
      );
      previews.set(personId, preview);
      return preview;
    },
  };
}

/** A seat in the side-by-side comparison; `changed` marks a seat the other side does not have. */
export interface ComparedSeat {
  name: string;
  changed: boolean;
  leaving: boolean;
}

/** The preview shaped for the page: running, failed, infeasible (explained) or planned (side by side). */
export type ReplanComparison =
  | { status: 'running'; done: number; months: number }
  | { status: 'failed'; message: string }
  | {
      status: 'infeasible';
      month: Month;
      problemTitle: string;
      message: string;
      conflict: { detail: string; wayOut: string }[];
    }
  | {
      status: 'planned';
      changedSeats: number;
      months: {
        month: Month;
        cabals: { problemId: string; problemTitle: string; current: ComparedSeat[]; preview: ComparedSeat[] }[];
      }[];
    };

/** Compares a finished preview with the current drafts, seat by seat; says where a run stands otherwise. */
export function compareReplan(preview: ReplanPreview): ReplanComparison {
  if (preview.error) return { status: 'failed', message: preview.error };
  const result = preview.result;
  if (!result) {
    const p = preview.run.progress();
    return { status: 'running', done: p.monthIndex, months: p.months };
  }
  const name = (id: string) => preview.names.get(id) ?? id;
  const title = (id: string) => preview.titles.get(id) ?? id;
  if (result.status === 'infeasible') {
    return {
      status: 'infeasible',
      month: result.month,
      problemTitle: title(result.problem),
      message: result.message,
      conflict: result.conflict.map((c) => ({ detail: c.detail, wayOut: c.wayOut })),
    };
  }
  // Neither a plan nor a proof within the planner's budget: said as such, never as "infeasible".
  if (result.status === 'undecided') return { status: 'failed', message: result.message };
  let changedSeats = 0;
  const planned = new Map(result.plan.months.map((m) => [m.month, m]));
  const months = preview.drafts.map((m) => {
    const next = planned.get(m.month);
    const problems = new Set([...m.cabals.map((c) => c.problem), ...(next?.cabals.map((c) => c.problem) ?? [])]);
    return {
      month: m.month,
      cabals: [...problems]
        .map((problemId) => {
          const current = m.cabals.find((c) => c.problem === problemId)?.members.map((x) => x.person) ?? [];
          const proposed = next?.cabals.find((c) => c.problem === problemId)?.members.map((x) => x.person) ?? [];
          const seat = (other: string[]) => (id: string) => ({
            name: name(id),
            changed: !other.includes(id),
            leaving: id === preview.personId,
          });
          const row = {
            problemId,
            problemTitle: title(problemId),
            current: current.map(seat(proposed)),
            preview: proposed.map(seat(current)),
          };
          changedSeats += row.preview.filter((x) => x.changed).length;
          return row;
        })
        .sort((a, b) => a.problemTitle.localeCompare(b.problemTitle)),
    };
  });
  return { status: 'planned', changedSeats, months };
}

/** A problem as the apply form names it. */
export interface ProblemName {
  id: string;
  title: string;
}

/** The problems where a person has draft seats: those the account may re-plan, and the others. */
export interface ApplyScope {
  mine: ProblemName[];
  others: ProblemName[];
}

/**
 * The active problems in whose draft cabals a person sits, split by whether the account may change them (their lead,
 * or an admin): the re-plan without the person can be applied to the first, never to the second.
 */
export function applyScope(db: Db, account: Account, personId: string, cache?: StudioCache): ApplyScope {
  const context = draftContext(db, cache);
  const seated = new Set(
    (context?.drafts ?? []).flatMap((m) =>
      m.cabals.filter((c) => c.members.some((x) => x.person === personId)).map((c) => c.problem),
    ),
  );
  const problems = listProblems(db).filter((p) => seated.has(p.id) && p.status === 'active');
  const name = (p: (typeof problems)[number]) => ({ id: p.id, title: p.title });
  return {
    mine: problems.filter((p) => canChangeProblem(account, p)).map(name),
    others: problems.filter((p) => !canChangeProblem(account, p)).map(name),
  };
}

/** Why a re-plan without a person was not applied: the HTTP status that fits, and a sentence for the lead. */
export type ApplyRefusal = { ok: false; status: 403 | 404 | 409; message: string };

/**
 * Applies the key-person re-plan to the problems the account may change, as a normal re-plan: in one transaction
 * the person is pinned out of every draft month of those problems (each pin audited, and removable on the problem's
 * page like any pin), then a plan run re-plans those problems over the draft months in the plan worker, saving and
 * auditing its drafts as every run does, or explaining why a problem cannot be staffed. Other problems keep their
 * drafts. Refused, with nothing written: 404 for an unknown person; 409 when the studio changed since the preview
 * (`version`), when there are no drafts or no seat, or when a plan is running; 403 when the person's seats are all
 * on problems the account may not change.
 */
export function applyReplanWithout(
  deps: PlanningDeps & { cache?: StudioCache },
  account: Account,
  personId: string,
  version: number,
): { ok: true; runId: number; problems: ProblemName[] } | ApplyRefusal {
  const { db, clock, runs, cache } = deps;
  const person = findPerson(db, personId);
  if (!person) return { ok: false, status: 404, message: 'No one in the studio has this id.' };
  if (dataVersion(db) !== version)
    return {
      ok: false,
      status: 409,
      message: 'The studio changed since this preview was planned; look at the new preview, then apply it.',
    };
  const context = draftContext(db, cache);
  if (!context) return { ok: false, status: 409, message: 'There are no draft months to re-plan.' };
  const { mine, others } = applyScope(db, account, personId, cache);
  if (mine.length === 0) {
    if (others.length === 0)
      return { ok: false, status: 409, message: `${person.name} has no seat in a draft cabal to re-plan.` };
    return {
      ok: false,
      status: 403,
      message: `${person.name}’s draft seats are on ${others.map((p) => p.title).join(', ')}, which you do not lead; only their lead or an admin may re-plan them.`,
    };
  }
  if (runs.anyRunning() !== undefined || findRunningPlanRun(db) !== undefined)
    return { ok: false, status: 409, message: 'A plan is already running; apply this when it has finished.' };
  const scope = resolveScope(db, clock, account, { kind: 'problems', ids: mine.map((p) => p.id) });
  if (!scope.ok) return scope;
  const first = scope.first > context.first ? scope.first : context.first;
  if (first > context.last)
    return { ok: false, status: 409, message: 'Every draft month of these problems is published; nothing to re-plan.' };
  const months = Math.min(MAX_PLAN_MONTHS, monthsBetween(first, context.last) + 1);
  const window = monthRange(first, months);
  const at = clock.now().toISO()!;
  const pins = scope.problems.flatMap((p) =>
    window.filter((m) => isActiveIn(p, m)).map((month) => ({ month, problem: p.id, person: personId })),
  );
  db.transaction((tx) => {
    for (const pin of pins) upsertPin(tx, { ...pin, mode: 'exclude' }, { userId: account.id, at });
    insertAudit(
      tx,
      pins.map((pin) => ({
        action: 'pin.add' as const,
        problemId: pin.problem,
        month: pin.month,
        personId,
        detail: `pinned out to re-plan without ${person.name} (key-person impact)`,
      })),
      { userId: account.id, at },
    );
  });
  // Checked above (no run going, the scope allowed), so the run starts; it plans with the pins just written.
  const started = startPlanning(deps, account, {
    months,
    first,
    scope: { kind: 'problems', ids: mine.map((p) => p.id) },
  });
  if (!started.ok) return { ok: false, status: started.status, message: started.message };
  return { ok: true, runId: started.runId, problems: mine };
}

import type { Db } from '../../db/client.ts';
import { draftMonthSpan, listPlanMonths } from '../../db/repos/cabals.ts';
import { findPerson } from '../../db/repos/people.ts';
import { listProblems } from '../../db/repos/problems.ts';
import { writeMarker } from '../../db/repos/network.ts';
import { monthRange, monthsBetween, type Month } from '../../domain/month.ts';
import type { PlanMonth, PlanRequest, PlanResult, Violation } from '../../domain/plan.ts';
import { cabalViolations, createCheckContext } from '../../planner/check.ts';
import { buildPlanRequest } from './plan-request.ts';
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

/** The draft months as a plan, the request they belong to, and the span. */
function draftContext(db: Db): { request: PlanRequest; drafts: PlanMonth[]; first: Month; last: Month } | undefined {
  const span = draftMonthSpan(db);
  if (!span) return undefined;
  const drafts = listPlanMonths(db, { from: span.first, status: 'draft' });
  const request = buildPlanRequest(db, span.first, monthsBetween(span.first, span.last) + 1);
  return { request, drafts, first: span.first, last: span.last };
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
export function upcomingLosses(db: Db, personId: string): UpcomingLosses {
  const context = draftContext(db);
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
        broken,
      });
    }
  }
  return { first: context.first, last: context.last, cabals: out };
}

/** A re-plan of the draft months without a person: a preview that is never saved. */
export interface ReplanPreview {
  personId: string;
  marker: string;
  first: Month;
  months: number;
  run: PlanRun;
  drafts: PlanMonth[];
  names: Map<string, string>;
  titles: Map<string, string>;
  result?: PlanResult;
  error?: string;
}

/** The re-plan previews of one app, by person; a preview is dropped once anything is written to the database. */
export interface ReplanPreviews {
  /** The preview for a person on the current data, started if there is none; undefined when there are no drafts. */
  get(personId: string): ReplanPreview | undefined;
}

/** Creates the app's re-plan previews: each runs the planner in the plan worker, with the person unavailable. */
export function createReplanPreviews(db: Db): ReplanPreviews {
  const previews = new Map<string, ReplanPreview>();
  return {
    get(personId) {
      const marker = writeMarker(db);
      const existing = previews.get(personId);
      if (existing && existing.marker === marker) return existing;
      existing?.run.cancel();
      const context = draftContext(db);
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
        marker,
        first: context.first,
        months,
        run,
        drafts: context.drafts,
        names: new Map(context.request.people.map((p) => [p.id, p.name])),
        titles: new Map(context.request.problems.map((p) => [p.id, p.title])),
      };
      run.promise.then(
        (result) => (preview.result = result),
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

import { listDraftMonthSummaries, listPublishedMonths } from '../../db/repos/cabals.ts';
import { listPins } from '../../db/repos/pins.ts';
import { listPlanRuns, type PlanRun } from '../../db/repos/plan-runs.ts';
import { listProblems } from '../../db/repos/problems.ts';
import type { Account } from '../../domain/account.ts';
import { addMonths, compareMonths, monthsBetween, type Month } from '../../domain/month.ts';
import type { InfeasibleAnswer, Violation } from '../../domain/plan.ts';
import type { StoredAnswer } from '../../db/repos/plan-runs.ts';
import { canApplyWayOut } from '../../domain/access.ts';
import { wayOutReach } from './apply-way-out.ts';
import type { PlanningDeps } from './deps.ts';
import { namedAnswer } from './person-names.ts';
import { MAX_PLAN_MONTHS, nextPlanMonth } from './plan-request.ts';
import { resolveScope } from './run-scope.ts';
import { runIsLive } from './run-owner.ts';

/** A plan run as the progress widget shows it. */
export interface RunView extends PlanRun {
  live: boolean;
  /** Working in this app process, so it can be cancelled from here (a run of another process is cancelled there). */
  workingHere: boolean;
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
  /** The problems the run plans by title, or null for a studio-wide run. */
  scopeTitles: string[] | null;
  /** The problems the run could not plan, each with its answer, title and ways out; they keep their drafts. */
  blocked: { answer: InfeasibleAnswer; problemTitle: string; ways: WayOutView[] }[];
  /** The ways out of the run's own infeasible answer. */
  ways: WayOutView[];
  /** Later drafts the new months make break a rule, with problem titles. */
  laterBreaks: (Violation & { problemTitle: string })[];
  /** How many months a re-plan from the run's first month must cover to take in those later drafts. */
  replanMonths?: number;
  /** The scope a re-plan of this run asks for. */
  replanScope: 'mine' | 'studio';
  /** What the run changed in the drafts it replaced, a line per changed cabal (the first 40), with problem titles. */
  changes: { problemTitle: string; text: string }[];
  /** How many more changed cabals there were than `changes` lists. */
  moreChanges: number;
}

/** A way out as the viewer sees it: its sentence, and whether they may apply it and re-plan, or why not. */
export interface WayOutView {
  text: string;
  index: number;
  applicable: boolean;
  /** Why the viewer cannot apply it here. */
  note?: string;
}

/** The ways out of a stored answer for an account: each applicable when the account may make every change. */
function wayOutViews(
  answer: StoredAnswer,
  account: Account,
  problems: Map<string, { lead?: string }>,
  finished: boolean,
): WayOutView[] {
  return (answer.wayOuts ?? []).map((w, index) => {
    const edits = answer.edits?.[index] ?? null;
    const view = { text: w.text, index };
    if (!edits) return { ...view, applicable: false, note: 'make this change by hand' };
    if (edits.some((e) => e.kind === 'available'))
      return { ...view, applicable: false, note: 'only they can change their unavailable months: ask them' };
    if (!canApplyWayOut(account, wayOutReach(edits, problems)))
      return {
        ...view,
        applicable: false,
        note: edits.some((e) => e.kind === 'policy')
          ? 'an admin changes the rotation policy'
          : 'their lead or an admin changes these problems',
      };
    return { ...view, applicable: finished };
  });
}

/** Shapes a run for the progress widget: live or orphaned, "month i of N", and the viewer's problems to look at. */
export function runView(deps: Pick<PlanningDeps, 'db' | 'runs' | 'clock'>, run: PlanRun, account: Account): RunView {
  const { db } = deps;
  // Live here, or in another app process on this database that is still working on it.
  const isLive = runIsLive(run, deps.runs, deps.clock);
  const currentIndex = Math.min(run.monthsDone + 1, run.months);
  const problems = listProblems(db);
  const outcome =
    run.outcome?.status === 'infeasible' ? { ...run.outcome, ...namedAnswer(db, run.outcome) } : run.outcome;
  const titles = new Map(problems.map((p) => [p.id, p.title]));
  const byId = new Map(problems.map((p) => [p.id, p]));
  const title = (id: string) => titles.get(id) ?? id;
  const laterBreaks = outcome?.status === 'planned' ? (outcome.laterBreaks ?? []) : [];
  const changes = outcome?.status === 'planned' ? (outcome.changes ?? []) : [];
  const lastBreak = laterBreaks
    .map((v) => v.month)
    .sort(compareMonths)
    .at(-1);
  return {
    ...run,
    outcome,
    live: isLive,
    workingHere: deps.runs.has(run.id),
    orphaned: run.status === 'running' && !isLive,
    currentIndex,
    currentMonth: addMonths(run.firstMonth, currentIndex - 1),
    percent: Math.round((100 * run.monthsDone) / Math.max(1, run.months)),
    lastMonth: addMonths(run.firstMonth, run.months - 1),
    myProblems: problems
      .filter((p) => p.status === 'active' && p.lead === account.personId)
      .map((p) => ({ id: p.id, title: p.title }))
      .slice(0, 20),
    problemTitle: outcome?.status === 'infeasible' ? title(outcome.problem) : undefined,
    scopeTitles: run.scope?.map(title) ?? null,
    blocked: (outcome && 'blocked' in outcome ? (outcome.blocked ?? []) : []).map((answer) => ({
      answer,
      problemTitle: title(answer.problem),
      ways: wayOutViews(answer, account, byId, !isLive),
    })),
    ways: outcome?.status === 'infeasible' ? wayOutViews(outcome, account, byId, !isLive) : [],
    laterBreaks: laterBreaks.map((v) => ({ ...v, problemTitle: title(v.problem) })),
    replanMonths: lastBreak ? Math.min(MAX_PLAN_MONTHS, monthsBetween(run.firstMonth, lastBreak) + 1) : undefined,
    replanScope: run.scope === null ? 'studio' : 'mine',
    changes: changes.slice(0, 40).map((c) => ({ problemTitle: title(c.problem), text: c.text })),
    moreChanges: Math.max(0, changes.length - 40),
  };
}

/** Everything the plan page shows: where the next plan starts, the drafts by month, published months and recent runs. */
export function loadPlansPage(deps: PlanningDeps, account: Account) {
  const { db, clock } = deps;
  const drafts = listDraftMonthSummaries(db);
  const runs = listPlanRuns(db, 5).map((r) => runView(deps, r, account));
  const mine = resolveScope(db, clock, account, { kind: 'mine' });
  const studio = resolveScope(db, clock, account, { kind: 'studio' });
  return {
    nextMonth: nextPlanMonth(db, clock),
    /** What a run of the account's own problems would touch, or why it cannot run. */
    myScope: mine.ok
      ? { first: mine.first, problems: mine.problems.map((p) => ({ id: p.id, title: p.title })) }
      : { refusal: mine.message },
    /** What a studio-wide run would touch, for admins. */
    studioScope: studio.ok ? { first: studio.first, count: studio.problems.length } : undefined,
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

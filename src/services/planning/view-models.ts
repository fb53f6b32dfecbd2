import { listDraftMonthSummaries, listPublishedMonths } from '../../db/repos/cabals.ts';
import { listPins } from '../../db/repos/pins.ts';
import { listPlanRuns, type PlanRun } from '../../db/repos/plan-runs.ts';
import { listProblems } from '../../db/repos/problems.ts';
import type { Account } from '../../domain/account.ts';
import { addMonths, type Month } from '../../domain/month.ts';
import type { PlanningDeps } from './deps.ts';
import { namedAnswer } from './person-names.ts';
import { nextPlanMonth } from './plan-request.ts';

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

/** Shapes a run for the progress widget: live or orphaned, "month i of N", and the viewer's problems to look at. */
export function runView(deps: Pick<PlanningDeps, 'db' | 'runs'>, run: PlanRun, account: Account): RunView {
  const { db } = deps;
  const isLive = deps.runs.has(run.id);
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
export function loadPlansPage(deps: PlanningDeps, account: Account) {
  const { db, clock } = deps;
  const drafts = listDraftMonthSummaries(db);
  const runs = listPlanRuns(db, 5).map((r) => runView(deps, r, account));
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

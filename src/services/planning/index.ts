/**
 * Planning use cases, one per file: building plan requests, plan runs, publishing, cabal edits, candidates, plan
 * import and export, naming people in messages, and the views of runs and the plan page.
 */
export { PlanRunRegistry } from './run-registry.ts';
export type { PlanningDeps, Refusal } from './deps.ts';
export { MAX_PLAN_MONTHS, buildPlanRequest, nextPlanMonth } from './plan-request.ts';
export { startPlanning, cancelPlanning, type StartRefusal } from './plan-runs.ts';
export { resolveScope, problemFrontier, type RunScope } from './run-scope.ts';
export { publishDraftMonth } from './publish-month.ts';
export { pinAndReplan, replaceCabalMember } from './cabal-edits.ts';
export { isDraftSeat, rankReplacements, type CandidateView } from './candidates.ts';
export { importPlan, type ImportRefusal } from './plan-import.ts';
export { problemPlanDocument } from './plan-export.ts';
export { runView, loadPlansPage, type RunView } from './view-models.ts';
export { failOrphanedRuns } from './orphaned-runs.ts';
export { findPlanRunById, planRunGoing } from './find-run.ts';
export { applyWayOut, type WayOutRefusal } from './apply-way-out.ts';

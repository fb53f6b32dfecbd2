/**
 * The planner's public surface: parse a request, plan it, check a plan, rank candidates for a seat.
 * Everything here is pure (no clock, no I/O); run long plans through src/services/plan-runner.ts.
 */
export {
  parsePlanRequest,
  parsePlan,
  formatErrors,
  formatPath,
  planJsonSchemas,
  planRequestSchema,
  planSchema,
} from './schema.ts';
export type { FieldError } from './schema.ts';
export { planRequest } from './plan-request.ts';
export type { PlanOptions, PlanProgress } from './plan-request.ts';
export { checkPlan, gini } from './check.ts';
export { rankCandidates } from './rank.ts';
export type { RankedCandidate, RankOptions } from './rank.ts';
export { generateRequest } from './generate-request.ts';
export type { GenerateRequestOptions } from './generate-request.ts';
export { planResultDocument, RULE_NAMES } from '../domain/plan.ts';
export type {
  Plan,
  PlanRequest,
  PlanResult,
  Quality,
  RuleConflict,
  RuleName,
  Violation,
  InfeasibleAnswer,
} from '../domain/plan.ts';

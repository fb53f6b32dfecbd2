import { cabalUnderCheck, createCheckContext } from '../../../src/planner/check.ts';
import { buildIndex, initialState, type PlannerIndex, type RollingState } from '../../../src/planner/context.ts';
import { failingCabal } from '../../../src/planner/diagnose.ts';
import { addRow, addVariable, emptyModel, lpBackend } from '../../../src/planner/model.ts';
import type { HardRule } from '../../../src/planner/rules/index.ts';
import type { FailingCabal } from '../../../src/planner/rules/types.ts';
import type { Month } from '../../../src/domain/month.ts';
import type { PlanRequest } from '../../../src/domain/plan.ts';

/** A planned month as these tests write it: problem id → member ids. */
export type Cabals = Record<string, string[]>;

/**
 * Runs one rule's check on the cabal of `problem` in `month`, with `months` (month → cabals) as the plan; history
 * comes from the request.
 */
export function check(
  rule: HardRule,
  req: PlanRequest,
  months: Record<Month, Cabals>,
  month: Month,
  problem = 'combat',
): string[] {
  const plan = {
    months: Object.entries(months).map(([m, cabals]) => ({
      month: m,
      cabals: Object.entries(cabals).map(([id, members]) => ({
        problem: id,
        members: members.map((person) => ({ person, tags: [], why: '' })),
      })),
    })),
  };
  const ctx = createCheckContext(req, plan);
  const members = ctx.cabals.get(month)?.get(problem) ?? [];
  return rule.check(cabalUnderCheck(ctx, month, ctx.problems.get(problem)!, members));
}

/**
 * Whether the rule's rows for one cabal (problem index p, the pool given by person ids, `previous` as last month's
 * members, `forced` as pinned in) hold when exactly `chosen` sit: the model has one 0/1 seat per pool member, only
 * this rule's rows, and the seats fixed; it is solved with the javascript-lp-solver backend.
 */
export function rowsHold(
  rule: HardRule,
  req: PlanRequest,
  pool: string[],
  chosen: string[],
  options: { p?: number; previous?: string[]; forced?: string[] } = {},
): boolean {
  const index = buildIndex(req);
  const id = (person: string): number => index.personIndex.get(person)!;
  const model = emptyModel();
  const poolIndices = pool.map(id);
  const seats = poolIndices.map((i) => addVariable(model, `x${i}`, 0, true));
  rule.addCabalRows!(
    model,
    index,
    {
      p: options.p ?? 0,
      pool: poolIndices,
      utility: pool.map(() => 0),
      forced: (options.forced ?? []).map(id),
      previous: options.previous?.map(id),
      continuable: null,
      drop: new Set(),
    },
    seats,
  );
  // The seats are fixed to the chosen cabal; the rows hold when the model still has a solution.
  pool.forEach((person, k) => {
    const v = chosen.includes(person) ? 1 : 0;
    addRow(model, `fix${k}`, [[seats[k], 1]], v, v);
  });
  return lpBackend().solve(model).status === 'solved';
}

/** The planner's index of a request and its state at the start month (history applied). */
export function plannerAt(req: PlanRequest): { index: PlannerIndex; state: RollingState } {
  const index = buildIndex(req);
  return { index, state: initialState(index) };
}

/** Whether the rule keeps `person` off `problem`'s seat in month index `mi` (the request's history applied). */
export function blocks(rule: HardRule, req: PlanRequest, person: string, mi = 0, problem = 'combat'): boolean {
  const { index, state } = plannerAt(req);
  return rule.blocks!(index, state, mi, index.personIndex.get(person)!, index.problemIndex.get(problem)!);
}

/** The failing cabal of `problem` in the request's first month, as the diagnosis hands it to a rule. */
export function failing(req: PlanRequest, problem = 'combat', isolated = true): FailingCabal {
  const { index, state } = plannerAt(req);
  return failingCabal(
    { index, state, mi: 0, seed: req.seed, backend: lpBackend() },
    index.problemIndex.get(problem)!,
    isolated,
  );
}

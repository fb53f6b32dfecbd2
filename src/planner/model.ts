import lpSolver from 'javascript-lp-solver';
import type { Highs } from 'highs';

/** A variable of a maximisation MILP. Integer variables are 0/1 seats; continuous ones are bounded indicators. */
export interface ModelVariable {
  name: string;
  objective: number;
  integer: boolean;
  upper: number;
}

/** A row lo ≤ Σ coef·x ≤ hi (either side may be infinite). */
export interface ModelRow {
  name: string;
  terms: [variable: number, coefficient: number][];
  lo: number;
  hi: number;
}

/** A solver-neutral MILP, built once and handed to either backend. */
export interface LinearModel {
  variables: ModelVariable[];
  rows: ModelRow[];
  /** Set when a row has no variables yet needs a positive sum: no backend is needed to know it is infeasible. */
  triviallyInfeasible: boolean;
}

/** The outcome of a solve: values only when an integral feasible solution was found. */
export type SolveOutcome =
  | { status: 'solved'; values: Float64Array; optimal: boolean }
  | { status: 'infeasible' }
  | { status: 'failed'; reason: string };

/**
 * Work limits of one solve. `nodes` caps HiGHS's branch-and-bound nodes: unlike a time limit it does not depend on
 * the machine's load, so the same model always gives the same answer; the best solution found is returned, not
 * proven optimal.
 */
export interface SolveLimits {
  nodes?: number;
}

/** A backend: turns a model into an outcome. */
export interface Backend {
  name: 'lp' | 'highs';
  solve(model: LinearModel, limits?: SolveLimits): SolveOutcome;
}

/** Starts an empty model. */
export function emptyModel(): LinearModel {
  return { variables: [], rows: [], triviallyInfeasible: false };
}

/** Adds a variable and returns its index. */
export function addVariable(model: LinearModel, name: string, objective: number, integer: boolean, upper = 1): number {
  model.variables.push({ name, objective, integer, upper });
  return model.variables.length - 1;
}

/** Adds a row, folding away empty rows (and flagging the model when an empty row cannot hold). */
export function addRow(model: LinearModel, name: string, terms: [number, number][], lo: number, hi: number): void {
  if (terms.length === 0) {
    if (lo > 0 || hi < 0) model.triviallyInfeasible = true;
    return;
  }
  model.rows.push({ name, terms, lo, hi });
}

const INTEGRALITY = 1e-6;

// The package's types describe an ES default export that NodeNext resolution sees as the module namespace.
const solver = lpSolver as unknown as { Solve(model: object): unknown };

/**
 * The javascript-lp-solver backend, solving in this thread. Models are kept lean because its tableau is dense:
 * `ints` rather than `binaries`, explicit x ≤ 1 rows only for bounded variables, ranged rows as one constraint.
 */
export function lpBackend(timeoutMs = 2000): Backend {
  return {
    name: 'lp',
    solve(model) {
      if (model.triviallyInfeasible) return { status: 'infeasible' };
      return readJsLpResult(model, solver.Solve(toJsLpModel(model, timeoutMs)) as Record<string, unknown>);
    },
  };
}

/** Writes a model in javascript-lp-solver's JSON form (plain data, so it can be posted to a worker). */
export function toJsLpModel(model: LinearModel, timeoutMs: number): object {
  const variables: Record<string, Record<string, number>> = {};
  const constraints: Record<string, { min?: number; max?: number }> = {};
  const ints: Record<string, 1> = {};
  model.variables.forEach((v, k) => {
    const coefficients: Record<string, number> = { obj: v.objective };
    if (v.upper !== Infinity) {
      coefficients[`u${k}`] = 1;
      constraints[`u${k}`] = { max: v.upper };
    }
    variables[`v${k}`] = coefficients;
    if (v.integer) ints[`v${k}`] = 1;
  });
  model.rows.forEach((row, r) => {
    const bound: { min?: number; max?: number } = {};
    if (row.lo !== -Infinity) bound.min = row.lo;
    if (row.hi !== Infinity) bound.max = row.hi;
    constraints[`r${r}`] = bound;
    for (const [k, c] of row.terms) variables[`v${k}`][`r${r}`] = c;
  });
  return { optimize: 'obj', opType: 'max', constraints, variables, ints, options: { timeout: timeoutMs } };
}

/** Reads javascript-lp-solver's answer, accepting it only when integral and when it satisfies every row. */
export function readJsLpResult(model: LinearModel, result: Record<string, unknown>): SolveOutcome {
  if (result.feasible !== true) return { status: 'infeasible' };
  const values = new Float64Array(model.variables.length);
  for (let k = 0; k < values.length; k++) {
    const value = result[`v${k}`];
    values[k] = typeof value === 'number' ? value : 0;
  }
  // A timed-out branch and bound still says feasible, with fractional values: only integral answers count.
  const integral = model.variables.every(
    (v, k) => !v.integer || Math.abs(values[k] - Math.round(values[k])) < INTEGRALITY,
  );
  if (!integral || result.isIntegral === false) {
    return { status: 'failed', reason: 'no integral solution within the time limit' };
  }
  for (let k = 0; k < values.length; k++) if (model.variables[k].integer) values[k] = Math.round(values[k]);
  if (!satisfies(model, values)) return { status: 'failed', reason: 'solution does not satisfy the model' };
  return { status: 'solved', values, optimal: true };
}

/** The HiGHS backend (WebAssembly); the instance is loaded once by the caller because loading is asynchronous. */
export function highsBackend(highs: Highs, timeLimitSeconds = 60): Backend {
  return {
    name: 'highs',
    solve(model, limits = {}) {
      if (model.triviallyInfeasible) return { status: 'infeasible' };
      const result = highs.solve(toLpFormat(model), {
        time_limit: timeLimitSeconds,
        mip_rel_gap: 1e-4,
        output_flag: false,
        log_to_console: false,
        ...(limits.nodes !== undefined ? { mip_max_nodes: limits.nodes } : {}),
      } as never);
      const status = result.Status as string;
      if (status === 'Infeasible') return { status: 'infeasible' };
      // The wasm build reports a reached node limit as "Unknown"; the solution is then checked row by row below.
      const limited = status === 'Time limit reached' || (limits.nodes !== undefined && status === 'Unknown');
      if (status !== 'Optimal' && !limited) return { status: 'failed', reason: status };
      const columns = result.Columns as Record<string, { Primal: number }>;
      const values = new Float64Array(model.variables.length);
      model.variables.forEach((v, k) => {
        const primal = columns[`v${k}`]?.Primal ?? 0;
        values[k] = v.integer ? Math.round(primal) : primal;
      });
      if (!satisfies(model, values)) return { status: 'failed', reason: `${status} without a feasible solution` };
      return { status: 'solved', values, optimal: status === 'Optimal' };
    },
  };
}

/** Writes a model in CPLEX LP format, the text HiGHS reads. */
export function toLpFormat(model: LinearModel): string {
  const term = (k: number, c: number): string => `${c < 0 ? '-' : '+'} ${Math.abs(c)} v${k}`;
  const lines: string[] = [
    'Maximize',
    ` obj: ${model.variables.map((v, k) => term(k, v.objective)).join(' ') || '0 v0'}`,
    'Subject To',
  ];
  model.rows.forEach((row, r) => {
    const expr = row.terms.map(([k, c]) => term(k, c)).join(' ');
    if (row.lo === row.hi) lines.push(` r${r}: ${expr} = ${row.lo}`);
    else {
      if (row.lo !== -Infinity) lines.push(` r${r}l: ${expr} >= ${row.lo}`);
      if (row.hi !== Infinity) lines.push(` r${r}u: ${expr} <= ${row.hi}`);
    }
  });
  lines.push('Bounds');
  model.variables.forEach((v, k) => lines.push(` 0 <= v${k} <= ${v.upper === Infinity ? 'inf' : v.upper}`));
  const integers = model.variables.flatMap((v, k) => (v.integer ? [`v${k}`] : []));
  if (integers.length > 0) lines.push('General', ...chunk(integers, 20).map((c) => ` ${c.join(' ')}`));
  lines.push('End');
  return lines.join('\n');
}

/** Re-checks a solution against every row, so that no backend's tolerance slips a broken answer through. */
export function satisfies(model: LinearModel, values: Float64Array): boolean {
  const eps = 1e-6;
  for (let k = 0; k < values.length; k++)
    if (values[k] < -eps || values[k] > model.variables[k].upper + eps) return false;
  for (const row of model.rows) {
    let sum = 0;
    for (const [k, c] of row.terms) sum += c * values[k];
    if (sum < row.lo - eps || sum > row.hi + eps) return false;
  }
  return true;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

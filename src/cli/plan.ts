import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { planResultDocument } from '../domain/plan.ts';
import { formatErrors, parsePlanRequest, planJsonSchemas } from '../planner/schema.ts';
import { planRequest } from '../planner/plan-request.ts';
import { guardedLpBackend } from '../services/guarded-lp-backend.ts';

const USAGE =
  'usage: npm run plan -- --in request.json --out plan.json [--months N] [--seed S] [--solver lp|highs] | --schema';

/** Runs the plan command and returns its exit status: 0 planned, 1 malformed input, 2 infeasible, 3 undecided. */
export async function runPlanCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        in: { type: 'string' },
        out: { type: 'string' },
        months: { type: 'string' },
        seed: { type: 'string' },
        solver: { type: 'string' },
        schema: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 1;
  }
  if (args.schema) {
    process.stdout.write(`${JSON.stringify(planJsonSchemas(), null, 2)}\n`);
    return 0;
  }
  if (args.in === undefined) {
    process.stderr.write(`--in is required\n${USAGE}\n`);
    return 1;
  }
  if (args.solver !== undefined && args.solver !== 'lp' && args.solver !== 'highs') {
    process.stderr.write(`--solver: must be lp or highs, not "${args.solver}"\n`);
    return 1;
  }
  let json: unknown;
  try {
    // A byte order mark is not JSON, but Windows editors write one at the start of UTF-8 files.
    json = JSON.parse(readFileSync(args.in, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    process.stderr.write(`${args.in}: cannot read the request as JSON: ${(error as Error).message}\n`);
    return 1;
  }
  for (const flag of ['months', 'seed'] as const) {
    const value = args[flag];
    if (value === undefined) continue;
    if (!/^-?\d+$/.test(value)) {
      process.stderr.write(`--${flag}: must be a whole number, not "${value}"\n`);
      return 1;
    }
    // Command-line overrides go through the same validation as the file's own fields.
    if (json !== null && typeof json === 'object') (json as Record<string, unknown>)[flag] = Number(value);
  }
  const parsed = parsePlanRequest(json);
  if (!parsed.ok) {
    process.stderr.write(`${formatErrors(parsed.errors)}\n`);
    return 1;
  }
  const request = parsed.value;
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { format: 'planning {bar} {value}/{total} months | {month}' },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(request.months, 0, { month: request.startMonth });
  const lp = guardedLpBackend();
  await lp.ready();
  const result = await planRequest(request, {
    solver: args.solver as 'lp' | 'highs' | undefined,
    lpBackend: lp,
    onProgress: (p) => bar?.update(p.monthIndex, { month: p.month }),
  });
  lp.close();
  bar?.update(request.months);
  bar?.stop();
  const document = `${JSON.stringify(planResultDocument(result), null, 2)}\n`;
  if (args.out !== undefined) writeFileSync(args.out, document);
  else process.stdout.write(document);
  if (result.status === 'infeasible') {
    process.stderr.write(`infeasible: ${result.message}\n`);
    for (const c of result.conflict) process.stderr.write(`  ${c.rule}: ${c.detail}\n`);
    if (result.noSingleChange) process.stderr.write('  no single change works\n');
    for (const w of result.wayOuts) process.stderr.write(`  way out: ${w.text}  ${JSON.stringify(w.patch)}\n`);
    return 2;
  }
  if (result.status === 'undecided') {
    process.stderr.write(`undecided: ${result.message}\n`);
    return 3;
  }
  const q = result.plan.quality;
  process.stderr.write(
    `planned ${request.months} months: servedShare ${q.servedShare}, gini ${q.gini}, newPairShare ${q.newPairShare}, meanSkillFit ${q.meanSkillFit}\n`,
  );
  return 0;
}

process.exitCode = await runPlanCommand(process.argv.slice(2));

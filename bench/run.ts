import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { generateRequest } from '../src/planner/generate-request.ts';
import type { Quality } from '../src/domain/plan.ts';

// Prints figures; never fails on time. Usage: npx tsx bench/run.ts [--sizes 300x15,1000x50,3000x150] [--solvers lp,highs]
//   [--no-pages] [--no-load] (the load table runs on the largest size: bench/load.ts)
const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    sizes: { type: 'string' },
    solvers: { type: 'string' },
    months: { type: 'string' },
    seed: { type: 'string' },
    'pages-requests': { type: 'string', default: '20' },
    'no-pages': { type: 'boolean', default: false },
    'no-load': { type: 'boolean', default: false },
    'no-search': { type: 'boolean', default: false },
    'no-network': { type: 'boolean', default: false },
  },
});
const sizes = (values.sizes ?? '300x15,1000x50,3000x150')
  .split(',')
  .map((s) => s.split('x').map(Number) as [number, number]);
const solvers = (values.solvers ?? 'lp,highs').split(',') as ('lp' | 'highs')[];
const months = Number(values.months ?? 12);
const seed = Number(values.seed ?? 1);
const outDir = join('bench', 'out');
mkdirSync(outDir, { recursive: true });

interface Row {
  status: string;
  violations?: number;
  quality?: Quality;
  totalMs: number;
  slowestMonthMs: number;
  peakRssMiB: number;
  message?: string;
}

const run = promisify(execFile);
const rows: string[] = [];
const header =
  '| studio | solver | total s | slowest month s | peak MiB | violations | servedShare | maxMonths | gini | meanSkillFit | newPairShare |';
rows.push(
  header,
  `|${header
    .split('|')
    .slice(1, -1)
    .map(() => ' --- ')
    .join('|')}|`,
);
for (const [people, problems] of sizes) {
  const file = join(outDir, `request-${people}x${problems}-${months}m-s${seed}.json`);
  if (!existsSync(file)) {
    const request = await generateRequest({ people, problems, seed, startMonth: '2027-01', months, historyMonths: 2 });
    writeFileSync(file, JSON.stringify(request));
  }
  const results = new Map<string, Row>();
  for (const solver of solvers) {
    let row: Row;
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/plan-once.ts', file, solver], {
        maxBuffer: 1 << 24,
      });
      row = JSON.parse(stdout.trim().split('\n').pop()!) as Row;
    } catch (error) {
      // A crashed run is a figure too (and the table goes on); the benchmark never fails.
      process.stderr.write(`${people}×${problems} ${solver}: ${(error as Error).message}\n`);
      row = { status: 'crashed', totalMs: 0, slowestMonthMs: 0, peakRssMiB: 0 };
    }
    results.set(solver, row);
    const q = row.quality;
    const cells = [
      `${people}×${problems}×${months}`,
      solver,
      (row.totalMs / 1000).toFixed(2),
      (row.slowestMonthMs / 1000).toFixed(2),
      String(row.peakRssMiB),
      row.status === 'planned' ? String(row.violations) : row.status,
      q?.servedShare.toFixed(3) ?? '',
      String(q?.maxMonthsServed ?? ''),
      q?.gini.toFixed(3) ?? '',
      q?.meanSkillFit.toFixed(3) ?? '',
      q?.newPairShare.toFixed(3) ?? '',
    ];
    rows.push(`| ${cells.join(' | ')} |`);
    process.stderr.write(`${cells.join('  ')}\n`);
  }
  const lp = results.get('lp')?.quality;
  const highs = results.get('highs')?.quality;
  if (lp && highs) {
    const time = results.get('lp')!.totalMs / results.get('highs')!.totalMs;
    const within =
      lp.servedShare >= highs.servedShare - 0.02 &&
      lp.gini <= highs.gini + 0.02 &&
      lp.newPairShare >= highs.newPairShare - 0.03;
    rows.push(
      `| ${people}×${problems}×${months} | lp vs highs | ${(time * 100).toFixed(0)} % of the time | | | | ${(lp.servedShare - highs.servedShare).toFixed(3)} | | ${(lp.gini - highs.gini).toFixed(3)} | ${(lp.meanSkillFit - highs.meanSkillFit).toFixed(3)} | ${(lp.newPairShare - highs.newPairShare).toFixed(3)} ${within ? '(within margins)' : '(outside margins)'} |`,
    );
  }
}
console.log(rows.join('\n'));

if (!values['no-pages']) {
  const [people, problems] = sizes.at(-1)!;
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/pages.ts',
      '--people',
      String(people),
      '--problems',
      String(problems),
      '--requests',
      values['pages-requests']!,
    ],
    { maxBuffer: 1 << 24 },
  );
  console.log(stdout);
}

if (!values['no-load']) {
  const [people, problems] = sizes.at(-1)!;
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'bench/load.ts', '--people', String(people), '--problems', String(problems)],
    { maxBuffer: 1 << 24 },
  );
  console.log(stdout);
}

if (!values['no-search']) {
  const [people, problems] = sizes.at(-1)!;
  const args = ['--import', 'tsx', 'bench/search.ts', '--people', String(people), '--problems', String(problems)];
  console.log((await run(process.execPath, args, { maxBuffer: 1 << 24 })).stdout);
}

if (!values['no-network']) {
  const [people, problems] = sizes.at(-1)!;
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'bench/network.ts', '--people', String(people), '--problems', String(problems)],
    { maxBuffer: 1 << 24 },
  );
  console.log(stdout);
}

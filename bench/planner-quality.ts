import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateRequest } from '../src/planner/generate-request.ts';
import type { Quality } from '../src/domain/plan.ts';
import { markdownTable } from './table.ts';

/** Which planner runs to make and compare. */
export interface PlannerBenchOptions {
  sizes: [people: number, problems: number][];
  /** `lp` (the default backend), `highs` (the same pools solved jointly) and `reference` (the yardstick). */
  solvers: ('lp' | 'highs' | 'reference')[];
  months: number;
  seed: number;
  /** The reference is skipped above this many people (it scores everyone for every problem and solves jointly). */
  referenceMaxPeople: number;
}

/** One run's figures, as bench/plan-once.ts prints them. */
interface Row {
  status: string;
  violations?: number;
  quality?: Quality;
  totalMs: number;
  cpuMs?: number;
  slowestMonthMs: number;
  peakRssMiB: number;
  message?: string;
}

const run = promisify(execFile);

/**
 * The path of a generated studio's request (starting 2027-01, two months of history), cached in bench/out/ under
 * `<prefix>-<people>x<problems>-<months>m-s<seed>.json` and generated on first use.
 */
export async function generatedRequestFile(
  prefix: string,
  people: number,
  problems: number,
  months: number,
  seed: number,
): Promise<string> {
  const outDir = join('bench', 'out');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${prefix}-${people}x${problems}-${months}m-s${seed}.json`);
  if (!existsSync(file)) {
    const request = await generateRequest({ people, problems, seed, startMonth: '2027-01', months, historyMonths: 2 });
    writeFileSync(file, JSON.stringify(request));
  }
  return file;
}

/**
 * Plans generated studios with each solver, each run in its own process so that peak memory (max RSS) is that run's,
 * and returns two Markdown tables: the runs, and each backend against the reference with the targets (skill fit
 * ≥ 0.97 × the reference, Gini ≤ + 0.01, new-pair share ≥ − 0.01, servedShare equal, time ≤ 25 %). Never fails on time;
 * a crashed run is a row too.
 */
export async function plannerTables(options: PlannerBenchOptions): Promise<string> {
  const runs: string[][] = [];
  const versus: string[][] = [];
  for (const [people, problems] of options.sizes) {
    const { months, seed } = options;
    const studio = `${people}×${problems}×${months}`;
    const file = await generatedRequestFile('request', people, problems, months, seed);
    const results = new Map<string, Row>();
    for (const solver of options.solvers) {
      if (solver === 'reference' && people > options.referenceMaxPeople) continue;
      let row: Row;
      try {
        const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/plan-once.ts', file, solver], {
          maxBuffer: 1 << 24,
        });
        row = JSON.parse(stdout.trim().split('\n').pop()!) as Row;
      } catch (error) {
        process.stderr.write(`${studio} ${solver}: ${(error as Error).message}\n`);
        row = { status: 'crashed', totalMs: 0, slowestMonthMs: 0, peakRssMiB: 0 };
      }
      results.set(solver, row);
      const q = row.quality;
      const cells = [
        studio,
        solver,
        (row.totalMs / 1000).toFixed(2),
        row.cpuMs === undefined ? '' : (row.cpuMs / 1000).toFixed(2),
        solver === 'reference' ? '' : (row.slowestMonthMs / 1000).toFixed(2),
        String(row.peakRssMiB),
        row.status === 'planned' ? String(row.violations) : row.status,
        q?.servedShare.toFixed(3) ?? '',
        String(q?.maxMonthsServed ?? ''),
        q?.gini.toFixed(3) ?? '',
        q?.meanSkillFit.toFixed(3) ?? '',
        q?.newPairShare.toFixed(3) ?? '',
      ];
      runs.push(cells);
      process.stderr.write(`${cells.join('  ')}\n`);
    }
    const reference = results.get('reference');
    if (reference?.quality === undefined) continue;
    const r = reference.quality;
    for (const solver of ['lp', 'highs'] as const) {
      const row = results.get(solver);
      const q = row?.quality;
      if (row === undefined || q === undefined) continue;
      const time = row.totalMs / reference.totalMs;
      const checks = [
        q.meanSkillFit >= 0.97 * r.meanSkillFit,
        q.gini <= r.gini + 0.01,
        q.newPairShare >= r.newPairShare - 0.01,
        q.servedShare >= r.servedShare,
      ];
      versus.push([
        studio,
        `${solver} vs reference`,
        `${(time * 100).toFixed(0)} %${time <= 0.25 ? '' : ' (over 25 %)'}`,
        (q.servedShare - r.servedShare).toFixed(3),
        (q.gini - r.gini).toFixed(3),
        r.meanSkillFit === 0 ? '' : (q.meanSkillFit / r.meanSkillFit).toFixed(3),
        (q.newPairShare - r.newPairShare).toFixed(3),
        checks.every(Boolean)
          ? 'yes'
          : `no (${['skill fit', 'gini', 'new pairs', 'served'].filter((_, k) => !checks[k]).join(', ')})`,
      ]);
    }
  }
  const head = [
    'studio',
    'solver',
    'total s',
    'CPU s',
    'slowest month s',
    'peak MiB',
    'violations',
    'servedShare',
    'maxMonths',
    'gini',
    'meanSkillFit',
    'newPairShare',
  ];
  const vsHead = [
    'studio',
    'comparison',
    'time',
    'servedShare Δ',
    'gini Δ',
    'skill fit ratio',
    'newPairShare Δ',
    'at least the reference',
  ];
  return `${markdownTable(head, runs)}\n\n${versus.length === 0 ? '' : markdownTable(vsHead, versus)}\n`;
}

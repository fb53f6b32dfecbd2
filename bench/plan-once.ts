import { readFileSync } from 'node:fs';
import { checkPlan } from '../src/planner/check.ts';
import { planRequest } from '../src/planner/plan-request.ts';
import { planReference } from '../src/planner/reference/reference-planner.ts';
import { guardedLpBackend } from '../src/services/guarded-lp-backend.ts';
import type { PlanRequest } from '../src/domain/plan.ts';

// One benchmark run in its own process, so that peak memory belongs to this run alone. Prints one JSON line.
// `reference` is the joint month-by-month HiGHS yardstick of src/planner/reference/.
const [file, solver] = process.argv.slice(2) as [string, 'lp' | 'highs' | 'reference'];
const request = JSON.parse(readFileSync(file, 'utf8')) as PlanRequest;
const start = performance.now();
const cpuStart = process.cpuUsage();
let last = start;
let slowest = 0;
// The default backend as the command and the web app run it: every solve in a worker with a wall-clock deadline.
const lp = guardedLpBackend();
await lp.ready();
const result =
  solver === 'reference'
    ? await planReference(request).then((r) =>
        r.status === 'planned'
          ? { status: 'planned' as const, plan: r.plan }
          : { status: 'infeasible' as const, message: `the reference could not staff ${r.month}` },
      )
    : await planRequest(request, {
        solver,
        lpBackend: lp,
        onProgress: ({ monthIndex }) => {
          const now = performance.now();
          if (monthIndex > 0) slowest = Math.max(slowest, now - last);
          last = now;
        },
      });
const end = performance.now();
// The plan's CPU time, taken before the bench checks the plan again below (the planner has already checked it).
const cpu = process.cpuUsage(cpuStart);
lp.close();
slowest = Math.max(slowest, end - last);
const report =
  result.status === 'planned'
    ? { status: 'planned', violations: checkPlan(request, result.plan).violations.length, quality: result.plan.quality }
    : { status: 'infeasible', message: result.message };
console.log(
  JSON.stringify({
    ...report,
    totalMs: Math.round(end - start),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    slowestMonthMs: Math.round(slowest),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);

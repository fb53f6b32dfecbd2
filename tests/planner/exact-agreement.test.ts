import fc from 'fast-check';
import fastJsonPatch from 'fast-json-patch';
import highsModule, { type Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { planRequest } from '../../src/planner/plan-request.ts';
import { checkPlan } from '../../src/planner/check.ts';
import { parsePlanRequest } from '../../src/planner/schema.ts';
import type { PlanRequest } from '../../src/domain/plan.ts';
import { smallRequest } from '../helpers/small-request.ts';

const MONTHS = ['2027-01', '2027-02', '2027-03', '2027-04'];

/**
 * Tight small requests: 6–9 people in 3 departments, 1–2 problems over 3–4 months, short streak limits, a skill held
 * by one or two people who are away in staggered months, carry-over, history and a pin. Small enough for an exact
 * whole-horizon model, tight enough that month-by-month planning can paint itself into a corner.
 */
const tightRequest = fc
  .record({
    people: fc.integer({ min: 6, max: 9 }),
    holders: fc.integer({ min: 1, max: 2 }),
    away: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 9, maxLength: 9 }),
    problems: fc.array(
      fc.record({
        sizeMin: fc.integer({ min: 2, max: 3 }),
        sizeExtra: fc.integer({ min: 0, max: 1 }),
        minAffected: fc.integer({ min: 0, max: 2 }),
        minOutsiders: fc.integer({ min: 0, max: 2 }),
        minDepartments: fc.integer({ min: 1, max: 3 }),
        carryMin: fc.integer({ min: 0, max: 1 }),
        carryExtra: fc.integer({ min: 0, max: 1 }),
        skill: fc.boolean(),
        late: fc.boolean(),
      }),
      { minLength: 1, maxLength: 2 },
    ),
    months: fc.integer({ min: 3, max: 4 }),
    maxConsecutive: fc.integer({ min: 1, max: 3 }),
    maxOnProblem: fc.integer({ min: 1, max: 2 }),
    history: fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
    pin: fc.option(fc.record({ person: fc.nat(8), problem: fc.nat(1), month: fc.nat(3), include: fc.boolean() }), {
      freq: 3,
    }),
    seed: fc.integer({ min: 1, max: 1000 }),
  })
  .map((r): PlanRequest =>
    smallRequest({
      months: MONTHS.slice(0, r.months),
      seed: r.seed,
      maxConsecutive: r.maxConsecutive,
      maxOnProblem: r.maxOnProblem,
      people: Array.from({ length: r.people }, (_, i) => ({
        department: i % 3,
        skills: i < r.holders ? { rigging: 2 } : i === r.holders ? { rigging: 1 } : {},
        away: r.away[i] >= 0 && r.away[i] < r.months ? MONTHS[r.away[i]] : undefined,
      })),
      problems: r.problems.map((q, k) => ({
        affectedDepartment: k,
        requiredSkill: q.skill ? { skill: 'rigging', minLevel: 2 } : undefined,
        size: { min: q.sizeMin, max: q.sizeMin + q.sizeExtra },
        minAffected: q.minAffected,
        minOutsiders: q.minOutsiders,
        minDepartments: q.minDepartments,
        carryOver: { min: Math.min(q.carryMin, q.sizeMin), max: Math.min(q.carryMin + q.carryExtra, q.sizeMin) },
        late: q.late,
      })),
      history: r.history
        .slice(0, r.people)
        .flatMap((sat, i) => (sat ? [i] : []))
        .slice(0, 3),
      pin: r.pin,
    }),
  );

let highs: Highs;
beforeAll(async () => {
  highs = await (highsModule as unknown as () => Promise<Highs>)();
});

/**
 * Decides whether a request has a plan with one exact MILP of its whole horizon, written here from the hard rules
 * of PRODUCT.md with none of the planner's code: x[t][k][i] = 1 when person i sits on problem k in month t. History
 * is the single month before the start (as the generator writes it).
 */
function exactlyFeasible(req: PlanRequest): boolean {
  const months = MONTHS.slice(0, req.months);
  const history = req.history[0];
  const inHistory = (i: number): boolean => history?.members.includes(req.people[i].id) ?? false;
  const active = months.map((m) => req.problems.map((p) => p.startMonth <= m && (p.endMonth ?? '9999-12') >= m));
  const x = (t: number, k: number, i: number): string => `x_${t}_${k}_${i}`;
  const rows: string[] = [];
  const binaries: string[] = [];
  const indicators: string[] = [];
  let r = 0;
  const row = (terms: string[], sense: string, rhs: number): void => {
    if (terms.length === 0) {
      if ((sense === '>=' && rhs > 0) || (sense === '<=' && rhs < 0) || (sense === '=' && rhs !== 0))
        rows.push(` r${r++}: 0 z_empty >= 1`);
      return;
    }
    rows.push(` r${r++}: ${terms.join(' + ')} ${sense} ${rhs}`);
  };
  for (const pin of req.pins) {
    const t = months.indexOf(pin.month);
    const k = req.problems.findIndex((p) => p.id === pin.problem);
    if (t >= 0 && pin.mode === 'include' && !active[t][k]) return false;
  }
  months.forEach((month, t) => {
    req.problems.forEach((problem, k) => {
      if (!active[t][k]) return;
      const seats = req.people.map((_, i) => x(t, k, i));
      binaries.push(...seats);
      const affected = req.people.map(
        (p) => problem.affectedDepartments.includes(p.department) || problem.affectedPeople.includes(p.id),
      );
      row(seats, '>=', problem.size.min);
      row(seats, '<=', problem.size.max);
      row(
        seats.filter((_, i) => affected[i]),
        '>=',
        problem.minAffected,
      );
      row(
        seats.filter((_, i) => !affected[i]),
        '>=',
        problem.minOutsiders,
      );
      const departments = [...new Set(req.people.map((p) => p.department))];
      const present = departments.map((d) => `y_${t}_${k}_${d}`);
      indicators.push(...present);
      departments.forEach((d, n) => {
        const members = seats.filter((_, i) => req.people[i].department === d);
        rows.push(` r${r++}: ${present[n]}${members.map((s) => ` - ${s}`).join('')} <= 0`);
      });
      row(present, '>=', problem.minDepartments);
      for (const need of problem.requiredSkills) {
        row(
          seats.filter((_, i) => (req.people[i].skills[need.skill] ?? 0) >= need.minLevel),
          '>=',
          1,
        );
      }
      req.people.forEach((p, i) => {
        if (p.unavailable.includes(month)) row([seats[i]], '<=', 0);
      });
      for (const pin of req.pins) {
        if (pin.month !== month || pin.problem !== problem.id) continue;
        const i = req.people.findIndex((p) => p.id === pin.person);
        row([seats[i]], pin.mode === 'include' ? '>=' : '<=', pin.mode === 'include' ? 1 : 0);
      }
      // Carry-over, when the problem had a cabal the month before (history for the first month).
      const before =
        t > 0
          ? active[t - 1][k]
            ? req.people.map((_, i) => x(t - 1, k, i))
            : undefined
          : history?.problem === problem.id
            ? req.people.map((_, i) => (inHistory(i) ? 'one' : undefined))
            : undefined;
      if (before !== undefined) {
        const carried: string[] = [];
        req.people.forEach((_, i) => {
          const b = before[i];
          if (b === undefined) return;
          if (b === 'one') {
            carried.push(seats[i]);
            return;
          }
          const z = `c_${t}_${k}_${i}`;
          rows.push(` r${r++}: ${z} - ${seats[i]} <= 0`, ` r${r++}: ${z} - ${b} <= 0`);
          rows.push(` r${r++}: ${z} - ${seats[i]} - ${b} >= -1`);
          carried.push(z);
        });
        row(carried, '>=', problem.carryOver.min);
        row(carried, '<=', problem.carryOver.max);
      }
    });
    req.people.forEach((_, i) => {
      const seats = req.problems.flatMap((_, k) => (active[t][k] ? [x(t, k, i)] : []));
      row(seats, '<=', 1);
    });
  });
  // Consecutive months, overall and on one problem, in every window one month longer than the limit.
  const windows = (limit: number, seatsIn: (t: number, i: number) => string[], fromHistory: (i: number) => boolean) => {
    req.people.forEach((_, i) => {
      for (let end = 0; end < months.length; end++) {
        const start = end - limit;
        const terms: string[] = [];
        for (let t = Math.max(0, start); t <= end; t++) terms.push(...seatsIn(t, i));
        const past = start < 0 && fromHistory(i) ? 1 : 0;
        if (terms.length + past > limit) row(terms, '<=', limit - past);
      }
    });
  };
  windows(
    req.policy.maxConsecutiveMonths,
    (t, i) => req.problems.flatMap((_, k) => (active[t][k] ? [x(t, k, i)] : [])),
    inHistory,
  );
  req.problems.forEach((problem, k) =>
    windows(
      req.policy.maxConsecutiveMonthsOnProblem,
      (t, i) => (active[t][k] ? [x(t, k, i)] : []),
      (i) => history?.problem === problem.id && inHistory(i),
    ),
  );
  if (binaries.length === 0) return true;
  const lp = [
    'Maximize',
    ' obj: 0 one',
    'Subject To',
    ...rows,
    ' fix_one: one = 1',
    'Bounds',
    // A department counts once, however many of its people sit on the cabal.
    ...indicators.map((v) => ` 0 <= ${v} <= 1`),
    'Binary',
    ...binaries.map((v) => ` ${v}`),
    'End',
  ].join('\n');
  const status = highs.solve(lp, { output_flag: false, log_to_console: false } as never).Status as string;
  if (status !== 'Optimal' && status !== 'Infeasible') throw new Error(`reference model: ${status}`);
  return status === 'Optimal';
}

/** Applies a way out's patch to the request, cut to the months through the failing one. */
function applied(req: PlanRequest, patch: unknown[], through: number): PlanRequest {
  const changed = fastJsonPatch.applyPatch(
    JSON.parse(JSON.stringify({ ...req, months: through })),
    patch as fastJsonPatch.Operation[],
    true,
    false,
  ).newDocument;
  const parsed = parsePlanRequest(changed);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

describe('the planner against an exact model of the whole horizon', () => {
  // Month by month (no whole-horizon shortcut), so the proofs and the widening windows are what is tested.
  for (const [label, limits] of [
    ['month by month', { wholeHorizon: 0 }],
    ['as planned by default', {}],
  ] as const) {
    it(`agrees on plan or infeasible, ${label}, and every way out gets past its month`, async () => {
      let planned = 0;
      let infeasible = 0;
      let wayOuts = 0;
      await fc.assert(
        fc.asyncProperty(tightRequest, async (req) => {
          const feasible = exactlyFeasible(req);
          const result = await planRequest(req, { limits });
          expect(result.status).toBe(feasible ? 'planned' : 'infeasible');
          if (result.status === 'planned') {
            planned++;
            expect(checkPlan(req, result.plan).violations).toEqual([]);
          }
          if (result.status !== 'infeasible') return;
          infeasible++;
          const through = MONTHS.indexOf(result.month) + 1;
          for (const wayOut of result.wayOuts) {
            expect(exactlyFeasible(applied(req, wayOut.patch, through)), wayOut.text).toBe(true);
            wayOuts++;
          }
        }),
        { numRuns: Number(process.env.PROPERTY_RUNS ?? 20), seed: Number(process.env.PROPERTY_SEED ?? 20261201) },
      );
      // Both outcomes must occur, or agreement proves little.
      expect(planned).toBeGreaterThan(0);
      expect(infeasible).toBeGreaterThan(0);
      expect(wayOuts).toBeGreaterThan(0);
    });
  }
});

import fc from 'fast-check';
import highsModule, { type Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCabal, type CabalSpec } from '../../src/planner/cabal-model.ts';
import { buildIndex } from '../../src/planner/context.ts';
import { emptyModel, highsBackend, satisfies, type Backend, type LinearModel } from '../../src/planner/model.ts';
import { searchSeats } from '../../src/planner/seat-search.ts';
import { parsePlanRequest } from '../../src/planner/schema.ts';
import type { PlanRequest } from '../../src/domain/plan.ts';

let exact: Backend;
beforeAll(async () => {
  exact = highsBackend(await (highsModule as unknown as () => Promise<Highs>)());
});

const objective = (model: LinearModel, values: Float64Array): number =>
  model.variables.reduce((sum, v, j) => sum + v.objective * values[j], 0);

/** A random studio of up to 24 people in four departments, one problem with random quotas and up to two skills. */
const cabalCase = fc
  .record({
    people: fc.array(
      fc.record({
        department: fc.integer({ min: 0, max: 3 }),
        netcode: fc.integer({ min: 0, max: 3 }),
        ui: fc.boolean(),
      }),
      { minLength: 4, maxLength: 24 },
    ),
    sizeMin: fc.integer({ min: 1, max: 5 }),
    sizeExtra: fc.integer({ min: 0, max: 3 }),
    minAffected: fc.integer({ min: 0, max: 3 }),
    minOutsiders: fc.integer({ min: 0, max: 3 }),
    minDepartments: fc.integer({ min: 0, max: 4 }),
    skills: fc.integer({ min: 0, max: 2 }),
    carryMin: fc.integer({ min: 0, max: 2 }),
    carryExtra: fc.integer({ min: 0, max: 2 }),
    inPool: fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
    previous: fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
    continuable: fc.option(fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }), { nil: undefined }),
    // Utilities on a coarse grid, so that ties are common, with a few negative ones.
    utility: fc.array(fc.integer({ min: -4, max: 12 }), { minLength: 24, maxLength: 24 }),
    forced: fc.option(fc.nat(23), { nil: undefined }),
    departmentReward: fc.constantFrom(0, 0.03, 0.5),
  })
  .map((c) => {
    const departments = ['design', 'art', 'eng', 'qa'].map((id) => ({ id, name: id }));
    const parsed = parsePlanRequest({
      startMonth: '2027-01',
      months: 2,
      departments,
      people: c.people.map((p, i) => ({
        id: `p${i}`,
        name: `P ${i}`,
        department: departments[p.department].id,
        skills: { ...(p.netcode > 0 ? { netcode: p.netcode } : {}), ...(p.ui ? { ui: 1 } : {}) },
      })),
      problems: [
        {
          id: 'x',
          title: 'X',
          affectedDepartments: ['design'],
          requiredSkills: [
            { skill: 'netcode', minLevel: 2 },
            { skill: 'ui', minLevel: 1 },
          ].slice(0, c.skills),
          size: { min: c.sizeMin, max: c.sizeMin + c.sizeExtra },
          minAffected: c.minAffected,
          minOutsiders: c.minOutsiders,
          minDepartments: c.minDepartments,
          carryOver: { min: Math.min(c.carryMin, c.sizeMin), max: Math.min(c.carryMin, c.sizeMin) + c.carryExtra },
        },
      ],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const request: PlanRequest = parsed.value;
    const N = c.people.length;
    const pool = [...Array(N).keys()].filter((i) => c.inPool[i]);
    const spec: CabalSpec = {
      p: 0,
      pool,
      utility: pool.map((i) => c.utility[i] / 4),
      forced: c.forced !== undefined && c.forced < N ? [c.forced] : [],
      previous: [...Array(N).keys()].filter((i) => c.previous[i]),
      continuable: c.continuable === undefined ? null : Uint8Array.from(c.continuable.slice(0, N), Number),
      drop: new Set(),
      departmentReward: c.departmentReward,
    };
    return { request, spec };
  });

describe('the exact seat search', () => {
  it('finds the same optimum as HiGHS on random cabal models, or proves the same infeasibility', async () => {
    await fc.assert(
      fc.property(cabalCase, ({ request, spec }) => {
        const model = emptyModel();
        addCabal(model, buildIndex(request), spec);
        const searched = searchSeats(model);
        const reference = exact.solve(model);
        expect(searched).toBeDefined();
        expect(searched!.status).toBe(reference.status);
        if (searched!.status === 'solved' && reference.status === 'solved') {
          expect(satisfies(model, searched!.values)).toBe(true);
          expect(objective(model, searched!.values)).toBeCloseTo(objective(model, reference.values), 6);
        }
      }),
      { numRuns: 400, seed: 20261201 },
    );
  });

  it('gives the same answer for the same model, keeping the first of equal choices', () => {
    const model = emptyModel();
    for (let j = 0; j < 6; j++) model.variables.push({ name: `x${j}`, objective: 1, integer: true, upper: 1 });
    model.rows.push({ name: 'size', terms: [0, 1, 2, 3, 4, 5].map((j) => [j, 1]), lo: 2, hi: 3 });
    const first = searchSeats(model);
    expect(first?.status).toBe('solved');
    if (first?.status !== 'solved') return;
    expect([...first.values]).toEqual([1, 1, 1, 0, 0, 0]);
    expect(searchSeats(model)).toEqual(first);
  });

  it('leaves models of another shape, and searches past the node budget, to a MILP backend', () => {
    const general = emptyModel();
    general.variables.push({ name: 'x', objective: 1, integer: true, upper: 3 });
    expect(searchSeats(general)).toBeUndefined();
    const wide = emptyModel();
    for (let j = 0; j < 40; j++)
      wide.variables.push({ name: `x${j}`, objective: 1 + (j % 7) / 100, integer: true, upper: 1 });
    // Two rows that each want twenty of forty seats, at most twenty in all, where the best seats serve neither.
    wide.rows.push({ name: 'size', terms: wide.variables.map((_, j) => [j, 1]), lo: 0, hi: 20 });
    wide.rows.push({
      name: 'a',
      terms: wide.variables.flatMap((_, j) => (j % 3 === 0 ? [[j, 1]] : [])),
      lo: 7,
      hi: Infinity,
    });
    wide.rows.push({
      name: 'b',
      terms: wide.variables.flatMap((_, j) => (j % 2 === 0 ? [[j, 1]] : [])),
      lo: 12,
      hi: Infinity,
    });
    expect(searchSeats(wide, 5)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { minDepartments } from '../../../src/planner/rules/min-departments.ts';
import { request } from '../fixtures.ts';
import { check, failing, rowsHold } from './harness.ts';

const req = request({ months: 1 });
const pool = ['design1', 'design2', 'art1', 'art2', 'eng1'];

describe('min-departments', () => {
  it('passes with exactly the minimum of departments (3)', () => {
    expect(
      check(minDepartments, req, { '2027-01': { combat: ['design1', 'design2', 'art1', 'eng1'] } }, '2027-01'),
    ).toEqual([]);
  });

  it('reports too few departments with the count and the minimum', () => {
    expect(
      check(minDepartments, req, { '2027-01': { combat: ['design1', 'design2', 'art1', 'art2'] } }, '2027-01'),
    ).toEqual(['2 departments; needs 3']);
  });

  it('adds department indicators that count a department once it has a member', () => {
    expect(rowsHold(minDepartments, req, pool, ['design1', 'design2', 'art1', 'art2'])).toBe(false);
    expect(rowsHold(minDepartments, req, pool, ['design1', 'art1', 'eng1'])).toBe(true);
  });

  it('explains which departments eligible people come from', () => {
    expect(minDepartments.explain(failing(req))).toBe(
      'needs 3 departments; eligible people come from 4 (design, art, eng, qa)',
    );
    expect(minDepartments.wayOuts(failing(req))[0].map((w) => w.text)).toEqual([
      'lower minimum departments to 2',
      'lower minimum departments to 1',
    ]);
  });
});

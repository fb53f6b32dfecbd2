import { addRow, addVariable } from '../model.ts';
import { lowerMinimum, type HardRule } from './types.ts';

/** Rule 5: at least the minimum number of distinct departments are present. */
export const minDepartments: HardRule = {
  id: 'min-departments',
  statement: 'At least the minimum number of distinct departments are present.',
  check({ problem, known }) {
    const departments = new Set(known.map((person) => person.department)).size;
    return departments < problem.minDepartments ? [`${departments} departments; needs ${problem.minDepartments}`] : [];
  },
  addCabalRows(model, index, spec, seats) {
    const problem = index.problems[spec.p];
    if (problem.minDepartments <= 0) return;
    const tag = `c${spec.p}`;
    // A department counts once it has a member; the indicator may stay continuous because the seats are integral.
    // It also carries the objective's department reward, so the row is the one home of "departments present".
    const byDepartment = new Map<number, [number, number][]>();
    seats.forEach((v, k) => {
      const d = index.department[spec.pool[k]];
      if (!byDepartment.has(d)) byDepartment.set(d, []);
      byDepartment.get(d)!.push([v, -1]);
    });
    const indicators: [number, number][] = [];
    for (const [d, terms] of byDepartment) {
      const y = addVariable(model, `${tag}_d${d}`, spec.departmentReward ?? 0, false, 1);
      addRow(model, `${tag}_dl${d}`, [[y, 1], ...terms], -Infinity, 0);
      indicators.push([y, 1]);
    }
    addRow(model, `${tag}_dep`, indicators, problem.minDepartments, Infinity);
  },
  explain({ input, p, everyone }) {
    const { index } = input;
    const present = new Set(everyone.eligible.map((i) => index.departments[index.department[i]]));
    const list = present.size > 0 ? ` (${[...present].join(', ')})` : '';
    return `needs ${index.problems[p].minDepartments} departments; eligible people come from ${present.size}${list}`;
  },
  wayOuts({ input, p }) {
    const current = input.index.problems[p].minDepartments;
    return [lowerMinimum(p, current, 'minDepartments', 'minimum departments', 1, 'min-departments')];
  },
};

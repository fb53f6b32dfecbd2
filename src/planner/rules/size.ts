import { addRow } from '../model.ts';
import { count, downTo, upTo, type HardRule } from './types.ts';

/** Rule 2: the member count is within the problem's size range. */
export const size: HardRule = {
  id: 'size',
  statement: "The member count is within the problem's size range.",
  check({ problem, members }) {
    if (members.length >= problem.size.min && members.length <= problem.size.max) return [];
    return [`${count(members.length, 'member')}; the size range is ${problem.size.min}..${problem.size.max}`];
  },
  addCabalRows(model, index, spec, seats) {
    const problem = index.problems[spec.p];
    addRow(
      model,
      `c${spec.p}_size`,
      seats.map((v): [number, number] => [v, 1]),
      problem.size.min,
      problem.size.max,
    );
  },
  explain({ input, p, everyone, describe }) {
    const problem = input.index.problems[p];
    return `size ${problem.size.min}..${problem.size.max}; ${describe(everyone)}`;
  },
  wayOuts({ input, p }) {
    const problem = input.index.problems[p];
    const at = `/problems/${p}`;
    return [
      upTo(problem.size.max + 1, problem.size.max + 3).map((v) => ({
        text: `raise the maximum size to ${v}`,
        patch: [{ op: 'add', path: `${at}/size`, value: { min: problem.size.min, max: v } }],
        rules: ['size'],
      })),
      // A cabal of nobody is no cabal: the minimum size stays at least 1.
      downTo(problem.size.min - 1, 1).map((v) => ({
        text: `lower the minimum size to ${v}`,
        patch: [{ op: 'add', path: `${at}/size`, value: { min: v, max: problem.size.max } }],
        rules: ['size'],
      })),
    ];
  },
};

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
  /**
   * Raising the maximum size also writes the carry-over range the change was verified with: a request that leaves
   * carry-over out gets its default from the size (max ⌈size.max/2⌉), so a patch of the size alone would widen it too
   * when applied to the request as written, and that is not the change that was re-planned.
   */
  wayOuts({ input, p }) {
    const problem = input.index.problems[p];
    const at = `/problems/${p}`;
    const carryOver = { min: problem.carryOver.min, max: problem.carryOver.max };
    return [
      upTo(problem.size.max + 1, problem.size.max + 3).map((v) => ({
        text: `raise the maximum size to ${v}`,
        patch: [
          { op: 'add', path: `${at}/size`, value: { min: problem.size.min, max: v } },
          { op: 'add', path: `${at}/carryOver`, value: carryOver },
        ],
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

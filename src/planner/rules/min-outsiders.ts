import { addRow } from '../model.ts';
import { isAffected } from '../../domain/types.ts';
import { lowerMinimum, type HardRule } from './types.ts';

/** Rule 4: at least the minimum number of members are outsiders, i.e. not affected. */
export const minOutsiders: HardRule = {
  id: 'min-outsiders',
  statement: 'At least the minimum number of members are outsiders, i.e. not affected.',
  check({ problem, known }) {
    const outsiders = known.filter((person) => !isAffected(problem, person)).length;
    return outsiders < problem.minOutsiders ? [`${outsiders} outsiders; needs ${problem.minOutsiders}`] : [];
  },
  addCabalRows(model, index, spec, seats) {
    const problem = index.problems[spec.p];
    if (problem.minOutsiders <= 0) return;
    const affected = index.affected[spec.p];
    const terms = seats.flatMap((v, k) => (affected[spec.pool[k]] ? [] : [[v, 1] as [number, number]]));
    addRow(model, `c${spec.p}_out`, terms, problem.minOutsiders, Infinity);
  },
  explain({ input, p, tally, describe }) {
    const affected = input.index.affected[p];
    return `needs ${input.index.problems[p].minOutsiders} outsiders; ${describe(tally(p, (i) => affected[i] === 0))}`;
  },
  wayOuts({ input, p }) {
    const current = input.index.problems[p].minOutsiders;
    return [lowerMinimum(p, current, 'minOutsiders', 'minimum outsiders', 0, 'min-outsiders')];
  },
};

import { isAffected } from '../../domain/types.ts';
import { addRow } from '../model.ts';
import { count, lowerMinimum, type HardRule } from './types.ts';

/** Rule 3: at least the minimum number of members are affected (an affected department or a named person). */
export const minAffected: HardRule = {
  id: 'min-affected',
  statement: 'At least the minimum number of members are affected.',
  check({ problem, known }) {
    const affected = known.filter((person) => isAffected(problem, person)).length;
    return affected < problem.minAffected
      ? [`${count(affected, 'affected member')}; needs ${problem.minAffected}`]
      : [];
  },
  addCabalRows(model, index, spec, seats) {
    const problem = index.problems[spec.p];
    if (problem.minAffected <= 0) return;
    const affected = index.affected[spec.p];
    const terms = seats.flatMap((v, k) => (affected[spec.pool[k]] ? [[v, 1] as [number, number]] : []));
    addRow(model, `c${spec.p}_aff`, terms, problem.minAffected, Infinity);
  },
  explain({ input, p, tally, describe }) {
    const problem = input.index.problems[p];
    const affected = input.index.affected[p];
    const from = problem.affectedDepartments.join(', ') || 'no department';
    const named = problem.affectedPeople.length > 0 ? ` or ${problem.affectedPeople.join(', ')}` : '';
    return `needs ${problem.minAffected} affected member(s) (from ${from}${named}); ${describe(tally(p, (i) => affected[i] === 1))}`;
  },
  wayOuts({ input, p }) {
    const current = input.index.problems[p].minAffected;
    return [lowerMinimum(p, current, 'minAffected', 'minimum affected', 0, 'min-affected')];
  },
};

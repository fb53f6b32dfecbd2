import { holdsSkill } from '../../domain/skills.ts';
import type { Person, Problem } from '../../domain/types.ts';
import { addRow } from '../model.ts';
import { downTo, problemName, type Direction, type HardRule } from './types.ts';

/**
 * Which of a problem's required skills a person holds at their level, as a key ("101": the first and third), so that
 * the proofs can pool people who look the same to this rule.
 */
export function skillsHeldKey(person: Pick<Person, 'skills'>, problem: Pick<Problem, 'requiredSkills'>): string {
  let key = '';
  for (const r of problem.requiredSkills) key += holdsSkill(person, r) ? '1' : '0';
  return key;
}

/**
 * Rule 6: every required skill is held by at least one member, at or above the required level. "Holds a skill at a
 * level" is `holdsSkill` (src/domain/skills.ts), which reads skill names as own keys only, so names such as
 * `constructor` or `__proto__` are ordinary skills.
 */
export const requiredSkills: HardRule = {
  id: 'required-skills',
  statement: 'Every required skill is held by at least one member, at or above the required level.',
  check({ problem, known }) {
    return problem.requiredSkills
      .filter((r) => !known.some((person) => holdsSkill(person, r)))
      .map((r) => `no member holds ${r.skill} at level ${r.minLevel} or above`);
  },
  addCabalRows(model, index, spec, seats) {
    index.problems[spec.p].requiredSkills.forEach((r, s) => {
      const terms = seats.flatMap((v, k) =>
        holdsSkill(index.people[spec.pool[k]], r) ? [[v, 1] as [number, number]] : [],
      );
      addRow(model, `c${spec.p}_sk${s}`, terms, 1, Infinity);
    });
  },
  explain({ input, p, active, isolated, tally, describe, ids }) {
    const { index } = input;
    // In a conflict between cabals the skill may be another cabal's requirement; name whose it is then.
    const owners = [p, ...active.filter((q) => q !== p)].filter((q) => index.problems[q].requiredSkills.length > 0);
    return owners
      .slice(0, isolated ? 1 : owners.length)
      .flatMap((q) =>
        index.problems[q].requiredSkills.map((r) => {
          const t = tally(q, (i) => holdsSkill(index.people[i], r));
          const who = t.eligible.length > 0 && t.eligible.length <= 5 ? `: ${ids(t.eligible)}` : '';
          const affectedOnly =
            t.eligible.length > 0 && t.eligible.every((i) => index.affected[q][i]) ? ', all of them affected' : '';
          const whose = q === p ? '' : ` (for ${problemName(index.problems[q])})`;
          return `skill ${r.skill} ≥ ${r.minLevel}${whose}: ${describe(t)}${who}${affectedOnly}`;
        }),
      )
      .join('; ');
  },
  wayOuts({ input, p }) {
    const { index } = input;
    const at = `/problems/${p}`;
    return index.problems[p].requiredSkills.flatMap((r, s) => {
      // Nearest first, down to level 1: the widest is tried first, so it must admit the most holders. (Stopping at
      // the best level anyone holds made "lower to 3" the widest step of a level-3 requirement: no change at all,
      // which ruled out the whole direction even when level 1 would have worked.)
      const lower: Direction = downTo(r.minLevel - 1, 1).map((v) => ({
        text: `lower the required level of ${r.skill} to ${v}`,
        patch: [{ op: 'replace', path: `${at}/requiredSkills/${s}`, value: { skill: r.skill, minLevel: v } }],
        rules: ['required-skills'],
      }));
      const drop: Direction = [
        {
          text: `drop the required skill ${r.skill}`,
          patch: [{ op: 'remove', path: `${at}/requiredSkills/${s}` }],
          rules: ['required-skills'],
        },
      ];
      return [lower, drop];
    });
  },
};

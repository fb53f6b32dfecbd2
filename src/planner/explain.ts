import { holdsSkill, skillLevel } from '../domain/skills.ts';
import type { MemberTag } from '../domain/types.ts';
import type { PlanMember } from '../domain/plan.ts';
import type { Month } from '../domain/month.ts';
import type { PlannerIndex, RollingState } from './context.ts';

/**
 * Tags each member and writes the one sentence that says why they are there. It reads the state as it was before
 * the month was applied, so "carried over", "never served" and "new to this problem" are true when said.
 */
export function describeMembers(
  index: PlannerIndex,
  state: RollingState,
  mi: number,
  p: number,
  members: number[],
  previousMonth: Month,
): PlanMember[] {
  const problem = index.problems[p];
  const P = index.problems.length;
  const before = new Set(state.previous[p] ?? []);
  const pinned = new Set(index.pins[mi].include.get(p) ?? []);
  const departmentName = new Map(index.request.departments.map((d) => [d.id, d.name]));
  return [...members]
    .sort((a, b) => a - b)
    .map((i) => {
      const person = index.people[i];
      const tags: MemberTag[] = [];
      const reasons: string[] = [];
      const dept = departmentName.get(person.department) ?? person.department;
      if (index.affected[p][i]) {
        tags.push('affected');
        reasons.push(
          problem.affectedPeople.includes(person.id)
            ? `affected (named by the problem, ${dept})`
            : `affected (${dept})`,
        );
      } else {
        tags.push('outsider');
        reasons.push(`outsider from ${dept}`);
      }
      if (before.has(i)) {
        tags.push('carry-over');
        reasons.push(`carried over from ${previousMonth}`);
      }
      if (pinned.has(i)) {
        tags.push('pinned');
        reasons.push('pinned in by the lead');
      }
      for (const r of problem.requiredSkills) {
        if (holdsSkill(person, r)) {
          tags.push(`skill:${r.skill}`);
          reasons.push(`holds ${r.skill} at level ${skillLevel(person.skills, r.skill)}`);
        }
      }
      const served = state.served[i];
      if (served === 0) reasons.push('has never served');
      else if (!before.has(i)) reasons.push(`has served ${served} month${served === 1 ? '' : 's'} so far`);
      if (!before.has(i) && state.servedOnProblem[i * P + p] === 0 && served > 0) reasons.push('new to this problem');
      return { person: person.id, tags, why: reasons.join('; ') };
    });
}

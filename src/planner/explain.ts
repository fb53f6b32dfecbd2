import { holdsSkill, skillLevel } from '../domain/skills.ts';
import type { MemberTag, Person, RequiredSkill } from '../domain/types.ts';
import type { PlanMember } from '../domain/plan.ts';
import type { Month } from '../domain/month.ts';
import type { PlannerIndex, RollingState } from './context.ts';

/**
 * The required skills a person holds at their level (`holdsSkill`), in the problem's order, each as its member tag
 * (`skill:<name>`) and its reason ("holds netcode at level 3"). The one wording of a held skill: the planner's "why"
 * and a member placed by hand (a swap, an imported plan) both say it this way.
 */
export function heldSkills(
  person: Pick<Person, 'skills'>,
  required: readonly RequiredSkill[],
): { tag: MemberTag; reason: string }[] {
  return required
    .filter((r) => holdsSkill(person, r))
    .map((r) => ({
      tag: `skill:${r.skill}`,
      reason: `holds ${r.skill} at level ${skillLevel(person.skills, r.skill)}`,
    }));
}

/**
 * A member's tags as plan-format.md defines them, in the order plans write them: `affected` or `outsider` (exactly
 * one), then `carry-over`, `pinned`, and the tag of each held required skill (`heldSkills`). The planner's members and
 * members placed by hand are tagged by this one function.
 */
export function memberTags(
  affected: boolean,
  carried: boolean,
  pinned: boolean,
  held: readonly { tag: MemberTag }[],
): MemberTag[] {
  const tags: MemberTag[] = [affected ? 'affected' : 'outsider'];
  if (carried) tags.push('carry-over');
  if (pinned) tags.push('pinned');
  for (const h of held) tags.push(h.tag);
  return tags;
}

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
      const affected = index.affected[p][i] === 1;
      const held = heldSkills(person, problem.requiredSkills);
      const tags = memberTags(affected, before.has(i), pinned.has(i), held);
      const reasons: string[] = [];
      const dept = departmentName.get(person.department) ?? person.department;
      if (affected) {
        reasons.push(
          problem.affectedPeople.includes(person.id)
            ? `affected (named by the problem, ${dept})`
            : `affected (${dept})`,
        );
      } else {
        reasons.push(`outsider from ${dept}`);
      }
      if (before.has(i)) reasons.push(`carried over from ${previousMonth}`);
      if (pinned.has(i)) reasons.push('pinned in by the lead');
      for (const h of held) reasons.push(h.reason);
      const served = state.served[i];
      if (served === 0) reasons.push('has never served');
      else if (!before.has(i)) reasons.push(`has served ${served} month${served === 1 ? '' : 's'} so far`);
      if (!before.has(i) && state.servedOnProblem[i * P + p] === 0 && served > 0) reasons.push('new to this problem');
      return { person: person.id, tags, why: reasons.join('; ') };
    });
}

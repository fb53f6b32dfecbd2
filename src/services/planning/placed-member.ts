import { addMonths, type Month } from '../../domain/month.ts';
import type { PlanMonth, PlanRequest } from '../../domain/plan.ts';
import { isAffected, type Person, type Problem } from '../../domain/types.ts';
import { heldSkills, memberTags } from '../../planner/explain.ts';

/**
 * Tags and a true "why" for a member placed by hand (a swap or an imported plan): the tags follow from the data, never
 * from what a file claims, and `how` says who placed them.
 */
export function placedMember(problem: Problem, person: Person, previous: string[], how: string, pinned: boolean) {
  const affected = isAffected(problem, person);
  const carried = previous.includes(person.id);
  // The planner's tags and wording of a held skill, read through the own-key skill helpers.
  const skills = heldSkills(person, problem.requiredSkills);
  const tags = memberTags(affected, carried, pinned, skills);
  const parts = [
    how,
    affected ? 'affected by the problem' : 'an outsider to the problem',
    ...skills.map((held) => held.reason),
  ];
  if (carried) parts.push('carried over from last month');
  if (pinned) parts.push('pinned, so re-planning keeps them');
  return { person: person.id, tags, why: parts.join('; ') };
}

/** Re-describes an imported plan's members from the data: the month before is the import's own, a draft, or history. */
export function describeImported(
  request: PlanRequest,
  drafts: PlanMonth[],
  imported: PlanMonth[],
  by: string,
): PlanMonth[] {
  const people = new Map(request.people.map((p) => [p.id, p]));
  const problems = new Map(request.problems.map((p) => [p.id, p]));
  const membersOf = (month: Month, problem: string): string[] =>
    imported
      .find((m) => m.month === month)
      ?.cabals.find((c) => c.problem === problem)
      ?.members.map((x) => x.person) ??
    drafts
      .find((m) => m.month === month)
      ?.cabals.find((c) => c.problem === problem)
      ?.members.map((x) => x.person) ??
    request.history.find((h) => h.month === month && h.problem === problem)?.members ??
    [];
  const pinnedIn = new Set(
    request.pins.filter((p) => p.mode === 'include').map((p) => `${p.month}|${p.problem}|${p.person}`),
  );
  return imported.map((m) => ({
    ...m,
    cabals: m.cabals.map((c) => ({
      ...c,
      members: c.members.map((x) =>
        placedMember(
          problems.get(c.problem)!,
          people.get(x.person)!,
          membersOf(addMonths(m.month, -1), c.problem),
          `imported by ${by}`,
          pinnedIn.has(`${m.month}|${c.problem}|${x.person}`),
        ),
      ),
    })),
  }));
}

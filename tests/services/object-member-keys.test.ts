import { describe, expect, it } from 'vitest';
import { listPlanningPeople } from '../../src/db/repos/people.ts';
import { insertStudio } from '../../src/db/repos/studio.ts';
import { skillLevel, skillLevelsFrom } from '../../src/domain/skills.ts';
import type { Person, Problem } from '../../src/domain/types.ts';
import { placedMember } from '../../src/services/planning/placed-member.ts';
import { parseProfileForm } from '../../src/services/profile.ts';
import { freshDb } from '../helpers/test-app.ts';

/** Names that are members of every plain JavaScript object: skill names like any other. */
const OBJECT_MEMBERS = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

const problem = (skill: string): Problem => ({
  id: 'combat',
  title: 'Combat feel',
  affectedDepartments: ['design'],
  affectedPeople: [],
  requiredSkills: [{ skill, minLevel: 2 }],
  size: { min: 2, max: 3 },
  minAffected: 0,
  minOutsiders: 0,
  minDepartments: 1,
  carryOver: { min: 0, max: 1 },
  startMonth: '2027-01',
});

const person = (id: string, skills: [string, number][]): Person => ({
  id,
  name: id.toUpperCase(),
  department: 'design',
  skills: skillLevelsFrom(skills),
  unavailable: [],
});

describe('skill names that are object members, outside the planner', () => {
  for (const skill of OBJECT_MEMBERS) {
    it(`placed member: ${skill} is tagged and explained only when held`, () => {
      const holder = placedMember(problem(skill), person('a', [[skill, 3]]), [], 'swapped in', false);
      expect(holder.tags).toContain(`skill:${skill}`);
      expect(holder.why).toContain(`holds ${skill} at level 3`);
      const other = placedMember(problem(skill), person('b', [['netcode', 3]]), [], 'swapped in', false);
      expect(other.tags.some((t) => t.startsWith('skill:'))).toBe(false);
      expect(other.why).not.toContain('holds');
    });
  }

  it('planning people read from the database keep every such skill as their own key', () => {
    const db = freshDb();
    db.transaction((tx) =>
      insertStudio(
        tx,
        {
          departments: [{ id: 'design', name: 'Design' }],
          people: [
            person(
              'a',
              OBJECT_MEMBERS.map((s, k) => [s, k + 1]),
            ),
            person('b', []),
          ],
          problems: [],
        },
        'test',
        '2027-01-01T00:00:00Z',
      ),
    );
    const [a, b] = listPlanningPeople(db);
    OBJECT_MEMBERS.forEach((s, k) => {
      expect(skillLevel(a.skills, s), s).toBe(k + 1);
      expect(skillLevel(b.skills, s), s).toBe(0);
    });
    expect(Object.keys(a.skills).sort()).toEqual([...OBJECT_MEMBERS].sort());
  });

  // Profile skill names follow the one skill-name rule (src/domain/skills.ts); "__proto__" is one too, tested in
  // tests/web/skill-name-rule.test.ts.
  it('a profile form keeps "constructor" and "hasownproperty" as skills', () => {
    const parsed = parseProfileForm(
      {
        timeZone: 'UTC',
        skills: [
          { name: 'hasOwnProperty', level: '2' },
          { name: 'constructor', level: '3' },
        ],
        interests: '',
        unavailable: [],
      },
      '2027-01',
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(skillLevel(parsed.value.skills, 'hasownproperty')).toBe(2);
    expect(skillLevel(parsed.value.skills, 'constructor')).toBe(3);
    expect(Object.keys(parsed.value.skills).sort()).toEqual(['constructor', 'hasownproperty']);
  });
});

import { describe, expect, it } from 'vitest';
import { requiredSkills, skillsHeldKey } from '../../../src/planner/rules/required-skills.ts';
import { request, smallProblem, smallStudio } from '../fixtures.ts';
import { check, failing, rowsHold } from './harness.ts';

// eng1 holds netcode at 3; design1, art1 and qa1 at 1; nobody else holds it.
const netcode = (minLevel: number) =>
  request({ months: 1, problems: [smallProblem({ requiredSkills: [{ skill: 'netcode', minLevel }] })] });
const pool = ['design1', 'design2', 'art1', 'eng1', 'qa2'];

describe('required-skills', () => {
  it('passes when a member holds the skill exactly at the required level', () => {
    expect(
      check(requiredSkills, netcode(3), { '2027-01': { combat: ['design2', 'art2', 'eng1', 'qa2'] } }, '2027-01'),
    ).toEqual([]);
  });

  it('names the skill and level nobody in the cabal holds', () => {
    expect(
      check(requiredSkills, netcode(2), { '2027-01': { combat: ['design1', 'art1', 'eng2', 'qa1'] } }, '2027-01'),
    ).toEqual(['no member holds netcode at level 2 or above']);
  });

  it('adds one row per required skill over the holders at the level', () => {
    expect(rowsHold(requiredSkills, netcode(2), pool, ['design1', 'design2', 'art1'])).toBe(false);
    expect(rowsHold(requiredSkills, netcode(2), pool, ['design2', 'eng1', 'qa2'])).toBe(true);
  });

  // Skill names are user-supplied: names that are also members of every JavaScript object are ordinary skills.
  for (const skill of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    it(`treats a skill named ${skill} as an ordinary skill`, () => {
      const { departments, people } = smallStudio();
      const holder = JSON.parse(`{"${skill}": 2}`) as Record<string, number>;
      const req = request({
        months: 1,
        departments,
        people: people.map((p) => (p.id === 'qa3' ? { ...p, skills: holder } : p)),
        problems: [smallProblem({ requiredSkills: [{ skill, minLevel: 2 }] })],
      });
      const without = { '2027-01': { combat: ['design1', 'art1', 'eng1', 'qa1'] } };
      const withHolder = { '2027-01': { combat: ['design1', 'art1', 'eng1', 'qa3'] } };
      expect(check(requiredSkills, req, without, '2027-01')).toEqual([`no member holds ${skill} at level 2 or above`]);
      expect(check(requiredSkills, req, withHolder, '2027-01')).toEqual([]);
      expect(rowsHold(requiredSkills, req, ['design1', 'art1', 'eng1', 'qa1', 'qa3'], ['design1', 'eng1'])).toBe(false);
      expect(rowsHold(requiredSkills, req, ['design1', 'art1', 'eng1', 'qa1', 'qa3'], ['design1', 'qa3'])).toBe(true);
      expect(requiredSkills.explain(failing(req))).toBe(`skill ${skill} ≥ 2: 1 eligible: qa3`);
    });
  }

  it('explains who holds the skill, and that they are all affected when they are', () => {
    expect(requiredSkills.explain(failing(netcode(2)))).toBe('skill netcode ≥ 2: 1 eligible: eng1');
    const designOnly = request({
      months: 1,
      problems: [smallProblem({ affectedDepartments: ['eng'], requiredSkills: [{ skill: 'netcode', minLevel: 3 }] })],
    });
    expect(requiredSkills.explain(failing(designOnly))).toBe(
      'skill netcode ≥ 3: 1 eligible: eng1, all of them affected',
    );
  });

  it('suggests a lower level (down to 1) and dropping the skill', () => {
    const ways = requiredSkills.wayOuts(failing(netcode(3)));
    expect(ways.map((d) => d.map((w) => w.text))).toEqual([
      ['lower the required level of netcode to 2', 'lower the required level of netcode to 1'],
      ['drop the required skill netcode'],
    ]);
    expect(ways[0][1].patch).toEqual([
      { op: 'replace', path: '/problems/0/requiredSkills/0', value: { skill: 'netcode', minLevel: 1 } },
    ]);
    expect(ways[1][0].patch).toEqual([{ op: 'remove', path: '/problems/0/requiredSkills/0' }]);
  });

  it('suggests no lower level for a skill required at level 1', () => {
    expect(requiredSkills.wayOuts(failing(netcode(1)))[0]).toEqual([]);
  });

  it('names another cabal\u2019s requirement by the problem\u2019s title when the conflict spans the month', () => {
    const both = request({
      months: 1,
      problems: [
        smallProblem({ requiredSkills: [{ skill: 'netcode', minLevel: 3 }] }),
        smallProblem({ id: 'economy', title: 'Economy', requiredSkills: [{ skill: 'netcode', minLevel: 3 }] }),
      ],
    });
    expect(requiredSkills.explain(failing(both, 'combat', false))).toBe(
      "skill netcode ≥ 3: 1 eligible: eng1; skill netcode ≥ 3 (for problem 'Economy'): 1 eligible: eng1",
    );
  });

  it('keys people by the required skills they hold, for pooling people the rule cannot tell apart', () => {
    const problem = {
      requiredSkills: [
        { skill: 'netcode', minLevel: 2 },
        { skill: 'constructor', minLevel: 1 },
      ],
    };
    expect(skillsHeldKey({ skills: { netcode: 3 } }, problem)).toBe('10');
    expect(skillsHeldKey({ skills: JSON.parse('{"constructor": 1, "netcode": 1}') }, problem)).toBe('01');
    expect(skillsHeldKey({ skills: {} }, problem)).toBe('00');
  });
});

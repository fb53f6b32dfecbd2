import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planRequest } from '../../src/planner/plan-request.ts';
import { checkPlan } from '../../src/planner/check.ts';
import { parsePlanRequest } from '../../src/planner/schema.ts';
import { holdsSkill, skillLevel } from '../../src/domain/skills.ts';
import { request, smallProblem, smallStudio } from './fixtures.ts';

/** Names that are members of every plain JavaScript object: they must behave as ordinary user-supplied keys. */
const OBJECT_MEMBERS = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

describe('skill names that are object members', () => {
  it('reads levels only from own keys', () => {
    const parsed = parsePlanRequest(
      JSON.parse(`{"startMonth":"2027-01","departments":[{"id":"d","name":"D"}],
      "people":[{"id":"a","name":"A","department":"d","skills":{"__proto__":2,"toString":3}}],"problems":[]}`),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const skills = parsed.value.people[0].skills;
    expect(skillLevel(skills, '__proto__')).toBe(2);
    expect(skillLevel(skills, 'toString')).toBe(3);
    expect(skillLevel(skills, 'constructor')).toBe(0);
    expect(skillLevel({}, 'hasOwnProperty')).toBe(0);
    expect(holdsSkill({ skills: {} }, { skill: 'constructor', minLevel: 1 })).toBe(false);
  });

  it('refuses a bad level under any name, by its path', () => {
    const parsed = parsePlanRequest(
      JSON.parse(`{"startMonth":"2027-01","departments":[{"id":"d","name":"D"}],
      "people":[{"id":"a","name":"A","department":"d","skills":{"__proto__":7}}],"problems":[]}`),
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0].path).toBe('people[0].skills.__proto__');
  });

  for (const skill of OBJECT_MEMBERS) {
    it(`plans with a required skill named ${skill} that someone holds`, async () => {
      const studio = smallStudio();
      // JSON.parse, as the command reads files: "__proto__" then is an own key, as any other name.
      const people = studio.people.map((p, i) => (i === 3 ? { ...p, skills: JSON.parse(`{"${skill}": 2}`) } : p));
      const req = request({ people, problems: [smallProblem({ requiredSkills: [{ skill, minLevel: 2 }] })] });
      const result = await planRequest(req);
      expect(result.status).toBe('planned');
      if (result.status !== 'planned') return;
      expect(checkPlan(req, result.plan).violations).toEqual([]);
      expect(result.plan.quality.meanSkillFit).toBeGreaterThan(0);
      for (const m of result.plan.months) {
        const member = m.cabals[0].members.find((x) => x.person === studio.people[3].id);
        expect(member?.tags).toContain(`skill:${skill}`);
      }
    });

    it(`answers infeasible, naming required-skills, for a skill named ${skill} that nobody holds`, async () => {
      const req = request({ problems: [smallProblem({ requiredSkills: [{ skill, minLevel: 1 }] })] });
      const result = await planRequest(req);
      expect(result.status).toBe('infeasible');
      if (result.status === 'infeasible') expect(result.conflict.map((c) => c.rule)).toEqual(['required-skills']);
    });
  }

  it('treats people, departments and problems with such ids as any other', async () => {
    const departments = OBJECT_MEMBERS.map((id) => ({ id, name: id }));
    const people = Array.from({ length: 12 }, (_, i) => ({
      id: i < 4 ? OBJECT_MEMBERS[i] : `p${i}`,
      name: `P${i}`,
      department: OBJECT_MEMBERS[i % 4],
    }));
    const req = request({
      departments,
      people,
      problems: [
        smallProblem({ id: 'hasOwnProperty', affectedDepartments: ['__proto__'], affectedPeople: ['toString'] }),
      ],
      pins: [{ month: '2027-02', problem: 'hasOwnProperty', person: 'constructor', mode: 'include' }],
    });
    const result = await planRequest(req);
    expect(result.status).toBe('planned');
    if (result.status === 'planned') {
      expect(checkPlan(req, result.plan).violations).toEqual([]);
      expect(result.plan.months[1].cabals[0].members.map((m) => m.person)).toContain('constructor');
    }
  });

  it('planner-proto-skill.json: a required skill "constructor" nobody holds is infeasible on required-skills', async () => {
    const parsed = parsePlanRequest(fixture('planner-proto-skill.json'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const result = await planRequest(parsed.value);
    expect(result.status).toBe('infeasible');
    if (result.status === 'infeasible') {
      expect(result.conflict.map((c) => c.rule)).toEqual(['required-skills']);
      expect(result.conflict[0].detail).toContain('constructor');
    }
  });
});

describe('history and carry-over that cannot be', () => {
  it('planner-dup-history-skill.json: a person listed twice in a history cabal is a field error', () => {
    const parsed = parsePlanRequest(fixture('planner-dup-history-skill.json'));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.errors).toEqual([
        { path: 'history[1].members[1]', message: '"p01" is listed twice (also members[0])' },
      ]);
  });

  it('refuses a person in two history cabals of one month, by path', () => {
    const parsed = parsePlanRequest({
      startMonth: '2027-01',
      ...smallStudio(),
      problems: [smallProblem(), smallProblem({ id: 'economy', title: 'Economy' })],
      history: [
        { month: '2026-12', problem: 'combat', members: ['design1', 'art1'] },
        { month: '2026-12', problem: 'economy', members: ['eng1', 'art1'] },
      ],
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors.map((e) => e.path)).toEqual(['history[1].members[1]']);
      expect(parsed.errors[0].message).toContain('history[0] (combat)');
    }
  });

  it('refuses a carry-over minimum above the maximum size', () => {
    const parsed = parsePlanRequest({
      startMonth: '2027-01',
      ...smallStudio(),
      problems: [smallProblem({ size: { min: 2, max: 3 }, carryOver: { min: 4, max: 5 } })],
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.errors).toEqual([
        { path: 'problems[0].carryOver.min', message: '4 is greater than the maximum size 3' },
      ]);
  });
});

describe('quality figures in edge cases', () => {
  it('has no null or NaN figure when nobody is available and no cabal has pairs', async () => {
    const { checkPlan: check } = await import('../../src/planner/check.ts');
    const away = smallStudio().people.map((p) => ({ ...p, unavailable: ['2027-01'] }));
    const req = request({ months: 1, people: away, problems: [] });
    expect(check(req, { months: [{ month: '2027-01', cabals: [] }] }).quality).toEqual({
      violations: 0,
      servedShare: 0,
      maxMonthsServed: 0,
      gini: 0,
      meanSkillFit: 0,
      newPairShare: 1,
    });
  });
});

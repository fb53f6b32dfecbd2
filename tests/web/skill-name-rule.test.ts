import { describe, expect, it } from 'vitest';
import { findPerson } from '../../src/db/repos/people.ts';
import { findProblem } from '../../src/db/repos/problems.ts';
import { skillNameProblem } from '../../src/domain/skills.ts';
import { parsePlanRequest } from '../../src/planner/schema.ts';
import { request } from '../planner/fixtures.ts';
import { html, signIn, testApp } from '../helpers/test-app.ts';

// One rule for a skill name (src/domain/skills.ts, skillNameProblem), asked by every place a name comes in: the
// profile form, the problem form and a plan request. (The HR import carries no skills.) "_" is allowed everywhere.

/** The problem form's fields for Combat feel, with required skills as typed. */
function combatFeel(csrf: string, skills: string[]): Record<string, string> {
  const form: Record<string, string> = {
    _csrf: csrf,
    title: 'Combat feel',
    affectedDepartments: 'design',
    sizeMin: '3',
    sizeMax: '4',
    minAffected: '1',
    minOutsiders: '1',
    minDepartments: '2',
    carryOverMin: '1',
    carryOverMax: '2',
    startMonth: '2027-01',
    status: 'active',
  };
  skills.forEach((skill, i) => {
    form[`skills[${i}][skill]`] = skill;
    form[`skills[${i}][minLevel]`] = '1';
  });
  return form;
}

describe('the skill-name rule', () => {
  it('accepts "_" anywhere, names as typed that normalise to the rule, and refuses the rest with what is wrong', () => {
    for (const name of ['level_design', '__proto__', '_x', 'Level Design', 'c++', 'ui/ux', 'toString'])
      expect(skillNameProblem(name), name).toBeUndefined();
    expect(skillNameProblem('  ')).toBe('a skill name must not be empty');
    expect(skillNameProblem('x'.repeat(41))).toBe('a skill name is at most 40 characters');
    for (const name of ['net!code', '-x', 'ré'])
      expect(skillNameProblem(name), name).toMatch(/^a skill name may hold only letters, digits and _/);
  });
});

describe('a skill name with "_" through the profile form', () => {
  it('is saved on one’s own profile, as __proto__ is', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.employee.email);
    await agent
      .post('/me/profile')
      .type('form')
      .send({
        _csrf: csrf,
        personId: accounts!.employee.personId,
        timeZone: 'UTC',
        'skills[0][name]': 'Level_Design',
        'skills[0][level]': '2',
        'skills[1][name]': '__proto__',
        'skills[1][level]': '3',
      })
      .expect(303);
    const skills = findPerson(db, accounts!.employee.personId)!.skills;
    expect(Object.entries(skills).sort()).toEqual([
      ['__proto__', 3],
      ['level_design', 2],
    ]);
    // The profile, the person page and the expert search show them like any other skill.
    const mine = html(await agent.get('/me/profile').expect(200));
    for (const name of ['__proto__', 'level_design']) expect(mine(`input[value="${name}"]`).length, name).toBe(1);
    const page = html(await agent.get(`/people/${accounts!.employee.personId}`).expect(200));
    expect(page('body').text()).toContain('__proto__');
    const found = html(await agent.get('/people?q=level_design').expect(200));
    expect(found('body').text()).toContain('Ada Moss');
  });

  it('comes back with the rule’s message beside the field when the name breaks it, and nothing is saved', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.employee.email);
    const res = await agent.post('/me/profile').type('form').send({
      _csrf: csrf,
      personId: accounts!.employee.personId,
      timeZone: 'UTC',
      'skills[0][name]': 'net!code_2',
      'skills[0][level]': '2',
    });
    expect(res.status).toBe(422);
    const $ = html(res);
    const field = $('input[name="skills[0][name]"]');
    expect(field.attr('aria-invalid')).toBe('true');
    expect($(`#${field.attr('aria-describedby')}`).text()).toMatch(/^A skill name may hold only letters, digits and _/);
    expect(findPerson(db, accounts!.employee.personId)!.skills).toEqual({ netcode: 2 });
  });

  it('is refused (403) on someone else’s profile, and nothing changes', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.manager.email);
    const res = await agent.post('/me/profile').type('form').send({
      _csrf: csrf,
      personId: accounts!.other.personId,
      timeZone: 'UTC',
      'skills[0][name]': 'level_design',
      'skills[0][level]': '3',
    });
    expect(res.status).toBe(403);
    expect(findPerson(db, accounts!.other.personId)!.skills).toEqual({ netcode: 2 });
  });
});

describe('a required skill with "_" through the problem form', () => {
  it('is saved by the problem’s lead, normalised as profiles store it', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    await agent
      .post('/problems/combat-feel')
      .type('form')
      .send(combatFeel(csrf, ['Level_Design', '__proto__']))
      .expect(303);
    expect(findProblem(db, 'combat-feel')?.requiredSkills).toEqual([
      { skill: '__proto__', minLevel: 1 },
      { skill: 'level_design', minLevel: 1 },
    ]);
  });

  it('comes back (422) with the rule’s message on the row whose name breaks it, and nothing is saved', async () => {
    const { app, db, accounts } = await testApp();
    const before = findProblem(db, 'combat-feel');
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    const res = await agent
      .post('/problems/combat-feel')
      .type('form')
      .send(combatFeel(csrf, ['level_design', 'net!code']));
    expect(res.status).toBe(422);
    expect(html(res)('body').text()).toContain('A skill name may hold only letters, digits and _');
    expect(findProblem(db, 'combat-feel')).toEqual(before);
  });

  it('is refused (403) to people who do not lead the problem, and nothing changes', async () => {
    const { app, db, accounts } = await testApp();
    const before = findProblem(db, 'combat-feel');
    for (const who of ['employee', 'manager'] as const) {
      const { agent, csrf } = await signIn(app, accounts![who].email);
      const res = await agent
        .post('/problems/combat-feel')
        .type('form')
        .send(combatFeel(csrf, ['level_design']));
      expect(res.status, who).toBe(403);
    }
    expect(findProblem(db, 'combat-feel')).toEqual(before);
  });
});

describe('a skill name with "_" in a plan request', () => {
  const withSkill = (held: string, required: string) => {
    const json = JSON.parse(JSON.stringify(request({ months: 1 }))) as {
      people: { skills: Record<string, number> }[];
      problems: { requiredSkills: { skill: string; minLevel: number }[] }[];
    };
    json.people[0].skills = { [held]: 2 };
    json.problems[0].requiredSkills = [{ skill: required, minLevel: 1 }];
    return json;
  };

  it('is accepted for a person’s skill and a required skill', () => {
    const parsed = parsePlanRequest(withSkill('level_design', 'level_design'));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value.problems[0].requiredSkills[0].skill).toBe('level_design');
  });

  it('is refused by path when a name breaks the rule', () => {
    const person = parsePlanRequest(withSkill('net!code', 'level_design'));
    expect(person.ok).toBe(false);
    if (!person.ok) {
      expect(person.errors[0].path).toBe('people[0].skills.net!code');
      expect(person.errors[0].message).toMatch(/^a skill name may hold only/);
    }
    const problem = parsePlanRequest(withSkill('level_design', 'net!code'));
    expect(problem.ok).toBe(false);
    if (!problem.ok) expect(problem.errors.map((e) => e.path)).toEqual(['problems[0].requiredSkills[0].skill']);
  });
});

import { describe, expect, it } from 'vitest';
import { findProblem } from '../../src/db/repos/problems.ts';
import { listPlanningPeople } from '../../src/db/repos/people.ts';
import {
  combatFeelForm,
  html,
  planThroughWeb,
  saveCombatFeel,
  settleRuns,
  signIn,
  testApp,
} from '../helpers/test-app.ts';

// Skill names are typed by people (profile, problem form): a name that is also a member of every JavaScript object
// must be an ordinary skill through the forms, the planner, the ways out and every page that shows skills.
// ("__proto__", which the skill-name rule allows too, goes through the profile in tests/web/skill-name-rule.test.ts.)
const NAMES = ['constructor', 'tostring', 'hasownproperty', 'valueof'];

describe('skill names that are object members, through the forms and pages', () => {
  it('keeps them on a profile, finds their holders, staffs a problem needing one and applies a way out', async () => {
    const { app, db, accounts } = await testApp();
    const employee = await signIn(app, accounts!.employee.email);
    const profile: Record<string, string> = {
      _csrf: employee.csrf,
      personId: accounts!.employee.personId,
      timeZone: 'Europe/London',
    };
    NAMES.forEach((name, k) => {
      profile[`skills[${k}][name]`] = name;
      profile[`skills[${k}][level]`] = String((k % 3) + 1);
    });
    await employee.agent.post('/me/profile').type('form').send(profile).expect(303);
    const skills = listPlanningPeople(db).find((p) => p.id === accounts!.employee.personId)!.skills;
    expect(Object.entries(skills).sort()).toEqual(NAMES.map((name, k) => [name, (k % 3) + 1]).sort());
    const mine = html(await employee.agent.get('/me/profile').expect(200));
    for (const name of NAMES) expect(mine(`input[value="${name}"]`).length, name).toBe(1);

    // The expert search finds the holder by each name.
    for (const name of NAMES) {
      const found = html(await employee.agent.get(`/people?q=${encodeURIComponent(name)}`).expect(200));
      expect(found('body').text(), name).toContain('Ada Moss');
    }
    const person = html(await employee.agent.get(`/people/${accounts!.employee.personId}`).expect(200));
    for (const name of NAMES) expect(person('body').text(), name).toContain(name);

    // Levels are 1, 2, 3, 1 in NAMES order. A problem needs "hasownproperty" at level 2 (the employee holds it at 3)
    // and "valueof" at level 3 (held at 1 only): infeasible, with "lower the required level of valueof to 1".
    const lead = await signIn(app, accounts!.lead.email);
    await saveCombatFeel(lead.agent, lead.csrf, [
      { skill: 'hasownproperty', minLevel: 2 },
      { skill: 'valueof', minLevel: 3 },
    ]);
    expect(
      findProblem(db, 'combat-feel')
        ?.requiredSkills.map((s) => s.skill)
        .sort(),
    ).toEqual(['hasownproperty', 'valueof']);
    const problemPage = html(await lead.agent.get('/problems/combat-feel').expect(200));
    expect(problemPage('body').text()).toContain('valueof');

    const runUrl = await planThroughWeb(lead.agent, lead.csrf, db, 1);
    const run = html(await lead.agent.get(runUrl).set('HX-Request', 'true').expect(200));
    expect(run('#run').attr('data-status')).toBe('infeasible');
    expect(run('#run .conflict').text()).toContain('skill valueof ≥ 3');
    const lower = run('[data-testid="way-outs"] li').filter((_, li) =>
      run(li).text().includes('lower the required level of valueof to 1'),
    );
    expect(lower.length).toBe(1);
    const applied = await lead.agent
      .post(lower.find('form').attr('action')!)
      .type('form')
      .send({ _csrf: lead.csrf, problem: 'combat-feel', wayOut: lower.find('input[name="wayOut"]').val() })
      .expect(303);
    await settleRuns(db);
    const again = html(await lead.agent.get(applied.headers.location).set('HX-Request', 'true').expect(200));
    expect(again('#run').attr('data-status')).toBe('planned');
    const timeline = html(await lead.agent.get('/problems/combat-feel').expect(200));
    const tags = timeline('#month-2027-01 .tag')
      .map((_, t) => timeline(t).text())
      .get();
    expect(tags).toContain('skill: hasownproperty');
    expect(tags).toContain('skill: valueof');
  });
});

describe('a required skill typed in the problem form', () => {
  it('is read as profiles write skill names, so "  Netcode " matches the people who hold netcode', async () => {
    // Profiles store "netcode" (lower case, spaces as dashes); a lead typing "Netcode" got "skill Netcode ≥ 2: 0
    // eligible" and an infeasible plan although every one of the six people holds netcode at 2.
    const { app, db, accounts } = await testApp();
    const lead = await signIn(app, accounts!.lead.email);
    const res = await lead.agent
      .post('/problems/combat-feel')
      .type('form')
      .send(
        combatFeelForm(lead.csrf, [
          { skill: '  Netcode ', minLevel: 2 },
          { skill: 'Level Design', minLevel: 1 },
          { skill: 'level-design', minLevel: 2 },
        ]),
      );
    // "Level Design" and "level-design" are one skill: listed twice.
    expect(res.status).toBe(422);
    expect(html(res)('body').text()).toContain('level-design is listed twice');
    await saveCombatFeel(lead.agent, lead.csrf, [{ skill: '  Netcode ', minLevel: 2 }]);
    expect(findProblem(db, 'combat-feel')?.requiredSkills).toEqual([{ skill: 'netcode', minLevel: 2 }]);
    const runUrl = await planThroughWeb(lead.agent, lead.csrf, db, 1);
    const run = html(await lead.agent.get(runUrl).set('HX-Request', 'true').expect(200));
    expect(run('#run').attr('data-status')).toBe('planned');
  });
});

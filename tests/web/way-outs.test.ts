import { describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { listPlanMonths } from '../../src/db/repos/cabals.ts';
import { listPlanRuns } from '../../src/db/repos/plan-runs.ts';
import { findProblem } from '../../src/db/repos/problems.ts';
import { getPolicy } from '../../src/db/repos/policy.ts';
import type { Db } from '../../src/db/client.ts';
import {
  combatFeelForm,
  html,
  planThroughWeb,
  saveCombatFeel,
  settleRuns,
  signIn,
  testApp,
} from '../helpers/test-app.ts';

/** Starts a plan from the plan page and returns the finished run's widget. */
async function planMonths(agent: TestAgent, csrf: string, db: Db, months: number) {
  const url = await planThroughWeb(agent, csrf, db, months);
  return { url, done: html(await agent.get(url).set('HX-Request', 'true').expect(200)) };
}

/** Makes Combat feel need netcode at level 3, which nobody in the test studio holds. */
const requireNetcode3 = (agent: TestAgent, csrf: string) =>
  saveCombatFeel(agent, csrf, [{ skill: 'netcode', minLevel: 3 }]);

describe('applying a way out of an impossible problem and planning again', () => {
  it('shows each verified way out with a button, applies the one chosen and re-plans', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    await requireNetcode3(agent, csrf);
    const { url, done } = await planMonths(agent, csrf, db, 3);
    expect(done('#run').attr('data-status')).toBe('infeasible');
    const items = done('[data-testid="way-outs"] li');
    const texts = items.map((_, li) => done(li).text().replace(/\s+/g, ' ').trim()).get();
    expect(texts.some((t) => t.startsWith('drop the required skill netcode'))).toBe(true);
    const drop = items.filter((_, li) => done(li).text().includes('drop the required skill netcode'));
    const form = drop.find('form');
    expect(form.attr('action')).toBe(`${url}/way-outs`);
    expect(form.find('button').text()).toBe('Apply and re-plan');

    const applied = await agent
      .post(form.attr('action')!)
      .type('form')
      .send({
        _csrf: csrf,
        problem: form.find('input[name="problem"]').val(),
        wayOut: form.find('input[name="wayOut"]').val(),
      });
    expect(applied.status).toBe(303);
    expect(applied.headers.location).toMatch(/^\/plans\/runs\/\d+$/);
    expect(applied.headers.location).not.toBe(url);
    expect(findProblem(db, 'combat-feel')?.requiredSkills).toEqual([]);
    await settleRuns(db);
    const again = html(await agent.get(applied.headers.location).set('HX-Request', 'true').expect(200));
    expect(again('#run').attr('data-status')).toBe('planned');
    expect(listPlanMonths(db, { status: 'draft' }).map((m) => m.month)).toEqual(['2027-01', '2027-02', '2027-03']);
    const timeline = html(await agent.get('/problems/combat-feel').expect(200));
    expect(timeline('.audit').text()).toContain('applied the way out "drop the required skill netcode" of plan run #');
  });

  it('leaves a change to the rotation policy to an admin, who applies it from the same run', async () => {
    // Game Design has two people and the cabal needs both every month: the fourth month breaks the limit of 3
    // consecutive months for both. Lowering the minimum is the lead's; raising the limits is the policy, an admin's.
    const { app, db, accounts } = await testApp();
    const lead = await signIn(app, accounts!.lead.email);
    const form = combatFeelForm(lead.csrf, [], { minAffected: '2' });
    await lead.agent.post('/problems/combat-feel').type('form').send(form).expect(303);
    const { url, done } = await planMonths(lead.agent, lead.csrf, db, 4);
    expect(done('#run').attr('data-status')).toBe('infeasible');
    const policyItem = (page: typeof done) =>
      page('[data-testid="way-outs"] li').filter((_, li) => page(li).text().includes('allow 4 consecutive months'));
    expect(policyItem(done).find('form').length).toBe(0);
    expect(policyItem(done).text()).toContain('(an admin changes the rotation policy)');
    const index = done('[data-testid="way-outs"] li').index(policyItem(done));
    const refused = await lead.agent
      .post(`${url}/way-outs`)
      .type('form')
      .send({ _csrf: lead.csrf, problem: 'combat-feel', wayOut: String(index) });
    expect(refused.status).toBe(403);
    expect(getPolicy(db).maxConsecutiveMonths).toBe(3);

    const admin = await signIn(app, accounts!.admin.email);
    const seen = html(await admin.agent.get(url).set('HX-Request', 'true').expect(200));
    const button = policyItem(seen).find('form');
    expect(button.length).toBe(1);
    const applied = await admin.agent
      .post(button.attr('action')!)
      .type('form')
      .send({ _csrf: admin.csrf, problem: 'combat-feel', wayOut: button.find('input[name="wayOut"]').val() })
      .expect(303);
    expect(getPolicy(db)).toMatchObject({ maxConsecutiveMonths: 4, maxConsecutiveMonthsOnProblem: 4 });
    await settleRuns(db);
    const again = html(await admin.agent.get(applied.headers.location).set('HX-Request', 'true').expect(200));
    expect(again('#run').attr('data-status')).toBe('planned');
  });

  it('refuses an employee and a manager (403) and changes nothing', async () => {
    const { app, db, accounts } = await testApp();
    const lead = await signIn(app, accounts!.lead.email);
    await requireNetcode3(lead.agent, lead.csrf);
    const { url } = await planMonths(lead.agent, lead.csrf, db, 2);
    const before = { problem: findProblem(db, 'combat-feel'), runs: listPlanRuns(db, 50).length };
    for (const email of [accounts!.employee.email, accounts!.manager.email]) {
      const { agent, csrf } = await signIn(app, email);
      const res = await agent
        .post(`${url}/way-outs`)
        .type('form')
        .send({ _csrf: csrf, problem: 'combat-feel', wayOut: '0' });
      expect(res.status, email).toBe(403);
    }
    expect(findProblem(db, 'combat-feel')).toEqual(before.problem);
    expect(listPlanRuns(db, 50).length).toBe(before.runs);
  });

  it('answers malformed input with a 4xx naming the field, and changes nothing', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    await requireNetcode3(agent, csrf);
    const { url } = await planMonths(agent, csrf, db, 2);
    const before = { problem: findProblem(db, 'combat-feel'), runs: listPlanRuns(db, 50).length };
    const send = (body: Record<string, string>) =>
      agent
        .post(`${url}/way-outs`)
        .type('form')
        .send({ _csrf: csrf, ...body });
    for (const wayOut of ['99', '-1', 'abc', '1e3', '']) {
      const res = await send({ problem: 'combat-feel', wayOut });
      expect(res.status, wayOut).toBe(422);
      expect(res.text, wayOut).toContain('wayOut: choose one of the');
    }
    for (const problem of ['nope', 'constructor', '__proto__']) {
      const res = await send({ problem, wayOut: '0' });
      expect(res.status, problem).toBe(422);
      expect(res.text).toContain('problem: this run has no infeasible answer for that problem');
    }
    expect((await send({})).status).toBe(422);
    expect((await agent.post('/plans/runs/999999/way-outs').type('form').send({ _csrf: csrf })).status).toBe(404);
    expect((await agent.post('/plans/runs/abc/way-outs').type('form').send({ _csrf: csrf })).status).toBe(404);
    expect(findProblem(db, 'combat-feel')).toEqual(before.problem);
    expect(listPlanRuns(db, 50).length).toBe(before.runs);
  });
});

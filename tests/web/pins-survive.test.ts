import { describe, expect, it } from 'vitest';
import { html, signIn } from '../helpers/test-app.ts';
import { planRun, twoLeadApp } from '../helpers/two-leads.ts';

describe('manual edits are pins that survive re-plans', () => {
  it('keeps a swap through a later re-plan of the same months, and shows it pinned', async () => {
    const { app, db, runs } = await twoLeadApp();
    const a = await signIn(app, 'leadA@studio.test');
    expect((await planRun(a.agent, a.csrf, runs, 3)).status).toBe(303);
    const members = (month: string) =>
      db.$client
        .prepare(
          `select m.person_id from cabals c join cabal_members m on m.cabal_id = c.id
           where c.problem_id = 'alpha' and c.month = ? order by m.person_id`,
        )
        .all(month)
        .map((r) => (r as { person_id: string }).person_id);
    const out = members('2027-02')[0];
    const list = html(
      await a.agent.get(`/problems/alpha/months/2027-02/members/${out}/candidates`).set('HX-Request', 'true'),
    );
    const incoming = list('tr.candidate:not(.breaks)').first().attr('data-person')!;
    await a.agent
      .post(`/problems/alpha/months/2027-02/members/${out}/replacement`)
      .type('form')
      .send({ candidate: incoming, _csrf: a.csrf })
      .expect(303);
    expect(members('2027-02')).toContain(incoming);

    // Re-plan the same three months (a whole new run): the swap is kept, both ways.
    const replan = await planRun(a.agent, a.csrf, runs, 3);
    expect(replan.status).toBe(303);
    const run = db.$client.prepare('select status from plan_runs order by id desc limit 1').get();
    expect(run).toEqual({ status: 'planned' });
    expect(members('2027-02')).toContain(incoming);
    expect(members('2027-02')).not.toContain(out);
    const page = html(await a.agent.get('/problems/alpha').expect(200));
    expect(page(`#month-2027-02 tr[data-person="${incoming}"] .tag-pinned`).length).toBe(1);
    expect(page('#month-2027-02 .pins').text()).toContain('pinned out');
  });
});

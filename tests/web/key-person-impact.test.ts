import { describe, expect, it } from 'vitest';
import { html, signIn, testApp } from '../helpers/test-app.ts';
import { tinyNetwork, writeCabal } from './network-fixture.ts';

async function app() {
  const t = await testApp();
  tinyNetwork(t.db);
  // Drafts: Cleo (p3, the only affected member besides Finn) sits in both; February carries her over.
  writeCabal(t.db, '2027-01', ['p3', 'p5', 'p2'], 'draft');
  writeCabal(t.db, '2027-02', ['p3', 'p4', 'p1'], 'draft');
  return t;
}

const seats = (db: Awaited<ReturnType<typeof app>>['db']) =>
  db.$client
    .prepare(
      'select c.month, c.status, m.person_id from cabals c join cabal_members m on m.cabal_id = c.id order by 1, 3',
    )
    .all();

describe('GET /people/:id/impact', () => {
  it('shows a lead which draft cabals would break which rules without the person, by the planner’s checker', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.lead.email);
    const $ = html(await agent.get('/people/p3/impact').expect(200));
    const rows = $('#impact-cabals tbody tr')
      .map((_, tr) => $(tr).find('td').last().text().replace(/\s+/g, ' '))
      .get();
    expect(rows).toHaveLength(2);
    // January without Cleo: two members (size 3..4), and no affected member left.
    expect(rows[0]).toContain('Cabal size');
    expect(rows[0]).toContain('Minimum affected members');
    // February loses its carry-over too: Cleo was the one member carried over from January.
    expect(rows[1]).toContain('Carry-over from last month');
  });

  it('follows the drafts: a cabal the person leaves after the page was served is no longer listed', async () => {
    const { app: a, accounts, db } = await app();
    const { agent } = await signIn(a, accounts!.lead.email);
    expect(html(await agent.get('/people/p3/impact').expect(200))('#impact-cabals tbody tr')).toHaveLength(2);
    db.$client
      .prepare(
        `delete from cabal_members where person_id = 'p3'
         and cabal_id = (select id from cabals where month = '2027-02' and status = 'draft')`,
      )
      .run();
    expect(html(await agent.get('/people/p3/impact').expect(200))('#impact-cabals tbody tr')).toHaveLength(1);
  });

  it('says what the network loses: articulation point, people cut off, pairs losing their short paths', async () => {
    const { app: a, accounts } = await app();
    const { agent } = await signIn(a, accounts!.manager.email);
    const $ = html(await agent.get('/people/p4/impact').expect(200));
    const figures = $('#impact-paths dd')
      .map((_, dd) => $(dd).text())
      .get();
    // Dev alone joins Eve to the rest: removing him cuts Eve off, and Eve loses her short paths to Ben and Cleo.
    expect(figures[0]).toContain('Yes');
    expect(figures[1]).toContain('1 person');
    expect(figures[2]).toBe('2');
    expect(
      $('#broken-pairs li')
        .map((_, li) => $(li).text().split(' (')[0])
        .get()
        .sort(),
    ).toEqual(['Ben Okafor and Eve Lind', 'Cleo Park and Eve Lind']);
  });

  it('previews a re-plan without the person, side by side with the drafts, and saves nothing', async () => {
    const { app: a, accounts, db } = await app();
    const { agent } = await signIn(a, accounts!.lead.email);
    const before = seats(db);
    let status = 'running';
    let $ = html(await agent.get('/people/p3/impact/replan').set('HX-Request', 'true').expect(200));
    // The widget polls until the plan worker is done; the loop only waits for that, whatever the machine's speed.
    for (let i = 0; i < 600 && status === 'running'; i++) {
      status = $('[data-status]').attr('data-status') ?? 'none';
      if (status !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
      $ = html(await agent.get('/people/p3/impact/replan').set('HX-Request', 'true').expect(200));
    }
    expect(['planned', 'infeasible']).toContain(status);
    if (status === 'planned') {
      // Cleo's seats are marked as leaving, and she is in no proposed cabal.
      expect($('.replan-compare mark.leaving').first().text()).toContain('Cleo Park');
      expect($('.replan-compare td:nth-child(3)').text()).not.toContain('Cleo Park');
    } else {
      expect($('[data-status="infeasible"]').text()).toContain('cannot be staffed');
    }
    expect(seats(db)).toEqual(before);
  });

  it('refuses an employee (403) and answers an unknown person with 404', async () => {
    const { app: a, accounts, db } = await app();
    const before = seats(db);
    const employee = await signIn(a, accounts!.employee.email);
    await employee.agent.get('/people/p3/impact').expect(403);
    await employee.agent.get('/people/p3/impact/replan').expect(403);
    const lead = await signIn(a, accounts!.lead.email);
    const res = await lead.agent.get('/people/nobody%20here/impact').expect(404);
    expect(res.text).toContain('No one in the studio has this id');
    expect(seats(db)).toEqual(before);
  });
});

import { describe, expect, it } from 'vitest';
import { html, signIn, testApp } from '../helpers/test-app.ts';
import { scheduleTinyStudio } from './me-fixture.ts';

type TestDb = Awaited<ReturnType<typeof testApp>>['db'];

/** Gives Ben (p2) a seat in January's combat cabal straight in the database, as another process would. */
function seatBenInJanuaryCombat(db: TestDb): void {
  const cabal = db.$client
    .prepare(`select id from cabals where problem_id = 'combat-feel' and month = '2027-01'`)
    .get() as { id: number };
  db.$client
    .prepare(`insert into cabal_members (cabal_id, person_id, tags) values (?, 'p2', '["outsider"]')`)
    .run(cabal.id);
}

// Pages kept per version of the studio's data (src/services/studio-cache.ts) show a write at once, whoever makes it:
// here a write straight to the database, as another process or the HR import would make it.
describe('pages served from the studio cache', () => {
  it('the problem list shows a renamed problem and a new member on the next request', async () => {
    const { app, accounts, db } = await testApp();
    scheduleTinyStudio(db);
    const { agent } = await signIn(app, accounts!.employee.email);
    const before = html(await agent.get('/problems').expect(200));
    expect(before('#problem-table').text()).toContain('Combat feel');
    expect(before('#problem-table .members-now').text()).not.toContain('Ben Okafor');
    // htmx asks for the table alone, and gets the same table.
    const fragment = await agent.get('/problems').set('HX-Request', 'true').expect(200);
    expect(fragment.text.startsWith('<table id="problem-table"')).toBe(true);

    db.$client.prepare(`update problems set title = 'Combat feel, reworked' where id = 'combat-feel'`).run();
    seatBenInJanuaryCombat(db);
    const after = html(await agent.get('/problems').expect(200));
    expect(after('#problem-table').text()).toContain('Combat feel, reworked');
    expect(after('#problem-table .members-now').text()).toContain('Ben Okafor');
  });

  it('my rotation and the dashboard show a seat given to the person after the page was first served', async () => {
    const { app, accounts, db } = await testApp();
    scheduleTinyStudio(db);
    const { agent } = await signIn(app, accounts!.lead.email);
    // Ben (p2, the lead) sits in February's lore cabal and March's combat cabal, not in January's.
    const rotation = await agent.get('/me/rotation').expect(200);
    const dashboard = await agent.get('/').expect(200);
    seatBenInJanuaryCombat(db);
    const rotationAfter = await agent.get('/me/rotation').expect(200);
    const dashboardAfter = await agent.get('/').expect(200);
    expect(rotationAfter.text).not.toBe(rotation.text);
    expect(html(rotationAfter)('main').text()).toContain('Combat feel');
    expect(
      html(dashboardAfter)('main')
        .text()
        .match(/Combat feel/g)?.length ?? 0,
    ).toBeGreaterThan(
      html(dashboard)('main')
        .text()
        .match(/Combat feel/g)?.length ?? 0,
    );
  });

  it('a person page shows a published seat added after the page was first served', async () => {
    const { app, accounts, db } = await testApp();
    scheduleTinyStudio(db);
    const { agent } = await signIn(app, accounts!.employee.email);
    // Ben (p2) has no published seat: January's combat cabal gains him.
    const before = html(await agent.get('/people/p2').expect(200));
    expect(before('main').text()).not.toContain('Combat feel');
    seatBenInJanuaryCombat(db);
    const after = html(await agent.get('/people/p2').expect(200));
    expect(after('main').text()).toContain('Combat feel');
  });

  it('a repeated people search ranks by the skill levels of now, not of its first answer', async () => {
    const { app, accounts, db } = await testApp();
    const { agent } = await signIn(app, accounts!.employee.email);
    const names = async () => {
      const $ = html(await agent.get('/people?q=netcode').expect(200));
      return $('main').text();
    };
    const before = await names();
    expect(before).toContain('Cleo Park');
    // Everyone holds netcode at level 2; Cleo (p3) now holds it at 5 and ranks first.
    db.$client.prepare(`update person_skills set level = 5 where person_id = 'p3' and skill = 'netcode'`).run();
    const after = await names();
    expect(after.indexOf('Cleo Park')).toBeLessThan(after.indexOf('Ada Moss'));
    expect(before.indexOf('Cleo Park')).toBeGreaterThan(before.indexOf('Ada Moss'));
  });

  it("the people page's location filter offers a location given after the page was first served", async () => {
    const { app, accounts, db } = await testApp();
    const { agent } = await signIn(app, accounts!.employee.email);
    const locations = async () => {
      const $ = html(await agent.get('/people').expect(200));
      return $('select[name="location"] option')
        .map((_, o) => $(o).attr('value'))
        .get();
    };
    expect(await locations()).not.toContain('Reykjavík');
    db.$client.prepare(`update people set location = 'Reykjavík' where id = 'p3'`).run();
    expect(await locations()).toContain('Reykjavík');
  });
});

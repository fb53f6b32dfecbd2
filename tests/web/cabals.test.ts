import { describe, expect, it } from 'vitest';
import { listPlanMonths, writePlanMonths } from '../../src/db/repos/cabals.ts';
import type { Db } from '../../src/db/client.ts';
import { personUnavailableMonths } from '../../src/db/schema.ts';
import { html, planThroughWeb, settleRuns, signIn, testApp, TEST_NOW } from '../helpers/test-app.ts';

function cabal(db: Db, month: string) {
  return listPlanMonths(db, { from: month, before: `${month}-99` })[0]?.cabals.find((c) => c.problem === 'combat-feel');
}

describe('pins', () => {
  it('pins a person out of a month, re-plans that month and the ones after, and keeps the pin', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    await planThroughWeb(agent, csrf, db, 3);
    const out = cabal(db, '2027-02')!.members[0].person;
    const res = await agent
      .post('/problems/combat-feel/months/2027-02/pins')
      .type('form')
      .send({ person: out, mode: 'exclude', _csrf: csrf });
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/problems\/combat-feel\?run=\d+#run$/);
    const page = html(await agent.get(res.headers.location));
    expect(page('#run').length).toBe(1);
    await settleRuns(db);
    expect(cabal(db, '2027-02')!.members.map((m) => m.person)).not.toContain(out);
    expect(listPlanMonths(db, { status: 'draft' }).map((m) => m.month)).toEqual(['2027-01', '2027-02', '2027-03']);
    const after = html(await agent.get('/problems/combat-feel'));
    expect(after('#month-2027-02 .pins').text()).toContain('pinned out');
    expect(after('.audit').text()).toContain('pin.add');
  });

  it('pins a person in, and the re-planned cabal holds them tagged "pinned"', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    await planThroughWeb(agent, csrf, db, 2);
    const outsider = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].find(
      (p) => !cabal(db, '2027-02')!.members.some((m) => m.person === p),
    )!;
    await agent
      .post('/problems/combat-feel/months/2027-02/pins')
      .type('form')
      .send({ person: outsider, mode: 'include', _csrf: csrf })
      .expect(303);
    await settleRuns(db);
    const member = cabal(db, '2027-02')!.members.find((m) => m.person === outsider);
    expect(member?.tags).toContain('pinned');
    const page = html(await agent.get('/problems/combat-feel'));
    expect(page(`#month-2027-02 tr[data-person="${outsider}"] .tag-pinned`).length).toBe(1);
    await agent
      .post(`/problems/combat-feel/months/2027-02/pins/${outsider}/removal`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    await settleRuns(db);
    expect(html(await agent.get('/problems/combat-feel'))('#month-2027-02 .pins').length).toBe(0);
  });

  it('pins someone into a month beyond the drafts and plans the months up to it, leaving no gap', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    await planThroughWeb(agent, csrf, db, 1);
    const page = html(await agent.get('/problems/combat-feel'));
    const offered = page('#pin-ahead-month option')
      .map((_, o) => page(o).attr('value'))
      .get();
    expect(offered[0]).toBe('2027-02');
    expect(offered).not.toContain('2027-01');
    const res = await agent
      .post('/problems/combat-feel/months/2027-04/pins')
      .type('form')
      .send({ person: 'p1', mode: 'include', _csrf: csrf });
    expect(res.status).toBe(303);
    await settleRuns(db);
    expect(listPlanMonths(db, { status: 'draft' }).map((m) => m.month)).toEqual([
      '2027-01',
      '2027-02',
      '2027-03',
      '2027-04',
    ]);
    expect(cabal(db, '2027-04')!.members.find((m) => m.person === 'p1')?.tags).toContain('pinned');
    // A pin the planner cannot honour (p1 is away in May) leaves May unplanned; the pin is still listed, removable.
    db.insert(personUnavailableMonths).values({ personId: 'p1', month: '2027-05' }).run();
    await agent
      .post('/problems/combat-feel/months/2027-05/pins')
      .type('form')
      .send({ person: 'p1', mode: 'include', _csrf: csrf })
      .expect(303);
    await settleRuns(db);
    const after = html(await agent.get('/problems/combat-feel'));
    expect(after('#month-2027-05').length).toBe(0);
    expect(after('.pins-ahead').text()).toMatch(/May 2027:\s*pinned in\s*Ada Moss/);
    expect(after('.pins-ahead form').attr('action')).toBe('/problems/combat-feel/months/2027-05/pins/p1/removal');
    const tooFar = await agent
      .post('/problems/combat-feel/months/2028-01/pins')
      .type('form')
      .send({ person: 'p1', mode: 'include', _csrf: csrf });
    expect(tooFar.status).toBe(422);
    expect(html(tooFar)('.refusal').text()).toContain('at most 12 months ahead');
  });

  it('finds people to pin in through the name search, as forms that pin and re-plan', async () => {
    const { app, accounts } = await testApp();
    const { agent } = await signIn(app, accounts!.lead.email);
    const res = await agent
      .get('/problems/people-search?q=ada&for=pin&problem=combat-feel&month=2027-02')
      .set('HX-Request', 'true');
    const form = html(res)('form');
    expect(form.attr('action')).toBe('/problems/combat-feel/months/2027-02/pins');
    expect(form.find('input[name="person"]').attr('value')).toBe('p1');
  });

  it('offers no pin form when the problem or month in the link is not real, so a link cannot aim it at another route', async () => {
    const { app, accounts } = await testApp();
    const { agent } = await signIn(app, accounts!.lead.email);
    for (const query of [
      'problem=combat-feel/closure%3F&month=2027-02',
      'problem=../admin/accounts/2/roles%3F&month=2027-02',
      'problem=combat-feel&month=x/../../../plans',
    ]) {
      const res = await agent
        .get(`/problems/people-search?q=ada&for=pin&${query}`)
        .set('HX-Request', 'true')
        .expect(200);
      expect(html(res)('form').length, query).toBe(0);
    }
  });
});

describe('replacing a member', () => {
  it('ranks candidates with reasons and rule effects, swaps in a rule-abiding one, and refuses one that breaks a rule', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    await planThroughWeb(agent, csrf, db, 1);
    const members = cabal(db, '2027-01')!.members.map((m) => m.person);
    // A non-member who becomes unavailable after planning is a candidate that breaks a hard rule.
    const away = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].find((p) => !members.includes(p))!;
    db.insert(personUnavailableMonths).values({ personId: away, month: '2027-01' }).run();
    const lists = new Map<string, ReturnType<typeof html>>();
    for (const out of members) {
      const list = html(
        await agent
          .get(`/problems/combat-feel/months/2027-01/members/${out}/candidates`)
          .set('HX-Request', 'true')
          .expect(200),
      );
      expect(list('tr.candidate').length).toBeGreaterThan(0);
      expect(list('tr.candidate').first().find('td').eq(2).text()).toMatch(/served|never served/);
      lists.set(out, list);
    }
    const breaking = members[0];
    const bad = lists.get(breaking)!(`tr.candidate[data-person="${away}"]`);
    expect(bad.hasClass('breaks')).toBe(true);
    expect(bad.text()).toMatch(/breaks unavailable:/);
    // The checker's sentence names the person rather than showing their id.
    expect(bad.find('.bad').text()).toContain(
      `${bad.find('td').eq(1).contents().first().text().trim()} is unavailable in January 2027`,
    );
    const refusal = await agent
      .post(`/problems/combat-feel/months/2027-01/members/${breaking}/replacement`)
      .type('form')
      .send({ candidate: bad.attr('data-person'), _csrf: csrf });
    expect(refusal.status).toBe(422);
    expect(html(refusal)('.refusal').text()).toMatch(/cannot replace .*breaks a hard rule/);
    expect(html(refusal)('.violations li').length).toBeGreaterThan(0);
    expect(cabal(db, '2027-01')!.members.map((m) => m.person)).toEqual(members);

    const out = members.find((m) => lists.get(m)!('tr.candidate:not(.breaks)').length > 0)!;
    const good = lists.get(out)!('tr.candidate:not(.breaks)').first().attr('data-person')!;
    const res = await agent
      .post(`/problems/combat-feel/months/2027-01/members/${out}/replacement`)
      .type('form')
      .send({ candidate: good, _csrf: csrf });
    expect(res.status).toBe(303);
    const now = cabal(db, '2027-01')!.members;
    expect(now.map((m) => m.person)).toContain(good);
    expect(now.map((m) => m.person)).not.toContain(out);
    expect(now.find((m) => m.person === good)!.why).toMatch(/picked by Ben Okafor to replace/);
    expect(now.find((m) => m.person === good)!.tags).toContain('pinned');
    // The swap is kept as pins, so planning the month again keeps it.
    await planThroughWeb(agent, csrf, db, 1);
    const replanned = cabal(db, '2027-01')!.members.map((m) => m.person);
    expect(replanned).toContain(good);
    expect(replanned).not.toContain(out);
    const audit = html(await agent.get('/problems/combat-feel'))('.audit').text();
    expect(audit).toMatch(/cabal\.join/);
    expect(audit).toMatch(/cabal\.leave/);
  });
});

describe('a replacement that breaks a later month', () => {
  it('is refused when it would carry too many members into the next month, though its own month is fine', async () => {
    const { app, db, accounts } = await testApp();
    const month = (m: string, members: string[]) => ({
      month: m,
      cabals: [{ problem: 'combat-feel', members: members.map((person) => ({ person, tags: [], why: '' })) }],
    });
    // Carry-over is 1..2: February already keeps p1 and p3 from January, so seating p5 in January makes it 3.
    writePlanMonths(
      db,
      [month('2027-01', ['p1', 'p2', 'p3']), month('2027-02', ['p1', 'p3', 'p5'])],
      'draft',
      TEST_NOW,
    );
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    const list = html(
      await agent.get('/problems/combat-feel/months/2027-01/members/p2/candidates').set('HX-Request', 'true'),
    );
    expect(list('tr.candidate[data-person="p5"]').text()).toMatch(
      /breaks carry-over: February 2027 would carry over 3/,
    );
    const res = await agent
      .post('/problems/combat-feel/months/2027-01/members/p2/replacement')
      .type('form')
      .send({ candidate: 'p5', _csrf: csrf });
    expect(res.status).toBe(422);
    expect(html(res)('.violations').text()).toMatch(/carry-over.*February 2027/s);
    const ok = await agent
      .post('/problems/combat-feel/months/2027-01/members/p2/replacement')
      .type('form')
      .send({ candidate: 'p4', _csrf: csrf });
    expect(ok.status).toBe(303);
  });
});

describe('plan JSON', () => {
  it('downloads a problem’s drafts in the plan format and imports the unchanged copy back as no change', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    await planThroughWeb(agent, csrf, db, 2);
    const res = await agent.get('/problems/combat-feel/plan.json').expect(200);
    expect(res.headers['content-disposition']).toContain('combat-feel-plan.json');
    const doc = JSON.parse(res.text);
    expect(doc.status).toBe('planned');
    expect(doc.months.map((m: { month: string }) => m.month)).toEqual(['2027-01', '2027-02']);
    expect(doc.quality.violations).toBe(0);

    const ok = await agent
      .post('/plans/imports')
      .set('X-CSRF-Token', csrf)
      .set('HX-Request', 'true')
      .attach('plan', Buffer.from(res.text), 'plan.json');
    expect(ok.status).toBe(200);
    expect(html(ok)('.import-result').text()).toContain(
      'Nothing changed: the file’s drafts match the drafts kept here.',
    );
  });

  it('refuses a plan that breaks hard rules, listing them, and changes nothing', async () => {
    const { app, db, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    await planThroughWeb(agent, csrf, db, 1);
    const before = listPlanMonths(db, {});
    const bad = {
      status: 'planned',
      months: [
        {
          month: '2027-01',
          cabals: [{ problem: 'combat-feel', members: [{ person: 'p1', tags: ['outsider'], why: '' }] }],
        },
      ],
    };
    const res = await agent
      .post('/plans/imports')
      .set('X-CSRF-Token', csrf)
      .set('HX-Request', 'true')
      .attach('plan', Buffer.from(JSON.stringify(bad)), 'plan.json');
    expect(res.status).toBe(422);
    const text = html(res)('.import-result').text();
    expect(text).toContain('breaks hard rules');
    expect(text).toContain('size');
    expect(text).toContain('min-affected');
    expect(listPlanMonths(db, {})).toEqual(before);

    const malformed = await agent
      .post('/plans/imports')
      .set('X-CSRF-Token', csrf)
      .attach(
        'plan',
        Buffer.from('{"status":"planned","months":[{"month":"2027-01","cabals":[{"problem":"nope","members":[]}]}]}'),
        'p.json',
      );
    expect(malformed.status).toBe(422);
    expect(html(malformed)('.import-result').text()).toContain('months[0].cabals[0].problem');
  });

  it('refuses an import to an employee (403)', async () => {
    const { app, accounts } = await testApp();
    const { agent, csrf } = await signIn(app, accounts!.employee.email);
    const res = await agent
      .post('/plans/imports')
      .set('X-CSRF-Token', csrf)
      .attach('plan', Buffer.from('{}'), 'plan.json');
    expect(res.status).toBe(403);
  });
});

import { describe, expect, it } from 'vitest';
import { html, signIn } from '../helpers/test-app.ts';
import { planRun, twoLeadApp } from '../helpers/two-leads.ts';

/** Lead A's Alpha quest planned for three months. */
async function planned() {
  const t = await twoLeadApp();
  const a = await signIn(t.app, 'leadA@studio.test');
  expect((await planRun(a.agent, a.csrf, t.runs, 3)).status).toBe(303);
  const name = (id: string) =>
    (t.db.$client.prepare('select name from people where id = ?').get(id) as { name: string }).name;
  const members = (month: string) =>
    t.db.$client
      .prepare(
        `select m.person_id from cabals c join cabal_members m on m.cabal_id = c.id
         where c.problem_id = 'alpha' and c.month = ? order by m.person_id`,
      )
      .all(month)
      .map((r) => (r as { person_id: string }).person_id);
  return { ...t, a, name, members };
}

describe('a short notice after each change, in names and months', () => {
  it('after a swap: "<in> replaces <out> in March 2027", shown once', async () => {
    const { a, name, members } = await planned();
    const out = members('2027-03')[0];
    const list = html(
      await a.agent.get(`/problems/alpha/months/2027-03/members/${out}/candidates`).set('HX-Request', 'true'),
    );
    const incoming = list('tr.candidate:not(.breaks)').first().attr('data-person')!;
    const res = await a.agent
      .post(`/problems/alpha/months/2027-03/members/${out}/replacement`)
      .type('form')
      .send({ candidate: incoming, _csrf: a.csrf });
    expect(res.status).toBe(303);
    const page = html(await a.agent.get(res.headers.location as string).expect(200));
    expect(page('[data-testid="notice"]').text()).toContain(`${name(incoming)} replaces ${name(out)} in March 2027`);
    // Read once: a reload does not repeat it.
    expect(html(await a.agent.get('/problems/alpha').expect(200))('[data-testid="notice"]').length).toBe(0);
  });

  it('after a pin: who is pinned where, then the finished re-plan lists who changed', async () => {
    const { a, name, members, runs } = await planned();
    const out = members('2027-02')[0];
    const res = await a.agent
      .post('/problems/alpha/months/2027-02/pins')
      .type('form')
      .send({ person: out, mode: 'exclude', _csrf: a.csrf });
    expect(res.status).toBe(303);
    await runs.settle();
    const page = html(await a.agent.get(res.headers.location as string).expect(200));
    expect(page('[data-testid="notice"]').text()).toContain(
      `${name(out)} is pinned out of Alpha quest in February 2027; re-planning February 2027 – March 2027`,
    );
    const changes = page('[data-testid="run-changes"]').text();
    expect(changes).toContain('Alpha quest');
    // The pinned-out member left February (alone, or among others the re-plan moved).
    expect(changes).toMatch(new RegExp(`February 2027: [^;]*;? ?[^;]*${name(out)}[^;]* leaves?|replaces ${name(out)}`));
    expect(changes).not.toMatch(/\d{4}-\d\d/);
  });

  it('shows only a notice the app signed: a forged or altered notice cookie is ignored and cleared', async () => {
    const { a, members } = await planned();
    const out = members('2027-03')[0];
    const list = html(
      await a.agent.get(`/problems/alpha/months/2027-03/members/${out}/candidates`).set('HX-Request', 'true'),
    );
    const res = await a.agent
      .post(`/problems/alpha/months/2027-03/members/${out}/replacement`)
      .type('form')
      .send({ candidate: list('tr.candidate:not(.breaks)').first().attr('data-person')!, _csrf: a.csrf });
    expect(res.status).toBe(303);
    const setCookie = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('cabal_notice='));
    const signed = decodeURIComponent(setCookie!.split(';')[0]!.slice('cabal_notice='.length));
    // cookie-parser's signed form: "s:" + text + "." + signature.
    expect(signed.startsWith('s:')).toBe(true);
    const signature = signed.slice(signed.lastIndexOf('.'));
    // The real notice is shown (and cleared), so the agent holds no notice cookie of its own below.
    const shown = await a.agent.get('/problems/alpha').expect(200);
    expect(html(shown)('[data-testid="notice"]').text()).toContain('replaces');

    const notice = async (cookie: string) => {
      const page = await a.agent.get('/problems/alpha').set('Cookie', `cabal_notice=${encodeURIComponent(cookie)}`);
      expect(page.status).toBe(200);
      return html(page)('[data-testid="notice"]').text();
    };
    // The signed cookie sent back as it came is shown: the check below is of the signature, not of the header.
    expect(await notice(signed)).toContain('replaces');
    expect(await notice('Your account is locked: call 555-0100')).toBe('');
    expect(await notice(`s:Your account is locked: call 555-0100${signature}`)).toBe('');
    expect(await notice(`${signed.slice(0, -2)}xx`)).toBe('');
    const cleared = await a.agent.get('/problems/alpha').set('Cookie', 'cabal_notice=forged');
    expect(([] as string[]).concat(cleared.headers['set-cookie'] ?? []).some((c) => /^cabal_notice=;/.test(c))).toBe(
      true,
    );
  });

  it('offers no live Publish button on the problem page while a run is going', async () => {
    const { a, db } = await planned();
    db.$client
      .prepare(
        `insert into plan_runs (started_by, started_at, first_month, months, owner, heartbeat_at)
         values (1, '2027-01-15T10:00:00.000Z', '2027-02', 1, ?, '2027-01-15T10:00:00.000Z')`,
      )
      .run(`${process.pid}:another-app-process`);
    const page = html(await a.agent.get('/problems/alpha').expect(200));
    expect(page('form.publish-month').length).toBe(0);
    expect(page('#month-2027-01 .publish-month button').attr('disabled')).toBeDefined();
    expect(page('#month-2027-01 .publish-month').text()).toContain('Publishing waits until the plan run has finished');
  });

  it('after publishing: the month, the problem and who is now fixed', async () => {
    const { a, name, members } = await planned();
    const res = await a.agent.post('/problems/alpha/months/2027-01/publication').type('form').send({ _csrf: a.csrf });
    expect(res.status).toBe(303);
    const notice = html(await a.agent.get(res.headers.location as string).expect(200))('[data-testid="notice"]').text();
    expect(notice).toContain('Published January 2027 of Alpha quest');
    for (const id of members('2027-01')) expect(notice).toContain(name(id));
  });

  it('after publishing from the plans page (an admin, the whole month): the month and the problems by title', async () => {
    const t = await twoLeadApp();
    const admin = await signIn(t.app, 'admin@studio.test');
    expect((await planRun(admin.agent, admin.csrf, t.runs, 2, 'studio')).status).toBe(303);
    const res = await admin.agent.post('/plans/months/2027-01/publication').type('form').send({ _csrf: admin.csrf });
    expect(res.status).toBe(303);
    const notice = html(await admin.agent.get(res.headers.location as string).expect(200))(
      '[data-testid="notice"]',
    ).text();
    expect(notice).toContain('Published January 2027 of Alpha quest and Beta balance: 2 cabals fixed');
  });
});

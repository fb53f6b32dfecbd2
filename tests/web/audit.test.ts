import { describe, expect, it } from 'vitest';
import { insertAudit, type AuditEntry } from '../../src/db/repos/audit.ts';
import { auditLog } from '../../src/db/schema.ts';
import { canReadAuditLog } from '../../src/domain/access.ts';
import { kindOfAction } from '../../src/domain/audit-kinds.ts';
import { html, signIn, testApp } from '../helpers/test-app.ts';

type T = Awaited<ReturnType<typeof testApp>>;

function userId(t: T, who: 'admin' | 'lead'): number {
  const row = t.db.$client.prepare('select id from users where email = ?').get(t.accounts![who].email) as {
    id: number;
  };
  return row.id;
}

/** A log with one entry of each kind, written by the lead or the admin at two different months. */
function seedLog(t: T) {
  const lead = { userId: userId(t, 'lead'), at: '2027-01-10T09:00:00.000Z' };
  const admin = { userId: userId(t, 'admin'), at: '2027-02-03T09:00:00.000Z' };
  const byLead: AuditEntry[] = [
    { action: 'cabal.join', problemId: 'combat-feel', month: '2027-02', personId: 'p5', detail: 'swap' },
    { action: 'pin.add', problemId: 'combat-feel', month: '2027-02', personId: 'p6', detail: 'pinned in' },
    { action: 'month.publish', month: '2027-01', detail: 'published 1 cabals of 2027-01' },
    { action: 'plan.save', detail: 'plan run #1 drafted 2027-02' },
  ];
  const byAdmin: AuditEntry[] = [
    { action: 'hr.import', detail: 'HR import: 1 created' },
    { action: 'account.roles', personId: 'p3', detail: 'manager@studio.test: [] → [manager]' },
    { action: 'account.create', personId: 'p5', detail: 'account other@studio.test []' },
    { action: 'policy.update', detail: '=HYPERLINK("http://x.test","click")' },
  ];
  t.db.transaction((tx) => {
    insertAudit(tx, byLead, lead);
    insertAudit(tx, byAdmin, admin);
  });
}

const actions = (res: { text: string }) =>
  html(res)('tr[data-entry]')
    .map((_, tr) => html(res)(tr).attr('data-action'))
    .get();

describe('the audit log page', () => {
  it('lists every kind of entry, newest first, and filters by kind, person, problem, actor and month', async () => {
    const t = await testApp();
    seedLog(t);
    const { agent } = await signIn(t.app, t.accounts!.admin.email);
    const all = await agent.get('/admin/audit').expect(200);
    expect(actions(all)).toEqual([
      'policy.update',
      'account.create',
      'account.roles',
      'hr.import',
      'plan.save',
      'month.publish',
      'pin.add',
      'cabal.join',
    ]);
    expect(html(all)('tr[data-action="cabal.join"]').text()).toContain('Ben Okafor'); // the actor, by name
    expect(html(all)('tr[data-action="cabal.join"]').text()).toContain('Eve Lind'); // the person moved
    expect(html(all)('tr[data-action="cabal.join"]').text()).toContain('Combat feel');
    const get = async (q: string) => actions(await agent.get(`/admin/audit?${q}`).expect(200));
    expect(await get('kind=membership')).toEqual(['cabal.join']);
    expect(await get('kind=pin')).toEqual(['pin.add']);
    expect(await get('kind=publish')).toEqual(['month.publish']);
    expect(await get('kind=plan')).toEqual(['plan.save']);
    expect(await get('kind=import')).toEqual(['hr.import']);
    expect(await get('kind=role')).toEqual(['account.roles']);
    expect(await get('kind=account')).toEqual(['account.create']);
    expect(await get('kind=policy')).toEqual(['policy.update']);
    expect(await get('person=p5')).toEqual(['account.create', 'cabal.join']);
    expect(await get('problem=combat-feel')).toEqual(['pin.add', 'cabal.join']);
    expect(await get('actor=p2')).toEqual(['plan.save', 'month.publish', 'pin.add', 'cabal.join']);
    expect(await get('month=2027-02')).toEqual(['policy.update', 'account.create', 'account.roles', 'hr.import']);
    expect(await get('month=2027-01&kind=pin&person=p6')).toEqual(['pin.add']);
    expect(await get('month=2026-12')).toEqual([]);
    // People are asked for by name; the entries' links filter by id and the box shows the name.
    expect(await get('person=Eve%20Lind')).toEqual(['account.create', 'cabal.join']);
    expect(await get('person=eve')).toEqual(['account.create', 'cabal.join']);
    expect(await get('actor=Ben')).toEqual(['plan.save', 'month.publish', 'pin.add', 'cabal.join']);
    const linked = html(await agent.get('/admin/audit?person=p5').expect(200));
    expect(linked('input[name="person"]').val()).toBe('Eve Lind');
    expect(linked('label').text().toLowerCase()).not.toContain('person id');
  });

  it('pages through a long log, 50 entries a page', async () => {
    const t = await testApp();
    const entries = Array.from({ length: 120 }, (_, i): AuditEntry => ({ action: 'pin.add', detail: `pin ${i}` }));
    insertAudit(t.db, entries, { userId: userId(t, 'lead'), at: '2027-01-10T09:00:00.000Z' });
    const { agent } = await signIn(t.app, t.accounts!.admin.email);
    const details = async (page: number) =>
      html(await agent.get(`/admin/audit?kind=pin&page=${page}`).expect(200))('tr[data-entry] td:last-child')
        .map((_, td) => html({ text: '' })(td).text())
        .get();
    const [one, two, three] = [await details(1), await details(2), await details(3)];
    expect([one.length, two.length, three.length]).toEqual([50, 50, 20]);
    expect([one[0], two[0], three[19]]).toEqual(['pin 119', 'pin 69', 'pin 0']);
    const page2 = html(await agent.get('/admin/audit?kind=pin&page=2'));
    expect(page2('a[rel="next"]').attr('href')).toBe('/admin/audit?kind=pin&page=3');
    expect(page2('a[rel="prev"]').attr('href')).toBe('/admin/audit?kind=pin&page=1');
    expect(page2('[data-total]').text()).toBe('120');
  });

  it('downloads the filtered log as CSV with a byte-order mark, formula escaping and a name saying what it holds', async () => {
    const t = await testApp();
    seedLog(t);
    const { agent } = await signIn(t.app, t.accounts!.admin.email);
    const res = await agent
      .get('/admin/audit.csv?kind=policy')
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=audit-log-policy-to-2027-01-15.csv');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).trim().split('\n');
    expect(lines[0]).toBe('id,at,kind,action,actor_id,actor,person_id,person,problem_id,problem,month,detail');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`policy,policy.update,p4,Dev Rao,`);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x.test"",""click"")"`);
    const named = await agent.get('/admin/audit.csv?person=p5&month=2027-02').expect(200);
    expect(named.headers['content-disposition']).toContain('audit-log-person-p5-2027-02.csv');
  });

  it('refuses a malformed filter with 400 and a message naming the field', async () => {
    const t = await testApp();
    const { agent } = await signIn(t.app, t.accounts!.admin.email);
    for (const [q, field, message] of [
      ['month=2027-13', 'month', 'Month must be a month as YYYY-MM'],
      ['page=abc', 'page', 'Page must be a number'],
      ['page=0', 'page', 'Page must be at least 1'],
      ['kind=gossip', 'kind', 'Kind is not one of the listed kinds'],
      ['person=%3Cscript%3E', 'person', 'Person may hold only letters'],
      ['person=Quentin', 'person', 'No one in the studio is called “Quentin”.'],
      ['actor=Zed%20Nobody', 'actor', 'No one in the studio is called “Zed Nobody”.'],
    ]) {
      const res = await agent.get(`/admin/audit?${q}`);
      expect(res.status, q).toBe(400);
      expect(html(res)(`#${field}-error`).text()).toContain(message!);
    }
    const csv = await agent.get('/admin/audit.csv?month=nope');
    expect(csv.status).toBe(400);
    expect(csv.text).toContain('Month must be a month as YYYY-MM');
  });
});

describe('who may read the audit log, and that nobody may change it', () => {
  it('lets managers read it (they read everything) and refuses leads and employees', async () => {
    const t = await testApp();
    seedLog(t);
    const manager = await signIn(t.app, t.accounts!.manager.email);
    expect(actions(await manager.agent.get('/admin/audit').expect(200))).toHaveLength(8);
    await manager.agent.get('/admin/audit.csv').expect(200);
    const nav = html(await manager.agent.get('/').expect(200));
    expect(nav('nav a[href="/admin/audit"]').length).toBe(1);
    expect((await manager.agent.get('/admin')).status).toBe(403);
    expect((await manager.agent.get('/admin/people.csv')).status).toBe(403);
    for (const who of ['lead', 'employee'] as const) {
      const { agent } = await signIn(t.app, t.accounts![who].email);
      expect((await agent.get('/admin/audit')).status).toBe(403);
      expect((await agent.get('/admin/audit.csv')).status).toBe(403);
    }
    expect([canReadAuditLog(undefined), kindOfAction('seed'), kindOfAction('account.roles')]).toEqual([
      false,
      undefined,
      'role',
    ]);
  });

  it('has no route that edits or deletes an entry, for any method, even for an admin', async () => {
    const t = await testApp();
    seedLog(t);
    const before = t.db.select().from(auditLog).all();
    const { agent, csrf } = await signIn(t.app, t.accounts!.admin.email);
    for (const path of ['/admin/audit', `/admin/audit/${before[0]!.id}`, '/admin/audit.csv'])
      for (const method of ['post', 'put', 'patch', 'delete'] as const) {
        const res = await agent[method](path).set('X-CSRF-Token', csrf).type('form').send({ detail: 'rewritten' });
        expect(res.status, `${method} ${path}`).toBe(404);
      }
    expect(t.db.select().from(auditLog).all()).toEqual(before);
  });
});

import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/planner/schema.ts';
import { buildPlanRequest } from '../../src/services/planning/index.ts';
import { html, signIn } from '../helpers/test-app.ts';
import { planRun, storedTimeline, twoLeadApp, uploadPlan } from '../helpers/two-leads.ts';

type Doc = {
  status: string;
  problem: { id: string; title: string };
  months: {
    month: string;
    status: string;
    cabals: { problem: string; members: { person: string; tags: string[]; why: string }[] }[];
  }[];
  quality: Record<string, number>;
};

/** Lead A plans Alpha for three months and publishes January; lead B plans Beta. */
async function publishedAlpha() {
  const t = await twoLeadApp();
  const a = await signIn(t.app, 'leadA@studio.test');
  const b = await signIn(t.app, 'leadB@studio.test');
  expect((await planRun(a.agent, a.csrf, t.runs, 3)).status).toBe(303);
  expect((await planRun(b.agent, b.csrf, t.runs, 3)).status).toBe(303);
  await a.agent.post('/problems/alpha/months/2027-01/publication').type('form').send({ _csrf: a.csrf }).expect(303);
  const res = await a.agent.get('/problems/alpha/plan.json').expect(200);
  return { ...t, a, b, text: res.text, doc: JSON.parse(res.text) as Doc };
}

describe('a problem’s plan JSON round trip', () => {
  it('holds the whole timeline, each month marked, with the problem’s own quality, and is valid plan format', async () => {
    const { doc, text } = await publishedAlpha();
    expect(doc.problem).toEqual({ id: 'alpha', title: 'Alpha quest' });
    expect(doc.months.map((m) => [m.month, m.status])).toEqual([
      ['2027-01', 'published'],
      ['2027-02', 'draft'],
      ['2027-03', 'draft'],
    ]);
    expect(doc.months.every((m) => m.cabals.length === 1 && m.cabals[0].problem === 'alpha')).toBe(true);
    // Alpha's own figures: the people serving on Alpha, out of the 18 available; Beta's members do not count.
    const served = new Set(doc.months.flatMap((m) => m.cabals[0].members.map((x) => x.person)));
    expect(doc.quality.servedShare).toBeCloseTo(served.size / 18, 3);
    expect(doc.quality.maxMonthsServed).toBeLessThanOrEqual(3);
    expect(doc.quality.violations).toBe(0);
    // Valid under the plan format's schema, read by a fresh studio of the same people and problems (the added
    // fields, `problem` and each month's `status`, are ones the contract allows).
    const fresh = await twoLeadApp();
    expect(parsePlan(JSON.parse(text), buildPlanRequest(fresh.db, '2027-01', 3)).ok).toBe(true);
  });

  it('accepts the unchanged export: published months left as they are, nothing rewritten', async () => {
    const { db, a, text } = await publishedAlpha();
    const before = storedTimeline(db, 'alpha');
    const beta = storedTimeline(db, 'beta');
    const res = await uploadPlan(a.agent, a.csrf, text);
    expect(res.status).toBe(200);
    const notice = html(res)('[data-testid="notice"]').text();
    expect(notice).toContain('Nothing changed');
    expect(notice).toContain('Alpha quest: January 2027 published, left as it is');
    expect(storedTimeline(db, 'alpha')).toBe(before);
    expect(storedTimeline(db, 'beta')).toBe(beta);
  });

  it('refuses a change to a published month, naming the month and the people, and writes nothing', async () => {
    const { db, a, doc } = await publishedAlpha();
    const before = storedTimeline(db, 'alpha');
    const january = doc.months[0].cabals[0];
    const outsider = ['p7', 'p8', 'p9', 'p10', 'p11', 'p12', 'p13', 'p14', 'p15', 'p16', 'p17', 'p18'].find(
      (p) => !doc.months.some((m) => m.cabals[0].members.some((x) => x.person === p)),
    )!;
    january.members[0] = { person: outsider, tags: ['outsider'], why: '' };
    const res = await uploadPlan(a.agent, a.csrf, doc);
    expect(res.status).toBe(422);
    const text = html(res)('.import-result').text();
    expect(text).toContain('January 2027 of Alpha quest is published and cannot change');
    expect(text).toMatch(/Person [A-R] replaces Person [A-R]/);
    expect(text).not.toMatch(/2027-01/);
    expect(storedTimeline(db, 'alpha')).toBe(before);
  });

  it('refuses a published month whose members stay but whose reasons are rewritten', async () => {
    const { db, a, doc } = await publishedAlpha();
    const before = storedTimeline(db, 'alpha');
    doc.months[0].cabals[0].members[0].why = 'rewritten after the fact';
    const res = await uploadPlan(a.agent, a.csrf, doc);
    expect(res.status).toBe(422);
    expect(html(res)('.import-result').text()).toContain(
      'January 2027 of Alpha quest is published and cannot change; the file changes its members’ tags or reasons',
    );
    expect(storedTimeline(db, 'alpha')).toBe(before);
  });

  it('imports a changed draft month and says who replaces whom', async () => {
    const { db, a, doc } = await publishedAlpha();
    // A rule-abiding replacement for one of March's members, as the candidates panel offers it.
    const march = doc.months[2].cabals[0];
    const leaving = march.members.find((m) => !m.tags.includes('carry-over')) ?? march.members[0];
    const list = html(
      await a.agent
        .get(`/problems/alpha/months/2027-03/members/${leaving.person}/candidates`)
        .set('HX-Request', 'true'),
    );
    const incoming = list('tr.candidate:not(.breaks)').first().attr('data-person')!;
    expect(incoming).toBeDefined();
    march.members = march.members.map((m) =>
      m.person === leaving.person ? { person: incoming, tags: [], why: '' } : m,
    );
    const res = await uploadPlan(a.agent, a.csrf, doc);
    expect(res.status).toBe(200);
    const names = (id: string) =>
      (db.$client.prepare('select name from people where id = ?').get(id) as { name: string }).name;
    const result = html(res)('.import-result').text();
    expect(result).toContain(`Alpha quest, March 2027: ${names(incoming)} replaces ${names(leaving.person)}`);
    expect(result).toContain('Imported 1 changed draft cabal (March 2027)');
    expect(result).toContain('January 2027 published, left as it is');
    const stored = db.$client
      .prepare(
        `select m.person_id from cabals c join cabal_members m on m.cabal_id = c.id
         where c.problem_id = 'alpha' and c.month = '2027-03'`,
      )
      .all()
      .map((r) => (r as { person_id: string }).person_id);
    expect(stored).toContain(incoming);
    expect(stored).not.toContain(leaving.person);
  });

  it('refuses the export to the other lead (their import may not touch Alpha), with the database unchanged', async () => {
    const { db, b, text } = await publishedAlpha();
    const before = storedTimeline(db, 'alpha');
    const res = await uploadPlan(b.agent, b.csrf, text);
    expect(res.status).toBe(422);
    expect(html(res)('.import-result').text()).toContain('You do not lead Alpha quest');
    expect(storedTimeline(db, 'alpha')).toBe(before);
  });

  it('refuses malformed files with the field named (422), and a past month never published by name', async () => {
    const { db, a, doc } = await publishedAlpha();
    const before = storedTimeline(db, 'alpha');
    const bad = JSON.parse(JSON.stringify(doc)) as Doc;
    bad.months[1].month = '2027-13';
    const res = await uploadPlan(a.agent, a.csrf, bad);
    expect(res.status).toBe(422);
    expect(html(res)('.import-result').text()).toContain('months[1].month');
    const notJson = await uploadPlan(a.agent, a.csrf, '{"status": "planned", "months": [');
    expect(notJson.status).toBe(422);
    expect(html(notJson)('.import-result').text()).toContain('The file is not JSON');
    const past = JSON.parse(JSON.stringify(doc)) as Doc;
    past.months.unshift({ ...past.months[0], month: '2026-12', status: 'published' });
    const early = await uploadPlan(a.agent, a.csrf, past);
    expect(early.status).toBe(422);
    expect(html(early)('.import-result').text()).toContain(
      'December 2026 of Alpha quest is past and was never published',
    );
    expect(storedTimeline(db, 'alpha')).toBe(before);
  });
});

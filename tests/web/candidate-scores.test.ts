import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { listPlanMonths } from '../../src/db/repos/cabals.ts';
import { personSkills, problemRequiredSkills } from '../../src/db/schema.ts';
import { html, planThroughWeb, signIn, testApp } from '../helpers/test-app.ts';

describe('ranked replacement candidates', () => {
  it('show the parts of their score, share a rank only when equal, and differ whenever their ranks differ', async () => {
    const { app, db, accounts } = await testApp();
    // A required skill named like an object member: the levels are read as own keys only.
    db.insert(problemRequiredSkills).values({ problemId: 'combat-feel', skill: 'constructor', minLevel: 1 }).run();
    db.update(personSkills).set({ level: 3 }).where(eq(personSkills.personId, 'p3')).run();
    db.insert(personSkills).values({ personId: 'p3', skill: 'constructor', level: 3 }).run();
    db.insert(personSkills).values({ personId: 'p6', skill: 'constructor', level: 1 }).run();
    const { agent, csrf } = await signIn(app, accounts!.lead.email);
    await planThroughWeb(agent, csrf, db, 2);
    const feb = listPlanMonths(db, { from: '2027-02', before: '2027-03' })[0].cabals[0];
    const leaving = feb.members.find((m) => m.person !== 'p3')!.person;
    const panel = html(
      await agent
        .get(`/problems/combat-feel/months/2027-02/members/${leaving}/candidates`)
        .set('HX-Request', 'true')
        .expect(200),
    );
    const rows = panel('tr.candidate')
      .map((_, tr) => ({
        person: panel(tr).attr('data-person')!,
        rank: Number(panel(tr).find('td').eq(0).text()),
        parts: panel(tr)
          .find('ul.parts li')
          .map((_, li) => panel(li).text())
          .get(),
        score: Number(panel(tr).find('td.score').text()),
        rules: panel(tr).find('td').eq(4).text().trim(),
      }))
      .get();
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      const text = row.parts.join('; ');
      expect(text).toMatch(
        /^(never served \(\+1\.50\)|served \d+ months? \(before the planned months, counted half\) \([+−]\d\.\d\d\))/,
      );
      expect(text).toMatch(/new to this problem \(\+1\.00\)|has sat on this problem/);
      expect(text).toMatch(/constructor level [0-3] \([+−]\d\.\d\d\)/);
      expect(text).toMatch(/\d of \d members? new to them/);
      expect(Number.isFinite(row.score)).toBe(true);
    }
    // p3 holds constructor at level 3: the panel says so.
    const p3 = rows.find((r) => r.person === 'p3');
    if (p3) expect(p3.parts.join('; ')).toContain('constructor level 3');
    // Ranks follow the list, equal ranks have equal parts and score, different ranks never show the same reasons.
    for (let k = 1; k < rows.length; k++) expect(rows[k].rank).toBeGreaterThanOrEqual(rows[k - 1].rank);
    for (const a of rows)
      for (const b of rows) {
        if (a.rank === b.rank) expect([a.parts, a.score, a.rules]).toEqual([b.parts, b.score, b.rules]);
        else expect(JSON.stringify([a.parts, a.rules])).not.toBe(JSON.stringify([b.parts, b.rules]));
      }
    // Only a current member of a draft month has candidates.
    const stranger = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].find((p) => !feb.members.some((m) => m.person === p))!;
    await agent.get(`/problems/combat-feel/months/2027-02/members/${stranger}/candidates`).expect(404);
  });
});

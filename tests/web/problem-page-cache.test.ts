import { describe, expect, it } from 'vitest';
import { CSRF_PLACEHOLDER } from '../../src/web/csrf.ts';
import { html, signIn } from '../helpers/test-app.ts';
import { planRun, storedTimeline, twoLeadApp } from '../helpers/two-leads.ts';

/** Every form's CSRF token on a page (or fragment), and the forms that change the cabal. */
function formsOf(text: string) {
  const $ = html({ text });
  return {
    tokens: $('input[name="_csrf"]')
      .map((_, el) => $(el).attr('value'))
      .get(),
    pinForms: $('form[action*="/pins"]').length,
    publishForms: $('form[action$="/publication"]').length,
    replaceButtons: $('button[hx-get$="/candidates"]').length,
    closeForms: $('form[action$="/closure"]').length,
  };
}

// The problem page's timeline is rendered once per problem, data version and what the viewer may do, and each
// viewer's CSRF token is put in afterwards (src/web/routes/problems.ts): one viewer's forms and token never reach
// another.
describe('the problem page, shared between viewers with the same access', () => {
  async function plannedAlpha() {
    const t = await twoLeadApp();
    const leadA = await signIn(t.app, 'leadA@studio.test');
    expect((await planRun(leadA.agent, leadA.csrf, t.runs, 2)).status).toBe(303);
    return {
      ...t,
      leadA,
      admin: await signIn(t.app, 'admin@studio.test'),
      leadB: await signIn(t.app, 'leadB@studio.test'),
      employee: await signIn(t.app, 'employee@studio.test'),
    };
  }

  it("gives the lead's forms, each with the viewer's own token, to the lead and an admin, and none to others", async () => {
    const { leadA, admin, leadB, employee } = await plannedAlpha();
    const tokens = new Set([leadA.csrf, admin.csrf, leadB.csrf, employee.csrf]);
    expect(tokens.size).toBe(4);

    // The employee asks first, so a page without forms is cached before the lead's and the admin's.
    for (const viewer of [employee, leadA, admin, leadB, employee]) {
      const page = await viewer.agent.get('/problems/alpha').expect(200);
      const fragment = await viewer.agent.get('/problems/alpha').set('HX-Request', 'true').expect(200);
      expect(fragment.text.startsWith('<section id="timeline"')).toBe(true);
      for (const text of [page.text, fragment.text]) {
        expect(text).not.toContain(CSRF_PLACEHOLDER);
        // No other viewer's token appears anywhere on the page.
        for (const other of tokens) if (other !== viewer.csrf) expect(text).not.toContain(other);
        const forms = formsOf(text);
        expect(forms.tokens.every((t) => t === viewer.csrf)).toBe(true);
        const mayChange = viewer === leadA || viewer === admin;
        if (mayChange) {
          // Two draft months of three members: a pin-out form per member, and the first month to publish.
          expect(forms.pinForms).toBe(6);
          expect(forms.replaceButtons).toBe(6);
          expect(forms.publishForms).toBe(1);
        } else {
          expect(forms).toMatchObject({ pinForms: 0, replaceButtons: 0, publishForms: 0, closeForms: 0 });
        }
      }
      const mayChange = viewer === leadA || viewer === admin;
      expect(formsOf(page.text).closeForms).toBe(mayChange ? 1 : 0);
      expect(html(page)('.read-only').length).toBe(mayChange ? 0 : 1);
    }
  });

  it("takes a pin from the admin's copy of the cached page with the admin's token, and refuses the lead's token", async () => {
    const { db, runs, leadA, admin } = await plannedAlpha();
    await leadA.agent.get('/problems/alpha').expect(200);
    const $ = html(await admin.agent.get('/problems/alpha').expect(200));
    const form = $('form[action*="/pins"]').first();
    const fields = Object.fromEntries(
      form
        .find('input[type="hidden"]')
        .map((_, el) => [[$(el).attr('name')!, $(el).attr('value')!]])
        .get() as [string, string][],
    );
    expect(fields._csrf).toBe(admin.csrf);

    // Another viewer's token is worthless in the admin's session: refused, nothing written.
    const before = storedTimeline(db, 'alpha');
    await admin.agent
      .post(form.attr('action')!)
      .type('form')
      .send({ ...fields, _csrf: leadA.csrf })
      .expect(403);
    expect(storedTimeline(db, 'alpha')).toBe(before);

    const res = await admin.agent.post(form.attr('action')!).type('form').send(fields);
    expect(res.status).toBe(303);
    await runs.settle();
    const pinned = db.$client
      .prepare(`select mode from pins where problem_id = 'alpha' and person_id = ?`)
      .get(fields.person) as { mode: string } | undefined;
    expect(pinned?.mode).toBe('exclude');
  });

  it('shows a change of the data to every viewer on their next request', async () => {
    const { db, leadA, employee } = await plannedAlpha();
    const before = html(await employee.agent.get('/problems/alpha').expect(200));
    await leadA.agent.get('/problems/alpha').expect(200);
    // Someone in no cabal of Alpha quest joins its first draft month, written straight to the database.
    const outsider = db.$client
      .prepare(
        `select id, name from people where id not in (select m.person_id from cabal_members m
         join cabals c on c.id = m.cabal_id where c.problem_id = 'alpha') order by id limit 1`,
      )
      .get() as { id: string; name: string };
    expect(before('#timeline').text()).not.toContain(outsider.name);
    const cabal = db.$client
      .prepare(`select id from cabals where problem_id = 'alpha' and status = 'draft' order by month limit 1`)
      .get() as { id: number };
    db.$client
      .prepare(`insert into cabal_members (cabal_id, person_id, tags) values (?, ?, '["outsider"]')`)
      .run(cabal.id, outsider.id);
    for (const viewer of [employee, leadA]) {
      const after = html(await viewer.agent.get('/problems/alpha').expect(200));
      expect(after('#timeline').text()).toContain(outsider.name);
    }
  });
});

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { html, planThroughWeb, signIn, testApp } from '../helpers/test-app.ts';
import { scheduleTinyStudio } from './me-fixture.ts';

// The tiny studio: Art (p1 Ada, p5 Eve), Engineering (p2 Ben, p4 Dev), Game Design (p3 Cleo, p6 Finn), with the
// schedule of me-fixture.ts. The figures below are worked out by hand from that schedule.

async function manager() {
  const t = await testApp();
  scheduleTinyStudio(t.db);
  const session = await signIn(t.app, t.accounts!.manager.email);
  return { ...t, ...session };
}

const cells = ($: ReturnType<typeof html>, row: string) =>
  $(`#matrix-table tr[data-problem="${row}"] td:not(.total)`)
    .map((_, td) => Number($(td).text()))
    .get();
const rowOrder = ($: ReturnType<typeof html>) =>
  $('#matrix-table tbody tr')
    .map((_, tr) => $(tr).attr('data-problem'))
    .get();

describe('coverage', () => {
  it('defaults to the whole schedule and shows the cabal × department heatmap with seat counts', async () => {
    const { agent } = await manager();
    const $ = html(await agent.get('/coverage').expect(200));
    expect($('#from').val()).toBe('2026-11');
    expect($('#to').val()).toBe('2027-03');
    expect(
      $('#matrix-table thead th')
        .map((_, th) => $(th).text())
        .get(),
    ).toEqual(['Problem', 'Art', 'Engineering', 'Game Design', 'Total']);
    // One row per problem, by title; one column per department.
    expect(rowOrder($)).toEqual(['combat-feel', 'lore']);
    expect(cells($, 'combat-feel')).toEqual([5, 4, 9]);
    expect(cells($, 'lore')).toEqual([1, 2, 0]);
    expect($('#matrix-table tr[data-problem="combat-feel"] th a').attr('href')).toBe('/problems/combat-feel');
    expect(
      $('#matrix-table tfoot td')
        .map((_, td) => Number($(td).text()))
        .get(),
    ).toEqual([6, 6, 9, 21]);
    // The fullest cell is darkest, an empty one blank.
    expect($('#matrix-table tr[data-problem="combat-feel"] td:not(.total)').last().hasClass('heat-5')).toBe(true);
    // An empty cell carries no heat class (it is drawn as heat 0).
    expect($('#matrix-table tr[data-problem="lore"] td:not(.total)').last().attr('class')).toBeUndefined();
    expect($('.range').text()).toContain('21 seats');
  });

  it('sorts the heatmap by a column through plain links, and a second click reverses the order', async () => {
    const { agent } = await manager();
    let $ = html(await agent.get('/coverage').expect(200));
    expect($('#matrix-table thead th').first().attr('aria-sort')).toBe('ascending');
    const byEngineering = $('#matrix-table thead th:contains("Engineering") a').attr('href')!;
    expect(byEngineering).toContain('sort=department%3Aeng');
    $ = html(await agent.get(byEngineering).expect(200));
    // Engineering holds 4 seats of Combat feel and 2 of Lore bible: most first.
    expect(rowOrder($)).toEqual(['combat-feel', 'lore']);
    expect($('#matrix-table thead th:contains("Engineering")').attr('aria-sort')).toBe('descending');
    expect($('#matrix-table thead th').first().attr('aria-sort')).toBe('none');
    // The filter form keeps the sort when the range changes.
    expect($('#coverage-filter input[name="sort"]').val()).toBe('department:eng');
    $ = html(await agent.get($('#matrix-table thead th:contains("Engineering") a').attr('href')!).expect(200));
    expect(rowOrder($)).toEqual(['lore', 'combat-feel']);
    expect($('#matrix-table thead th:contains("Engineering")').attr('aria-sort')).toBe('ascending');
    $ = html(await agent.get('/coverage?sort=title&dir=desc').expect(200));
    expect(rowOrder($)).toEqual(['lore', 'combat-feel']);
  });

  it('refuses a malformed sort with 422 and says which field is wrong', async () => {
    const { agent } = await manager();
    const res = await agent.get('/coverage?sort=__proto__');
    expect(res.status).toBe(422);
    expect(html(res)('#sort-error').text()).toBe('Sort by title, total or a department');
    const dir = await agent.get('/coverage?dir=sideways');
    expect(dir.status).toBe(422);
    expect(html(dir)('#dir-error').text()).toBe('Sort ascending or descending');
  });

  it('names what each CSV link downloads', async () => {
    const { agent } = await manager();
    const $ = html(await agent.get('/coverage').expect(200));
    const names = $('a.csv')
      .map((_, a) => $(a).text().replace(/\s+/g, ' ').trim())
      .get();
    expect(names).toHaveLength(6);
    expect(new Set(names).size).toBe(6);
    expect(names).toContain('Download CSV of the cabals × departments table');
    expect(names).toContain('Download CSV of the burnout watch list');
  });

  it('reads burnout as of the current month by default, and as of another month of the range when asked', async () => {
    const { agent } = await manager();
    // The range runs to 2027-03, a draft month; the clock says 2027-01.
    let $ = html(await agent.get('/coverage').expect(200));
    expect($('#asOf').val()).toBe('2027-01');
    expect($('#burnout').text()).toContain('as of January 2027');
    expect($('a.csv').first().attr('href')).toContain('asOf=2027-01');
    $ = html(await agent.get('/coverage?asOf=2027-03').expect(200));
    expect($('#burnout').text()).toContain('as of March 2027');
    // Outside the range the month is refused beside its field.
    const res = await agent.get('/coverage?from=2026-12&to=2027-02&asOf=2027-05');
    expect(res.status).toBe(422);
    expect(html(res)('#asOf-error').text()).toBe('Pick a month within the range');
    // A range that ends before this month is read as of its last month.
    $ = html(await agent.get('/coverage?from=2026-11&to=2026-12').expect(200));
    expect($('#burnout').text()).toContain('as of December 2026');
  });

  it('is computed again after any write to the studio data, whichever code path or process makes it', async () => {
    const { agent, db } = await manager();
    const before = html(await agent.get('/coverage').expect(200));
    expect(cells(before, 'lore')).toEqual([1, 2, 0]);
    // Served from the cache while nothing changes.
    expect(html(await agent.get('/coverage').expect(200))('.range').text()).toBe(before('.range').text());
    // Any write to the cabals moves the data version, here a member moved between departments' seats.
    db.$client.prepare(`update people set department_id = 'design' where id = 'p2'`).run();
    const after = html(await agent.get('/coverage').expect(200));
    expect(cells(after, 'lore')).not.toEqual([1, 2, 0]);
    expect(cells(after, 'lore').reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('compares shares with headcount for a chosen range, flags outside 0.5..1.5, and measures participation', async () => {
    const { agent } = await manager();
    const $ = html(await agent.get('/coverage?from=2026-12&to=2027-01&status=published').expect(200));
    expect($('#shares').text()).toContain('below 0.5');
    expect($('#shares').text()).toContain('above 1.5');
    const row = (d: string) =>
      $(`#shares-table tr[data-department="${d}"] td`)
        .map((_, td) => $(td).text().trim())
        .get();
    // 8 seats; each department is a third of the headcount.
    expect(row('art')).toEqual(['3', '37.5%', '2', '33.3%', '1.13', 'ok']);
    expect(row('eng')).toEqual(['1', '12.5%', '2', '33.3%', '0.38', 'under']);
    // Exactly 1.5 is not over: the flag needs more than that.
    expect(row('design')).toEqual(['4', '50%', '2', '33.3%', '1.50', 'ok']);
    expect($('#absent').text()).toContain('Every department holds at least one seat');

    expect($('[data-testid="served-share"]').text()).toBe('83.3%');
    expect($('[data-testid="gini"]').text()).toBe('0.292');
    expect(
      $('#participation-table tbody tr')
        .map((_, tr) =>
          $(tr)
            .find('td')
            .map((_i, td) => $(td).text())
            .get()
            .join(' '),
        )
        .get(),
    ).toEqual(['0 1', '1 2', '2 3']);
    const chart = JSON.parse($('#participation-chart').attr('data-chart')!);
    expect(chart).toEqual({ labels: ['0', '1', '2'], values: [1, 2, 3] });
    expect(
      $('#never-served-table tbody tr')
        .map((_, tr) => $(tr).attr('data-person'))
        .get(),
    ).toEqual(['p2']);
    expect($('#never-served-table').text()).toContain('Engineering');
    expect(
      $('#burnout-table tbody tr')
        .map((_, tr) => $(tr).attr('data-person'))
        .get(),
    ).toEqual(['p3', 'p6', 'p1']);
    expect($('#burnout-table tr[data-person="p3"]').text()).toContain('3 of 3');
    expect($('#burnout-table tr[data-person="p1"]').text()).toContain('one month short');
  });

  it('lists the departments absent from every cabal of the range', async () => {
    const { agent } = await manager();
    const $ = html(await agent.get('/coverage?from=2027-03&to=2027-03').expect(200));
    expect(
      $('#absent-table tbody th')
        .map((_, th) => $(th).text())
        .get(),
    ).toEqual(['Art']);
    expect($('#shares-table tr[data-department="art"]').text()).toContain('under');
  });

  it('shows the drafts of a plan run as soon as it has saved them', async () => {
    const t = await testApp();
    const manager = await signIn(t.app, t.accounts!.manager.email);
    expect(html(await manager.agent.get('/coverage').expect(200))('#matrix').text()).toContain(
      'No cabal in this range.',
    );
    const lead = await signIn(t.app, t.accounts!.lead.email);
    await planThroughWeb(lead.agent, lead.csrf, t.db, 1);
    const $ = html(await manager.agent.get('/coverage').expect(200));
    expect(rowOrder($)).toEqual(['combat-feel']);
    expect(Number($('#matrix-table tr[data-problem="combat-feel"] td.total').text())).toBeGreaterThanOrEqual(3);
  });

  it('downloads every table as CSV, quoted by the CSV library', async () => {
    const { agent, db } = await manager();
    db.$client.prepare(`update people set name = 'Okafor, "Ben"' where id = 'p2'`).run();
    const q = '?from=2026-12&to=2027-01&status=published';
    const csv = async (table: string) => {
      const res = await agent.get(`/coverage/${table}.csv${q}`).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toContain(`coverage-${table}-2026-12-to-2027-01.csv`);
      expect(res.text.startsWith('\uFEFF')).toBe(true); // so Excel on Windows reads it as UTF-8
      return parse(res.text, { bom: true }) as string[][];
    };
    expect(await csv('matrix')).toEqual([
      ['problem', 'Art', 'Engineering', 'Game Design', 'total'],
      ['Combat feel', '3', '1', '4', '8'],
    ]);
    expect((await csv('shares'))[2]).toEqual(['Engineering', '1', '0.125', '2', '0.3333', '0.375', 'under']);
    expect(await csv('absent')).toEqual([['department', 'headcount']]);
    expect(await csv('participation')).toEqual([
      ['months_served', 'people'],
      ['0', '1'],
      ['1', '2'],
      ['2', '3'],
    ]);
    expect(await csv('never-served')).toEqual([
      ['person_id', 'name', 'department'],
      ['p2', 'Okafor, "Ben"', 'Engineering'],
    ]);
    expect((await csv('burnout')).map((r) => r.slice(0, 6))).toEqual([
      ['person_id', 'name', 'department', 'consecutive_months', 'limit', 'status'],
      ['p3', 'Cleo Park', 'Game Design', '3', '3', 'at-limit'],
      ['p6', 'Finn Hale', 'Game Design', '3', '3', 'at-limit'],
      ['p1', 'Ada Moss', 'Art', '2', '3', 'near-limit'],
    ]);
    expect((await agent.get('/coverage/passwords.csv')).status).toBe(404);
  });

  it('reads sensibly before anything is planned: the current month, no cabal, everyone never served', async () => {
    const t = await testApp();
    const { agent } = await signIn(t.app, t.accounts!.manager.email);
    const $ = html(await agent.get('/coverage').expect(200));
    expect($('#from').val()).toBe('2027-01');
    expect($('#matrix').text()).toContain('No cabal in this range.');
    expect($('#absent-table tbody tr').length).toBe(3);
    // With no seat at all there is nothing to compare, so no department is flagged.
    expect($('#shares-table .badge').length).toBe(0);
    expect($('[data-testid="served-share"]').text()).toBe('0%');
    expect($('[data-testid="gini"]').text()).toBe('0.000');
    expect($('#never-served-table tbody tr').length).toBe(6);
    expect($('#burnout').text()).toContain('Nobody is at or near the limit.');
  });

  it('refuses a bad range with 422 and the error beside the field', async () => {
    const { agent } = await manager();
    const res = await agent.get('/coverage?from=2027-03&to=2026-12');
    expect(res.status).toBe(422);
    const $ = html(res);
    expect($('#to').attr('aria-invalid')).toBe('true');
    expect($('#to-error').text()).toBe('The last month comes before the first');
    expect($('#to').val()).toBe('2026-12');
    expect((await agent.get('/coverage?from=2020-01&to=2027-01')).status).toBe(422);
    expect((await agent.get('/coverage?from=banana')).status).toBe(422);
    expect((await agent.get('/coverage/matrix.csv?from=banana')).status).toBe(400);
  });

  it('is open to admins and closed to employees and leads, CSVs included', async () => {
    const { app, accounts } = await manager();
    const admin = await signIn(app, accounts!.admin.email);
    await admin.agent.get('/coverage').expect(200);
    for (const who of ['employee', 'lead'] as const) {
      const { agent } = await signIn(app, accounts![who].email);
      expect((await agent.get('/coverage')).status, who).toBe(403);
      expect((await agent.get('/coverage/never-served.csv')).status, who).toBe(403);
    }
  });

  it('offers a manager nothing to change: no form posts anywhere from the coverage page', async () => {
    const { agent } = await manager();
    const $ = html(await agent.get('/coverage').expect(200));
    expect($('main form[method="post"]').length).toBe(0);
  });

  it('escapes titles that a spreadsheet would run as formulas', async () => {
    const { agent, db } = await manager();
    db.$client.prepare(`update problems set title = '=HYPERLINK("x")' where id = 'combat-feel'`).run();
    const res = await agent.get('/coverage/matrix.csv').expect(200);
    expect(res.text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(res.text).toContain(`'=HYPERLINK`);
  });
});

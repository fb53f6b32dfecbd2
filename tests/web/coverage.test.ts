import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { html, signIn, testApp } from '../helpers/test-app.ts';
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
  $(`#matrix-table tr[data-department="${row}"] td.heat`)
    .map((_, td) => Number($(td).text()))
    .get();

describe('coverage', () => {
  it('defaults to the whole schedule and shows the department × cabal heatmap with seat counts', async () => {
    const { agent } = await manager();
    const $ = html(await agent.get('/coverage').expect(200));
    expect($('#from').val()).toBe('2026-11');
    expect($('#to').val()).toBe('2027-03');
    expect(
      $('#matrix-table thead th')
        .map((_, th) => $(th).text())
        .get(),
    ).toEqual(['Department', 'Combat feel', 'Lore bible', 'Total']);
    expect(cells($, 'art')).toEqual([5, 1]);
    expect(cells($, 'eng')).toEqual([4, 2]);
    expect(cells($, 'design')).toEqual([9, 0]);
    // The fullest cell is darkest, an empty one blank.
    expect($('#matrix-table tr[data-department="design"] td.heat').first().hasClass('heat-5')).toBe(true);
    expect($('#matrix-table tr[data-department="design"] td.heat').last().hasClass('heat-0')).toBe(true);
    expect($('.range').text()).toContain('21 seats');
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

  it('downloads every table as CSV, quoted by the CSV library', async () => {
    const { agent, db } = await manager();
    db.$client.prepare(`update people set name = 'Okafor, "Ben"' where id = 'p2'`).run();
    const q = '?from=2026-12&to=2027-01&status=published';
    const csv = async (table: string) => {
      const res = await agent.get(`/coverage/${table}.csv${q}`).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toContain(`coverage-${table}-2026-12-to-2027-01.csv`);
      return parse(res.text) as string[][];
    };
    expect(await csv('matrix')).toEqual([
      ['department', 'Combat feel', 'total'],
      ['Art', '3', '3'],
      ['Engineering', '1', '1'],
      ['Game Design', '4', '4'],
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

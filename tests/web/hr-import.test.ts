import fs from 'node:fs';
import path from 'node:path';
import type TestAgent from 'supertest/lib/agent.js';
import { describe, expect, it } from 'vitest';
import { findPerson, listPeople } from '../../src/db/repos/people.ts';
import { auditLog, people } from '../../src/db/schema.ts';
import { HR_HEADER, windows1252 } from '../helpers/hr-files.ts';
import { html, signIn, testApp } from '../helpers/test-app.ts';

const header = `${HR_HEADER}\n`;
const fixture = (name: string) => fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/hr', name));
/** Every person of the tiny studio as its HR file has them (departments by id, as an export writes them by name). */
const tinyStaff = [
  'p1,Ada Moss,p1@studio.test,art,,,',
  'p2,Ben Okafor,p2@studio.test,eng,,,',
  'p3,Cleo Park,p3@studio.test,design,,,',
  'p4,Dev Rao,p4@studio.test,eng,,,',
  'p5,Eve Lind,p5@studio.test,art,,,',
  'p6,Finn Hale,p6@studio.test,design,,,',
];

type Who = 'admin' | 'lead' | 'manager' | 'employee';

async function session(who: Who = 'admin') {
  const t = await testApp();
  return { ...t, ...(await signIn(t.app, t.accounts![who].email)) };
}

function post(agent: TestAgent, csrf: string, csv: string | Buffer, fields: Record<string, string> = {}) {
  let req = agent.post('/admin/import').set('X-CSRF-Token', csrf).attach('file', Buffer.from(csv), 'staff.csv');
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req;
}

/** The token of the preview a response shows, read from its confirm form. */
function tokenOf(res: { text: string }): string {
  const action = html(res)('[data-preview] form').attr('action');
  if (!action) throw new Error(`no preview in the response: ${html(res)('#import-result').text()}`);
  return action.split('/').pop()!;
}

function confirm(agent: TestAgent, csrf: string, token: string, fields: Record<string, string> = {}) {
  return agent.post(`/admin/import/${token}`).set('X-CSRF-Token', csrf).type('form').send(fields);
}

async function upload(who: Who, csv: string | Buffer, fields: Record<string, string> = {}) {
  const t = await session(who);
  return { ...t, res: await post(t.agent, t.csrf, csv, fields) };
}

/** Uploads, checks a preview came, and confirms it: what an admin does with a good file. */
async function importFile(csv: string | Buffer, fields: Record<string, string> = {}) {
  const t = await session();
  const preview = await post(t.agent, t.csrf, csv, fields);
  expect(preview.status).toBe(200);
  const res = await confirm(t.agent, t.csrf, tokenOf(preview));
  return { ...t, preview, res };
}

const counts = (db: Awaited<ReturnType<typeof testApp>>['db']) => ({
  people: db.select().from(people).all().length,
  active: listPeople(db).length,
  audit: db.select().from(auditLog).all().length,
});
const errorRows = (res: { text: string }) =>
  html(res)('.import-errors tbody tr')
    .map((_, tr) =>
      html({ text: '' })(tr)
        .find('td')
        .map((__, td) => html({ text: '' })(td).text())
        .get()
        .join(' | '),
    )
    .get();

describe('HR import: preview, then confirm', () => {
  it('previews new and changed people without writing, then writes exactly that on confirmation', async () => {
    const t = await session();
    const before = counts(t.db);
    const csv = `${header}p1,Ada Moss-Reed,ada@studio.test,Art,Lead Artist,senior,Lyon\np9,Zed Quill,zed@studio.test,Audio,Sound Designer,mid,Oslo\n`;
    const preview = await post(t.agent, t.csrf, csv, { newDepartments: 'on' });
    expect(preview.status).toBe(200);
    const $ = html(preview);
    expect($('[data-figure="created"]').text()).toBe('1');
    expect($('[data-figure="updated"]').text()).toBe('1');
    expect($('[data-new-departments]').text()).toBe('Audio');
    const change = (field: string) => $(`[data-list="changed"] tr[data-person="p1"][data-field="${field}"]`);
    expect([change('name').find('[data-from]').text(), change('name').find('[data-to]').text()]).toEqual([
      'Ada Moss',
      'Ada Moss-Reed',
    ]);
    expect([change('email').find('[data-from]').text(), change('email').find('[data-to]').text()]).toEqual([
      'p1@studio.test',
      'ada@studio.test',
    ]);
    expect(change('department').length).toBe(0);
    expect($('[data-list="created"] tr[data-person="p9"]').text()).toContain('Zed Quill');
    expect(counts(t.db)).toEqual(before);
    expect(findPerson(t.db, 'p1')!.name).toBe('Ada Moss');

    const done = await confirm(t.agent, t.csrf, tokenOf(preview));
    expect(done.status).toBe(200);
    expect(html(done)('[data-imported] [data-figure="created"]').text()).toBe('1');
    const ada = findPerson(t.db, 'p1')!;
    expect(ada).toMatchObject({ name: 'Ada Moss-Reed', title: 'Lead Artist', grade: 'senior', location: 'Lyon' });
    expect(ada.skills).toEqual({ netcode: 2 });
    expect(findPerson(t.db, 'p9')).toMatchObject({ name: 'Zed Quill', department: 'audio', departmentName: 'Audio' });
    const audit = t.db.select().from(auditLog).all();
    expect(audit.map((a) => a.action).sort()).toEqual(['hr.import', 'person.create', 'person.update']);
    expect(audit.find((a) => a.action === 'person.update')).toMatchObject({
      personId: 'p1',
      actorUserId: expect.any(Number),
      detail: expect.stringContaining('name: Ada Moss → Ada Moss-Reed'),
    });

    const again = await confirm(t.agent, t.csrf, tokenOf(preview));
    expect(again.status).toBe(404);
    expect(html(again)('#import-result .error').text()).toContain('no longer waiting');
    expect(counts(t.db).audit).toBe(audit.length);
  });

  it('shows a re-import that changes one department as that one change (old → new), and applies it', async () => {
    const staff = tinyStaff.map((l) => (l.startsWith('p5,') ? 'p5,Eve Lind,p5@studio.test,Engineering,,,' : l));
    const { preview, res, db } = await importFile(`${header}${staff.join('\n')}\n`);
    const $ = html(preview);
    expect($('[data-figure="updated"]').text()).toBe('1');
    expect($('[data-figure="unchanged"]').text()).toBe('5');
    const rows = $('[data-list="changed"] tbody tr');
    expect(rows.length).toBe(1);
    expect(rows.text()).toMatch(/6\s*Eve Lind\s*p5\s*department\s*Art\s*Engineering/);
    expect(res.status).toBe(200);
    expect(findPerson(db, 'p5')!.department).toBe('eng');
  });

  it('says when the data changed between preview and confirmation, writes nothing, and previews again', async () => {
    const t = await session();
    const preview = await post(t.agent, t.csrf, `${header}p1,Ada Renamed,p1@studio.test,art,,,\n`);
    // Someone else changes the people in between (another admin's import, here straight in the database).
    t.db.$client.prepare(`update people set title = 'Producer' where id = 'p2'`).run();
    const audit = counts(t.db).audit;
    const stale = await confirm(t.agent, t.csrf, tokenOf(preview));
    expect(stale.status).toBe(409);
    expect(html(stale)('[data-notice]').text()).toContain('The people changed since this preview');
    expect(findPerson(t.db, 'p1')!.name).toBe('Ada Moss');
    expect(counts(t.db).audit).toBe(audit);
    const fresh = tokenOf(stale);
    expect(fresh).not.toBe(tokenOf(preview));
    expect((await confirm(t.agent, t.csrf, tokenOf(preview))).status).toBe(404);
    expect((await confirm(t.agent, t.csrf, fresh)).status).toBe(200);
    expect(findPerson(t.db, 'p1')!.name).toBe('Ada Renamed');
  });

  it('answers a malformed or unknown preview token with 404 and a message', async () => {
    const t = await session();
    for (const token of ['nope', 'A'.repeat(32), '%00'])
      expect((await confirm(t.agent, t.csrf, token)).status).toBe(404);
    const res = await confirm(t.agent, t.csrf, 'B'.repeat(32));
    expect(html(res)('#import-result').text()).toContain('Upload the file again');
  });

  it('refuses an upload with no file, naming the field', async () => {
    const t = await session();
    const res = await t.agent.post('/admin/import').set('X-CSRF-Token', t.csrf).field('complete', 'on');
    expect(res.status).toBe(422);
    expect(html(res)('#file-error').text()).toBe('Choose a CSV file to import.');
    expect(html(res)('[data-testid="error-summary"][autofocus]').text()).toContain('Choose a CSV file to import.');
  });
});

describe('HR import: refused files', () => {
  it('rejects the whole file when one row is bad, naming row and column, and writes nothing', async () => {
    const csv = `${header}p1,Ada Renamed,ada@studio.test,Art,,,\np10,,not-an-email,Art,,,\np11,Kim Lee,kim@studio.test,,,,\n`;
    const { res, db } = await upload('admin', csv);
    expect(res.status).toBe(422);
    expect(errorRows(res)).toEqual([
      '3 | name | name is empty',
      '3 | email | email is not a valid email address',
      '4 | department | department is empty',
    ]);
    expect(html(res)('[data-preview]').length).toBe(0);
    expect(html(res)('[data-testid="error-summary"][autofocus]').text()).toContain('was not imported');
    expect(findPerson(db, 'p1')!.name).toBe('Ada Moss');
    expect(findPerson(db, 'p11')).toBeUndefined();
  });

  it('writes nothing for 500 good rows and one bad one: row counts and the audit log unchanged', async () => {
    const t = await session();
    const before = counts(t.db);
    const rows = Array.from({ length: 501 }, (_, i) => `n${i},Person ${i},n${i}@studio.test,Art,,,`);
    rows[417] = 'n417,Person 417,not-an-address,Art,,,';
    const res = await post(t.agent, t.csrf, `${header}${rows.join('\n')}\n`);
    expect(res.status).toBe(422);
    expect(errorRows(res)).toEqual(['419 | email | email is not a valid email address']);
    expect(counts(t.db)).toEqual(before);
  });

  it('refuses duplicate ids and an email that belongs to someone else', async () => {
    const csv = `${header}p20,A One,one@studio.test,Art,,,\np20,A Two,two@studio.test,Art,,,\np21,Thief,p2@studio.test,Art,,,\n`;
    const { res } = await upload('admin', csv);
    expect(res.status).toBe(422);
    expect(html(res)('.import-errors').text()).toContain('id "p20" already appears on row 2');
    const again = await upload('admin', `${header}p21,Thief,p2@studio.test,Art,,,\n`);
    expect(html(again.res)('.import-errors').text()).toContain('email "p2@studio.test" belongs to Ben Okafor (id p2)');
  });

  it('names a missing required column', async () => {
    const { res } = await upload('admin', 'id,name,department\np1,Ada,Art\n');
    expect(res.status).toBe(422);
    expect(errorRows(res)).toEqual(['1 | email | required column is missing from the header']);
  });

  it('refuses an unknown (e.g. misspelt) department unless new departments are allowed', async () => {
    const { res, db } = await upload('admin', `${header}p1,Ada Moss,p1@studio.test,Enginering,,,\n`);
    expect(res.status).toBe(422);
    expect(html(res)('.import-errors').text()).toContain('unknown department "Enginering"');
    expect(findPerson(db, 'p1')!.department).toBe('art');
  });
});

describe('HR files as Excel writes them', () => {
  it('refuses a repeated column, naming it, and writes nothing (case 11c)', async () => {
    const { res, db } = await upload('admin', fixture('case-11c-duplicate-header.csv'));
    expect(res.status).toBe(422);
    expect(errorRows(res)).toEqual(['1 | email | column "email" appears twice (columns 3 and 5); keep one']);
    expect(findPerson(db, 'h005')).toBeUndefined();
    expect(db.select().from(auditLog).all()).toEqual([]);
  });

  it('skips the comma-only rows Excel leaves at the end and counts them in the preview (case 11d)', async () => {
    const { preview, db } = await importFile(fixture('case-11d-excel-blank-comma-rows.csv'));
    const $ = html(preview);
    expect($('[data-figure="skipped"]').text()).toBe('2');
    expect($('[data-file-reading]').text()).toContain('2 empty rows skipped (rows 3, 4)');
    expect($('[data-encoding]').text()).toBe('UTF-8');
    expect(findPerson(db, 'h006')).toMatchObject({ name: 'Fay Costa', department: 'art', title: 'Artist' });
  });

  it('imports an Excel-saved 500-person Windows-1252 file with accented names intact, naming the encoding', async () => {
    const names = ['Zoë Dubé', 'Jörg Müller', 'Íñigo Peña', 'Åsa Ødegård', 'François Leclère'];
    const rows = Array.from({ length: 500 }, (_, i) => `e${i};${names[i % 5]} ${i};e${i}@studio.test;Game Design;;;`);
    const file = windows1252(['id;name;E-mail;Department;Job Title;Level;Office', ...rows, ';;;;;;', ';;;;;;']);
    const { preview, res, db } = await importFile(file);
    const $ = html(preview);
    expect($('[data-encoding]').text()).toBe('Windows-1252');
    expect($('[data-delimiter]').text()).toBe('semicolon');
    expect($('[data-figure="created"]').text()).toBe('500');
    expect($('[data-figure="skipped"]').text()).toBe('2');
    expect($('[data-list="created"] tbody tr').length).toBe(200);
    expect($('[data-preview]').text()).toContain('… and 300 more new people.');
    expect(res.status).toBe(200);
    expect(findPerson(db, 'e0')!.name).toBe('Zoë Dubé 0');
    expect(findPerson(db, 'e499')!.name).toBe('François Leclère 499');
    expect(findPerson(db, 'e3')!.department).toBe('design');
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .filter((a) => a.action === 'hr.import')[0]!.detail,
    ).toContain('500 created');
  });
});

describe('a complete staff list', () => {
  it('deactivates the one person it drops, after showing who', async () => {
    const staff = tinyStaff.filter((l) => !l.startsWith('p6,'));
    const { preview, res, db } = await importFile(`${header}${staff.join('\n')}\n`, { complete: 'on' });
    expect(html(preview)('[data-list="deactivated"] tbody tr').text()).toContain('Finn Hale');
    expect(html(preview)('[data-figure="deactivated"]').text()).toBe('1');
    expect(html(preview)('input[name="confirmDeactivations"]').length).toBe(0);
    expect(res.status).toBe(200);
    expect(listPeople(db).map((p) => p.id)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(findPerson(db, 'p6')).toBeDefined();
  });

  it('never deactivates the acting admin, and says so', async () => {
    const csv = `${header}p1,Ada Moss,p1@studio.test,art,,,\np2,Ben Okafor,p2@studio.test,eng,,,\n`;
    const { preview, res, db } = await importFile(csv, { complete: 'on' });
    expect(html(preview)('[data-kept="p4"]').text()).toContain('stays active');
    expect(html(preview)('[data-list="deactivated"] tr[data-person="p4"]').length).toBe(0);
    expect(html(res)('[data-figure="deactivated"]').text()).toBe('3');
    expect(listPeople(db).map((p) => p.id)).toEqual(['p1', 'p2', 'p4']);
    expect(db.select().from(people).all().length).toBe(6);
  });

  it('asks for an explicit confirmation, with the count and names, before deactivating more than a few', async () => {
    const t = await session();
    const extra = Array.from({ length: 8 }, (_, i) => `x${i},Extra ${i},x${i}@studio.test,art,,,`);
    await confirm(t.agent, t.csrf, tokenOf(await post(t.agent, t.csrf, `${header}${extra.join('\n')}\n`)));
    expect(listPeople(t.db).length).toBe(14);
    const preview = await post(t.agent, t.csrf, `${header}${tinyStaff[0]}\n`, { complete: 'on' });
    const $ = html(preview);
    expect($('[data-list="deactivated"] tbody tr').length).toBe(12);
    expect($('[data-list="deactivated"]').text()).toContain('Extra 7');
    expect($('label:has(input[name="confirmDeactivations"])').text()).toContain('Yes, deactivate these 12 people');
    const unconfirmed = await confirm(t.agent, t.csrf, tokenOf(preview));
    expect(unconfirmed.status).toBe(422);
    expect(html(unconfirmed)('#confirm-error').text()).toContain('Tick the box');
    expect(html(unconfirmed)('[data-testid="error-summary"][autofocus]').text()).toContain('Tick the box');
    expect(listPeople(t.db).length).toBe(14);
    const done = await confirm(t.agent, t.csrf, tokenOf(preview), { confirmDeactivations: 'on' });
    expect(done.status).toBe(200);
    expect(listPeople(t.db).map((p) => p.id)).toEqual(['p1', 'p4']);
  });
});

describe('who may import', () => {
  it('refuses the upload and the confirmation to a lead, a manager and an employee', async () => {
    const admin = await session();
    const preview = await post(admin.agent, admin.csrf, `${header}p30,New Person,new@studio.test,Art,,,\n`);
    const token = tokenOf(preview);
    for (const who of ['lead', 'manager', 'employee'] as const) {
      const { agent, csrf } = await signIn(admin.app, admin.accounts![who].email);
      expect((await post(agent, csrf, `${header}p31,N P,np@studio.test,Art,,,\n`)).status).toBe(403);
      expect((await confirm(agent, csrf, token)).status).toBe(403);
    }
    expect(findPerson(admin.db, 'p30')).toBeUndefined();
    expect(findPerson(admin.db, 'p31')).toBeUndefined();
  });

  it('refuses an upload and a confirmation without a CSRF token', async () => {
    const t = await session();
    const res = await t.agent
      .post('/admin/import')
      .attach('file', Buffer.from(`${header}p30,N P,np@studio.test,Art,,,\n`), 'x.csv');
    expect(res.status).toBe(403);
    const token = tokenOf(await post(t.agent, t.csrf, `${header}p30,N P,np@studio.test,Art,,,\n`));
    expect((await t.agent.post(`/admin/import/${token}`).type('form').send({})).status).toBe(403);
    expect(findPerson(t.db, 'p30')).toBeUndefined();
  });

  it('works as a plain (non-htmx) form: the token as a field ahead of the file, then the confirm form', async () => {
    const t = await session();
    const preview = await t.agent
      .post('/admin/import')
      .field('_csrf', t.csrf)
      .attach('file', Buffer.from(`${header}p30,N P,np@studio.test,Art,,,\n`), 'x.csv');
    expect(preview.status).toBe(200);
    const form = html(preview)('[data-preview] form');
    const csrf = form.find('input[name="_csrf"]').attr('value')!;
    const res = await t.agent.post(form.attr('action')!).type('form').send({ _csrf: csrf });
    expect(res.status).toBe(200);
    expect(findPerson(t.db, 'p30')?.name).toBe('N P');
  });
});

describe('people who left', () => {
  it('cannot sign in or keep a session once a complete HR import deactivates them', async () => {
    const t = await testApp();
    const lead = await signIn(t.app, t.accounts!.lead.email);
    const { agent, csrf } = await signIn(t.app, t.accounts!.admin.email);
    const csv = `${header}p1,Ada Moss,p1@studio.test,art,,,\np4,Dev Rao,p4@studio.test,eng,,,\n`;
    const preview = await post(agent, csrf, csv, { complete: 'on' }).expect(200);
    await confirm(agent, csrf, tokenOf(preview)).expect(200);
    expect((await lead.agent.get('/')).status).toBe(303);
    await expect(signIn(t.app, t.accounts!.lead.email)).rejects.toThrow(/failed with 401/);
    expect((await agent.get('/admin')).status).toBe(200);
  });
});

describe('the people export', () => {
  it('writes the HR fields in the import columns, with a BOM, and re-imports as no change', async () => {
    const t = await session();
    // Names a spreadsheet would garble without the mark, and a comma and a quote that need quoting.
    await confirm(
      t.agent,
      t.csrf,
      tokenOf(
        await post(t.agent, t.csrf, `${header}p1,"Moss, Ada ""Zoë""",p1@studio.test,art,Art Director,senior,Köln\n`),
      ),
    ).expect(200);
    const res = await t.agent
      .get('/admin/people.csv')
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename=people-2027-01-15.csv');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).trim().split('\n');
    expect(lines[0]).toBe(HR_HEADER);
    expect(lines[1]).toBe('p1,"Moss, Ada ""Zoë""",p1@studio.test,Art,Art Director,senior,Köln');
    expect(lines).toHaveLength(7);

    const again = await post(t.agent, t.csrf, body, { complete: 'on' });
    expect(again.status).toBe(200);
    const $ = html(again);
    expect($('[data-encoding]').text()).toBe('UTF-8 with BOM');
    expect(['created', 'updated', 'unchanged', 'deactivated'].map((f) => $(`[data-figure="${f}"]`).text())).toEqual([
      '0',
      '0',
      '6',
      '0',
    ]);
  });

  it('is refused to a manager and a lead', async () => {
    const t = await testApp();
    for (const who of ['manager', 'lead'] as const) {
      const { agent } = await signIn(t.app, t.accounts![who].email);
      expect((await agent.get('/admin/people.csv')).status).toBe(403);
    }
  });
});

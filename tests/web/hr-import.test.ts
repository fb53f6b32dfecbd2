import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPerson, listPeople } from '../../src/db/repos/people.ts';
import { auditLog, people } from '../../src/db/schema.ts';
import { html, signIn, testApp } from '../helpers/test-app.ts';

const header = 'id,name,email,department,title,grade,location\n';

const fixture = (name: string) => fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/hr', name));

async function upload(who: 'admin' | 'lead' | 'manager', csv: string | Buffer, fields: Record<string, string> = {}) {
  const t = await testApp();
  const { agent, csrf } = await signIn(t.app, t.accounts![who].email);
  let req = agent.post('/admin/import').set('X-CSRF-Token', csrf).attach('file', Buffer.from(csv), 'staff.csv');
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return { ...t, res: await req };
}

describe('HR import', () => {
  it('creates new people and updates HR fields of known ones without touching their own skills', async () => {
    const csv = `${header}p1,Ada Moss-Reed,ada@studio.test,Art,Lead Artist,senior,Lyon\np9,Zed Quill,zed@studio.test,Audio,Sound Designer,mid,Oslo\n`;
    const { res, db } = await upload('admin', csv, { newDepartments: 'on' });
    expect(res.status).toBe(200);
    const $ = html(res);
    expect($('[data-figure="created"]').text()).toBe('1');
    expect($('[data-figure="updated"]').text()).toBe('1');
    expect($('#import-result').text()).toContain('New departments: audio');
    const ada = findPerson(db, 'p1')!;
    expect(ada).toMatchObject({
      name: 'Ada Moss-Reed',
      title: 'Lead Artist',
      grade: 'senior',
      location: 'Lyon',
      department: 'art',
    });
    expect(ada.skills).toEqual({ netcode: 2 });
    expect(ada.hrSource).toMatch(/^HR import/);
    expect(findPerson(db, 'p9')).toMatchObject({ name: 'Zed Quill', department: 'audio', departmentName: 'Audio' });
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .map((a) => a.action),
    ).toContain('hr.import');
  });

  it('rejects the whole file when one row is bad, naming row and column, and writes nothing', async () => {
    const csv = `${header}p1,Ada Renamed,ada@studio.test,Art,,,\np10,,not-an-email,Art,,,\np11,Kim Lee,kim@studio.test,,,,\n`;
    const { res, db } = await upload('admin', csv);
    expect(res.status).toBe(422);
    const rows = html(res)('.import-errors tbody tr')
      .map((_, tr) =>
        html({ text: '' })(tr)
          .find('td')
          .map((__, td) => html({ text: '' })(td).text())
          .get()
          .join(' | '),
      )
      .get();
    expect(rows).toEqual([
      '3 | name | name is empty',
      '3 | email | email is not a valid email address',
      '4 | department | department is empty',
    ]);
    expect(findPerson(db, 'p1')!.name).toBe('Ada Moss');
    expect(findPerson(db, 'p11')).toBeUndefined();
  });

  it('refuses duplicate ids and an email that belongs to someone else', async () => {
    const csv = `${header}p20,A One,one@studio.test,Art,,,\np20,A Two,two@studio.test,Art,,,\np21,Thief,p2@studio.test,Art,,,\n`;
    const { res } = await upload('admin', csv);
    expect(res.status).toBe(422);
    const text = html(res)('.import-errors').text();
    expect(text).toContain('id "p20" already appears on row 2');
    const again = await upload('admin', `${header}p21,Thief,p2@studio.test,Art,,,\n`);
    expect(html(again.res)('.import-errors').text()).toContain('email "p2@studio.test" belongs to another person (p2)');
  });

  it('names a missing required column', async () => {
    const { res } = await upload('admin', 'id,name,department\np1,Ada,Art\n');
    expect(res.status).toBe(422);
    expect(html(res)('.import-errors').text()).toContain('required column is missing from the header');
    expect(html(res)('.import-errors td').eq(1).text()).toBe('email');
  });

  it('deactivates people missing from a complete staff list, so planning leaves them out', async () => {
    const csv = `${header}p1,Ada Moss,p1@studio.test,art,,,\np2,Ben Okafor,p2@studio.test,eng,,,\n`;
    const { res, db } = await upload('admin', csv, { complete: 'on' });
    expect(res.status).toBe(200);
    expect(html(res)('[data-figure="deactivated"]').text()).toBe('4');
    expect(listPeople(db).map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(db.select().from(people).all().length).toBe(6);
  });

  it('is refused to a lead and a manager', async () => {
    for (const who of ['lead', 'manager'] as const) {
      const { res, db } = await upload(who, `${header}p30,New Person,new@studio.test,Art,,,\n`);
      expect(res.status).toBe(403);
      expect(findPerson(db, 'p30')).toBeUndefined();
    }
  });

  it('refuses an upload without a CSRF token', async () => {
    const t = await testApp();
    const { agent } = await signIn(t.app, t.accounts!.admin.email);
    const res = await agent
      .post('/admin/import')
      .attach('file', Buffer.from(`${header}p30,N P,np@studio.test,Art,,,\n`), 'x.csv');
    expect(res.status).toBe(403);
    expect(findPerson(t.db, 'p30')).toBeUndefined();
  });

  it('accepts the token in the action URL for a plain (non-htmx) upload form', async () => {
    const t = await testApp();
    const { agent, csrf } = await signIn(t.app, t.accounts!.admin.email);
    const res = await agent
      .post(`/admin/import?_csrf=${encodeURIComponent(csrf)}`)
      .attach('file', Buffer.from(`${header}p30,N P,np@studio.test,Art,,,\n`), 'x.csv');
    expect(res.status).toBe(200);
    expect(findPerson(t.db, 'p30')?.name).toBe('N P');
  });
});

describe('HR files as Excel writes them', () => {
  it('refuses a repeated column, naming it, and writes nothing (case 11c)', async () => {
    const { res, db } = await upload('admin', fixture('case-11c-duplicate-header.csv'));
    expect(res.status).toBe(422);
    const cells = html(res)('.import-errors td')
      .map((_, td) => html({ text: '' })(td).text())
      .get();
    expect(cells).toEqual(['1', 'email', 'column "email" appears twice (columns 3 and 5); keep one']);
    expect(findPerson(db, 'h005')).toBeUndefined();
    expect(
      db
        .select()
        .from(auditLog)
        .all()
        .filter((a) => a.action === 'hr.import'),
    ).toEqual([]);
  });

  it('skips the comma-only rows Excel leaves at the end and counts them (case 11d)', async () => {
    const { res, db } = await upload('admin', fixture('case-11d-excel-blank-comma-rows.csv'));
    expect(res.status).toBe(200);
    const $ = html(res);
    expect($('[data-skipped]').attr('data-skipped')).toBe('2');
    expect($('[data-file-reading]').text()).toContain('2 empty rows skipped (rows 3, 4)');
    expect($('[data-encoding]').text()).toBe('UTF-8');
    expect(findPerson(db, 'h006')).toMatchObject({ name: 'Fay Costa', department: 'art', title: 'Artist' });
  });
});

describe('people who left', () => {
  it('cannot sign in or keep a session once a complete HR import deactivates them', async () => {
    const t = await testApp();
    const lead = await signIn(t.app, t.accounts!.lead.email);
    const { agent, csrf } = await signIn(t.app, t.accounts!.admin.email);
    const csv = `${header}p1,Ada Moss,p1@studio.test,art,,,\np4,Dev Rao,p4@studio.test,eng,,,\n`;
    await agent
      .post('/admin/import')
      .set('X-CSRF-Token', csrf)
      .attach('file', Buffer.from(csv), 'staff.csv')
      .field('complete', 'on')
      .expect(200);
    expect((await lead.agent.get('/')).status).toBe(303);
    await expect(signIn(t.app, t.accounts!.lead.email)).rejects.toThrow(/failed with 401/);
    expect((await agent.get('/admin')).status).toBe(200);
  });
});

describe('departments in the HR file', () => {
  it('refuses an unknown (e.g. misspelt) department unless new departments are allowed', async () => {
    const { res, db } = await upload('admin', `${header}p1,Ada Moss,p1@studio.test,Enginering,,,\n`);
    expect(res.status).toBe(422);
    expect(html(res)('.import-errors').text()).toContain('unknown department "Enginering"');
    expect(findPerson(db, 'p1')!.department).toBe('art');
  });
});

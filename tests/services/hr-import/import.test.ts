import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import { readHrState } from '../../../src/db/repos/hr.ts';
import { auditLog, people } from '../../../src/db/schema.ts';
import { fixedClock } from '../../../src/domain/clock.ts';
import { confirmImport, type PendingImport } from '../../../src/services/hr-import/confirm.ts';
import { hrStateHash, previewUpload, type ImportOptions } from '../../../src/services/hr-import/preview.ts';
import { HR_HEADER, utf16le, utf8, utf8Bom, windows1252 } from '../../helpers/hr-files.ts';
import { freshDb, TEST_NOW, tinyStudio } from '../../helpers/test-app.ts';

const clock = fixedClock(TEST_NOW);

/** Previews and confirms a file as the admin p4 would; the preview's errors when it is refused. */
function importBytes(db: Db, bytes: Uint8Array, options: ImportOptions = { complete: false, newDepartments: true }) {
  const result = previewUpload(db, bytes, options, 'p4');
  if (!result.ok) return { ok: false as const, errors: result.errors };
  const pending: PendingImport = {
    ...result.parsed,
    preview: result.preview,
    fileName: 'staff.csv',
    actor: { personId: 'p4', label: 'test' },
  };
  return { ...confirmImport(db, clock, pending, { deactivations: true }), preview: result.preview };
}

async function studio(): Promise<Db> {
  const db = freshDb();
  await tinyStudio(db);
  return db;
}

describe('imports of any size the upload limit allows', () => {
  it('imports 50,000 people, then deactivates all but one with a complete list (no "too many SQL variables")', async () => {
    const db = await studio();
    const rows = Array.from({ length: 50_000 }, (_, i) => `big${i},Person Number ${i},big${i}@studio.test,Art,,,`);
    const bytes = utf8([HR_HEADER, ...rows]);
    expect(bytes.length).toBeLessThan(20 * 2 ** 20);
    const first = importBytes(db, bytes);
    expect(first).toMatchObject({ ok: true, outcome: { created: 50_000 } });
    expect(db.select().from(people).all().length).toBe(50_006);
    const again = importBytes(db, bytes);
    expect(again).toMatchObject({ ok: true, outcome: { created: 0, unchanged: 50_000 } });
    const complete = importBytes(db, utf8([HR_HEADER, rows[0]!]), { complete: true, newDepartments: false });
    expect(complete).toMatchObject({ ok: true, outcome: { deactivated: 50_004 } });
    expect(db.$client.prepare('select count(*) n from people where active = 1').get()).toEqual({ n: 2 });
  }, 120_000);
});

describe('an import is all or nothing', () => {
  it('leaves people, departments and the audit log untouched when a write fails half-way', async () => {
    const db = await studio();
    db.$client.exec(`create trigger refuse_boom before insert on people when new.id = 'boom'
      begin select raise(abort, 'refused by the test'); end`);
    const before = hrStateHash(readHrState(db));
    const auditBefore = db.select().from(auditLog).all().length;
    const rows = [HR_HEADER, 'a1,A One,a1@studio.test,Sound,,,', 'p1,Ada Changed,p1@studio.test,art,,,'];
    expect(() => importBytes(db, utf8([...rows, 'boom,Boom,boom@studio.test,art,,,']))).toThrow(/hr import/);
    expect(hrStateHash(readHrState(db))).toBe(before);
    expect(db.select().from(auditLog).all().length).toBe(auditBefore);
  });

  it('never crashes on generated files, and either imports every row or writes nothing', async () => {
    const cell = fc.oneof(
      fc.constantFrom('', ' ', 'Art', 'art', 'Zoë Dubé', 'a,b', 'line\nbreak', 'q"uote', '\uFFFD', '=1+1', ';', '\t'),
      fc.string({ maxLength: 8 }),
    );
    const person = fc.record({
      id: fc.oneof(fc.constantFrom('p1', 'p2', 'x1', 'x2', ''), fc.stringMatching(/^[a-z]{1,4}\d?$/)),
      name: cell,
      email: fc.oneof(fc.constantFrom('p1@studio.test', 'p2@studio.test', 'bad'), fc.emailAddress()),
      department: fc.oneof(fc.constantFrom('Art', 'eng', 'New Dept'), cell),
      title: cell,
    });
    const quote = (v: string) => (/[",;\t\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    const file = fc.record({
      people: fc.array(person, { minLength: 0, maxLength: 8 }),
      blankRows: fc.nat(2),
      encoding: fc.constantFrom(utf8, utf8Bom, utf16le),
      complete: fc.boolean(),
      newDepartments: fc.boolean(),
    });
    const db = await studio();
    await fc.assert(
      fc.property(file, (f) => {
        const lines = [
          'id,name,email,department,title',
          ...f.people.map((p) => [p.id, p.name, p.email, p.department, p.title].map(quote).join(',')),
          ...Array.from({ length: f.blankRows }, () => ',,,,'),
        ];
        const before = hrStateHash(readHrState(db));
        const peopleBefore = db.select().from(people).all().length;
        const auditBefore = db.select().from(auditLog).all().length;
        const result = importBytes(db, f.encoding(lines), { complete: f.complete, newDepartments: f.newDepartments });
        if (!result.ok) {
          expect(hrStateHash(readHrState(db))).toBe(before);
          expect(db.select().from(auditLog).all().length).toBe(auditBefore);
          return;
        }
        // Every row of the file is now in the database exactly as the preview said.
        const state = readHrState(db);
        const byId = new Map(state.people.map((p) => [p.id, p]));
        for (const p of [...result.preview.write.create, ...result.preview.write.update])
          expect(byId.get(p.id)).toMatchObject({ ...p, active: true });
        expect(state.people.length).toBe(peopleBefore + result.outcome.created);
        expect(result.outcome.created + result.outcome.updated + result.outcome.unchanged).toBe(
          result.preview.rowsRead,
        );
      }),
      { numRuns: 150, seed: 13 },
    );
  });

  it('reads Windows-1252 files in the property domain too', async () => {
    const db = await studio();
    const result = importBytes(db, windows1252([HR_HEADER, 'w1,Zoë Dubé,zoe@studio.test,Art,,,']));
    expect(result).toMatchObject({ ok: true, preview: { encoding: 'Windows-1252' } });
    expect(readHrState(db).people.find((p) => p.id === 'w1')!.name).toBe('Zoë Dubé');
  });
});

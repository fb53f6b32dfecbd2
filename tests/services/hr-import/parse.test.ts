import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHrFile } from '../../../src/services/hr-import/decode.ts';
import { fieldForHeader, parseHrFile, type ParseResult } from '../../../src/services/hr-import/parse.ts';
import { HR_HEADER, utf16be, utf16le, utf8, utf8Bom, windows1252 } from '../../helpers/hr-files.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/hr');

function ok(result: ParseResult) {
  if (!result.ok) throw new Error(`expected the file to parse: ${JSON.stringify(result.errors)}`);
  return result.file;
}
function errors(result: ParseResult) {
  if (result.ok) throw new Error('expected the file to be refused');
  return result.errors.map((e) => `${e.row} | ${e.column} | ${e.message}`);
}

const accented = [
  HR_HEADER,
  'h1,Zoë Dubé,zoe@studio.test,Art,Artist,senior,Montréal',
  'h2,Jörg Müller,jorg@studio.test,Engineering,,,Köln',
];

describe('decoding an HR file', () => {
  it('reads Windows-1252 (Excel "CSV (Comma delimited)") with its accents intact and names it', () => {
    const bytes = windows1252(accented);
    expect(bytes.includes(0xeb)).toBe(true); // ë as one byte: this is not UTF-8
    const file = ok(parseHrFile(bytes));
    expect(file.encoding).toBe('Windows-1252');
    expect(file.rows.map((r) => [r.name, r.location])).toEqual([
      ['Zoë Dubé', 'Montréal'],
      ['Jörg Müller', 'Köln'],
    ]);
  });

  it('reads UTF-16 with either byte-order mark', () => {
    expect(ok(parseHrFile(utf16le(accented))).encoding).toBe('UTF-16 LE with BOM');
    expect(ok(parseHrFile(utf16le(accented))).rows[1]!.name).toBe('Jörg Müller');
    const be = ok(parseHrFile(utf16be(accented)));
    expect([be.encoding, be.rows[0]!.name]).toEqual(['UTF-16 BE with BOM', 'Zoë Dubé']);
  });

  it('reads UTF-8 with a byte-order mark and CRLF, leaving no mark in the first header', () => {
    const file = ok(parseHrFile(utf8Bom(accented)));
    expect(file.encoding).toBe('UTF-8 with BOM');
    expect(file.columns[0]).toEqual({ label: 'id', field: 'id' });
    expect(file.rows[0]!).toMatchObject({ id: 'h1', name: 'Zoë Dubé', location: 'Montréal', row: 2 });
  });

  it('reads plain UTF-8, including letters outside Windows-1252', () => {
    const file = ok(parseHrFile(utf8([HR_HEADER, 'h3,Łucja Wąs 王芳,lucja@studio.test,Art,,,'])));
    expect([file.encoding, file.rows[0]!.name]).toEqual(['UTF-8', 'Łucja Wąs 王芳']);
  });

  it('refuses a file whose text holds replacement characters, naming row and column', () => {
    const damaged = utf8([
      HR_HEADER,
      'h1,Ada Moss,ada@studio.test,Art,,,',
      'h2,Zo\uFFFD Dub\uFFFD,zoe@studio.test,Art,,,',
    ]);
    expect(errors(parseHrFile(damaged))).toEqual([
      expect.stringMatching(/^3 \| name \| name holds "\uFFFD", a character lost in an earlier conversion/),
    ]);
  });

  it('refuses a UTF-16 file whose text cannot be decoded (a lone surrogate), naming row and column', () => {
    const bytes = utf16le([HR_HEADER, 'h1,Ada Moss,ada@studio.test,Art,,,', 'h2,Zed X,zed@studio.test,Art,,,Oslo']);
    const oslo = bytes.lastIndexOf(Buffer.from('Oslo', 'utf16le'));
    bytes.writeUInt16LE(0xd800, oslo); // a high surrogate with no low one after it
    expect(errors(parseHrFile(bytes))).toEqual([expect.stringMatching(/^3 \| location \| location holds "\uFFFD"/)]);
  });

  it('refuses a workbook and a UTF-16 file without its byte-order mark, saying what they are', () => {
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40)]);
    expect(decodeHrFile(xlsx)).toMatchObject({ ok: false, message: expect.stringContaining('.xlsx') });
    const noBom = Buffer.from(accented.join('\n'), 'utf16le');
    expect(errors(parseHrFile(noBom))).toEqual([expect.stringContaining('NUL bytes')]);
  });
});

describe('the shape of an HR file', () => {
  it('keeps commas and line breaks inside quoted cells, numbering rows as a spreadsheet does', () => {
    const file = ok(
      parseHrFile(
        utf8([
          HR_HEADER,
          'h1,"Moss, Ada",ada@studio.test,Art,"Lead Artist,\nEnvironments",,',
          'h2,Ben Okafor,ben@studio.test,Engineering,"Programmer ""Netcode""",,',
          'h3,Cleo Park,cleo@studio.test,Art,,,',
        ]),
      ),
    );
    expect(file.rows.map((r) => [r.row, r.name, r.title])).toEqual([
      [2, 'Moss, Ada', 'Lead Artist,\nEnvironments'],
      [3, 'Ben Okafor', 'Programmer "Netcode"'],
      [4, 'Cleo Park', ''],
    ]);
  });

  it('recognises semicolon- and tab-separated files and names the separator', () => {
    const semi = ok(parseHrFile(windows1252(accented.map((l) => l.replaceAll(',', ';')))));
    expect([semi.delimiter, semi.rows[0]!.name]).toEqual(['semicolon', 'Zoë Dubé']);
    const tab = ok(parseHrFile(utf8(accented.map((l) => l.replaceAll(',', '\t')))));
    expect([tab.delimiter, tab.rows[1]!.location]).toEqual(['tab', 'Köln']);
    expect(ok(parseHrFile(utf8(accented))).delimiter).toBe('comma');
  });

  it('matches header names without regard to case and with the usual variants', () => {
    const file = ok(
      parseHrFile(
        utf8(['Employee ID;Full Name;E-mail Address;DEPT;Job Title', 'h1;Ada Moss;ADA@Studio.test;Art;Artist']),
      ),
    );
    expect(file.columns.map((c) => `${c.label}→${c.field}`)).toEqual([
      'Employee ID→id',
      'Full Name→name',
      'E-mail Address→email',
      'DEPT→department',
      'Job Title→title',
    ]);
    expect(file.rows[0]).toMatchObject({ email: 'ada@studio.test', title: 'Artist', grade: '', location: '' });
    for (const [label, field] of [
      ['E-mail', 'email'],
      ['Email Address', 'email'],
      ['e_mail', 'email'],
      [' Department ', 'department'],
      ['Sälary', undefined],
    ] as const)
      expect(fieldForHeader(label)).toBe(field);
  });

  it('refuses a repeated column, naming it (case 11c: nothing is read from the file)', () => {
    const result = parseHrFile(fs.readFileSync(path.join(FIXTURES, 'case-11c-duplicate-header.csv')));
    expect(errors(result)).toEqual(['1 | email | column "email" appears twice (columns 3 and 5); keep one']);
  });

  it('refuses two variants of one column, naming both', () => {
    expect(errors(parseHrFile(utf8(['id,name,Email,department,E-mail', 'h1,A B,a@s.test,Art,b@s.test'])))).toEqual([
      '1 | E-mail | column "E-mail" (column 5) is the same field as "Email" (column 3); keep one',
    ]);
  });

  it('refuses an unknown column and a missing required one, each named', () => {
    expect(errors(parseHrFile(utf8(['id,name,email,department,salary', 'h1,A B,a@s.test,Art,100'])))).toEqual([
      expect.stringMatching(/^1 \| salary \| unknown column "salary"; the columns are id, name, email/),
    ]);
    expect(errors(parseHrFile(utf8(['id,name,department', 'h1,A B,Art'])))).toEqual([
      '1 | email | required column is missing from the header',
    ]);
  });

  it("skips and counts rows of only commas or blanks (case 11d: Excel's formatted empty rows)", () => {
    const file = ok(parseHrFile(fs.readFileSync(path.join(FIXTURES, 'case-11d-excel-blank-comma-rows.csv'))));
    expect(file.rows.map((r) => r.id)).toEqual(['h006']);
    expect(file.skippedRows).toEqual([3, 4]);
    const spaced = ok(parseHrFile(utf8([HR_HEADER, ' , ,,,,,', 'h1,A B,a@s.test,Art,,,', '', ',,,,,,'])));
    expect([spaced.rows.length, spaced.skippedRows]).toEqual([1, [2, 4, 5]]);
  });

  it('refuses a row with cells beyond the header that hold something, and a short row', () => {
    const result = parseHrFile(
      utf8([HR_HEADER, 'h1,A B,a@s.test,Art,,,,x', 'h2,C D,c@s.test', 'h3,E F,e@s.test,Art,,,,,']),
    );
    expect(errors(result)).toEqual([
      '2 | — | the row has 8 cells and the header 7 (is a comma missing or extra?)',
      '3 | — | the row has 3 cells and the header 7 (is a comma missing or extra?)',
    ]);
  });

  it('takes ids that are object members as any other, and refuses ids of only dots (they would be paths)', () => {
    const ok = parseHrFile(
      utf8([HR_HEADER, '__proto__,A B,a@s.test,Art,,,', 'constructor,C D,c@s.test,Art,,,', 'a.b,E F,e@s.test,Art,,,']),
    );
    expect(ok.ok && ok.file.rows.map((r) => r.id)).toEqual(['__proto__', 'constructor', 'a.b']);
    expect(errors(parseHrFile(utf8([HR_HEADER, '.,A B,a@s.test,Art,,,', '..,C D,c@s.test,Art,,,'])))).toEqual([
      '2 | id | id may not be only dots',
      '3 | id | id may not be only dots',
    ]);
  });

  it('names the row of an unclosed quote', () => {
    expect(errors(parseHrFile(utf8([HR_HEADER, 'h1,A B,a@s.test,Art,,,', 'h2,"C D,c@s.test,Art,,,'])))).toEqual([
      '3 | — | a quoted cell is never closed: a " is missing',
    ]);
  });
});

describe('the README', () => {
  it('lists every header name the import recognises', async () => {
    const { HEADER_VARIANTS, HR_COLUMNS } = await import('../../../src/services/hr-import/parse.ts');
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    for (const column of HR_COLUMNS) {
      const line = readme.split('\n').find((l) => l.startsWith(`| \`${column}\` |`));
      expect(line, column).toBeDefined();
      for (const name of HEADER_VARIANTS[column]) expect(line).toContain(name);
    }
  });
});

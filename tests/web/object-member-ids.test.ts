import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { findPerson } from '../../src/db/repos/people.ts';
import { insertStudio } from '../../src/db/repos/studio.ts';
import type { Department } from '../../src/domain/types.ts';
import { addTestAccounts, testPerson, testProblem } from '../helpers/builders.ts';
import { HR_HEADER, utf8 } from '../helpers/hr-files.ts';
import { appOn, freshDb, html, signIn, TEST_NOW } from '../helpers/test-app.ts';
import { writeCabal } from './network-fixture.ts';

// Person ids come from the HR import, which allows letters, digits, ".", "_" and "-": so "__proto__",
// "constructor", "toString", "hasOwnProperty" and "valueOf" are ids like any other, and every page that shows the
// network (whose graph library keeps neighbours in plain objects) must treat them so.

const departments: Department[] = [
  { id: 'art', name: 'Art' },
  { id: 'eng', name: 'Engineering' },
  { id: 'design', name: 'Game Design' },
];

/**
 * Published cabals of Combat feel (the figures below are worked out by hand from them):
 * 2026-09 Hal, Val · 2026-10 Proto, Connie, Tess · 2026-11 Proto, Connie · 2026-12 Tess, Hal.
 * So the ties are Proto–Connie (2 months), Proto–Tess, Connie–Tess, Tess–Hal, Hal–Val (1 month each); Leo and Mona
 * served with no one. A draft for 2027-01 seats Tess, Connie and Leo.
 */
async function objectMemberStudio() {
  const db: Db = freshDb();
  const people = [
    testPerson('__proto__', 'Proto Lane', 'art'),
    testPerson('constructor', 'Connie Structor', 'eng'),
    testPerson('toString', 'Tess String', 'design'),
    testPerson('hasOwnProperty', 'Hal Owens', 'eng'),
    testPerson('valueOf', 'Val Ofsen', 'art'),
    testPerson('leo', 'Leo Lead', 'design'),
    testPerson('mona', 'Mona Manager', 'design'),
  ];
  const problems = [testProblem('combat-feel', 'Combat feel', { lead: 'constructor' })];
  db.transaction((tx) => insertStudio(tx, { departments, people, problems }, 'test fixture', TEST_NOW));
  await addTestAccounts(db, [
    { email: 'proto@studio.test', personId: '__proto__', roles: [] },
    { email: 'connie@studio.test', personId: 'constructor', roles: ['lead'] },
    { email: 'mona@studio.test', personId: 'mona', roles: ['manager'] },
  ]);
  writeCabal(db, '2026-09', ['hasOwnProperty', 'valueOf']);
  writeCabal(db, '2026-10', ['__proto__', 'constructor', 'toString']);
  writeCabal(db, '2026-11', ['__proto__', 'constructor']);
  writeCabal(db, '2026-12', ['toString', 'hasOwnProperty']);
  writeCabal(db, '2027-01', ['toString', 'constructor', 'leo'], 'draft');
  return appOn(db);
}

const texts = ($: ReturnType<typeof html>, selector: string) =>
  $(selector)
    .map((_, el) => $(el).text().replace(/\s+/g, ' ').trim())
    .get();

/** Each table row's cells, joined by " | ". */
const rows = ($: ReturnType<typeof html>, selector: string) =>
  $(selector)
    .map((_, tr) =>
      $(tr)
        .find('td')
        .map((_, td) => $(td).text().trim())
        .get()
        .join(' | '),
    )
    .get();

describe('people whose ids are object members, across the network pages', () => {
  it('draws them in the network and its picture data', async () => {
    const { app } = await objectMemberStudio();
    const { agent } = await signIn(app, 'proto@studio.test');
    expect(html(await agent.get('/network').expect(200))('h1 + p').text()).toContain('7 people');
    const data = (await agent.get('/network/picture.json').expect(200)).body as {
      nodes: [string, string, number, number, number, number][];
      edges: [number, number, number[]][];
      totalEdges: number;
    };
    expect(data.nodes.map((n) => n[0]).sort()).toEqual(
      ['__proto__', 'constructor', 'hasOwnProperty', 'leo', 'mona', 'toString', 'valueOf'].sort(),
    );
    expect(data.totalEdges).toBe(5);
    const pairs = data.edges.map(([s, t, months]) => [
      [data.nodes[s]![0], data.nodes[t]![0]].sort().join('+'),
      months.length,
    ]);
    expect(pairs).toContainEqual(['__proto__+constructor', 2]);
    expect(pairs).toContainEqual(['hasOwnProperty+valueOf', 1]);
  });

  it('ranks them as influencers, on the page and in the CSV, with their degrees', async () => {
    const { app } = await objectMemberStudio();
    const { agent } = await signIn(app, 'mona@studio.test');
    const $ = html(await agent.get('/network/influencers?by=degree').expect(200));
    const rows = $('table.influencers tbody tr')
      .map((_, tr) => [[$(tr).find('td').eq(1).text(), $(tr).find('td').eq(3).text()]])
      .get() as unknown as [string, string][];
    expect(rows[0]).toEqual(['Tess String', '3']);
    expect(new Map(rows)).toEqual(
      new Map([
        ['Tess String', '3'],
        ['Connie Structor', '2'],
        ['Hal Owens', '2'],
        ['Proto Lane', '2'],
        ['Val Ofsen', '1'],
        ['Leo Lead', '0'],
        ['Mona Manager', '0'],
      ]),
    );
    expect($('a[href="/people/__proto__/impact"]').text()).toBe('If Proto Lane left');
    const csv = (await agent.get('/network/influencers.csv').expect(200)).text.replace(/^\uFEFF/, '');
    const degreeOf = new Map(
      csv
        .trim()
        .split(/\r?\n/)
        .slice(1)
        .map((line) => line.split(','))
        .map((cells) => [cells[0], [cells[1], cells[3]]]),
    );
    expect(degreeOf.get('__proto__')).toEqual(['Proto Lane', '2']);
    expect(degreeOf.get('constructor')).toEqual(['Connie Structor', '2']);
    expect(degreeOf.get('toString')).toEqual(['Tess String', '3']);
    expect(degreeOf.get('valueOf')).toEqual(['Val Ofsen', '1']);
    expect(degreeOf.get('mona')).toEqual(['Mona Manager', '0']);
    // Tess alone joins the two halves: she has the highest betweenness, so she heads the CSV.
    expect(csv.split(/\r?\n/)[1]!.startsWith('toString,Tess String,')).toBe(true);
  });

  it('counts their ties between departments', async () => {
    const { app } = await objectMemberStudio();
    const { agent } = await signIn(app, 'mona@studio.test');
    const $ = html(await agent.get('/network/departments').expect(200));
    const cell = (label: string) => $(`#silo-matrix td[title="${label}"]`).text().replace(/\s+/g, ' ');
    // Art: Proto, Val; Engineering: Connie, Hal; Game Design: Tess, Leo, Mona.
    expect(cell('Art × Engineering')).toContain('2 / 4');
    expect(cell('Art × Game Design')).toContain('1 / 6');
    expect(cell('Engineering × Game Design')).toContain('2 / 6');
    expect(cell('Game Design × Game Design')).toContain('0 / 3');
  });

  it('finds introduction paths and shared contacts between them, by id and by name', async () => {
    const { app } = await objectMemberStudio();
    const { agent } = await signIn(app, 'proto@studio.test');
    let $ = html(await agent.get('/network/path?from=__proto__&to=valueOf').expect(200));
    expect(texts($, '.intro-path li a')).toEqual(['Proto Lane', 'Tess String', 'Hal Owens', 'Val Ofsen']);
    expect($('.intro-path li a').first().attr('href')).toBe('/people/__proto__');
    $ = html(await agent.get('/network/path?from=constructor&to=toString').expect(200));
    expect($('.introduction p').first().text()).toContain('have served together');
    // Proto and Connie both served with Tess, one month each.
    $ = html(await agent.get('/network/path?to=constructor').expect(200));
    expect(rows($, '.introduction tbody tr')).toEqual(['Tess String | Game Design | 1 | 1']);
    $ = html(await agent.get(`/network/path?from=${encodeURIComponent('Hal Owens')}&to=Proto`).expect(200));
    expect(texts($, '.intro-path li a')).toEqual(['Hal Owens', 'Tess String', 'Proto Lane']);
  });

  it('shows who they served with and the contacts a viewer shares with them on the person page', async () => {
    const { app } = await objectMemberStudio();
    const { agent } = await signIn(app, 'proto@studio.test');
    let $ = html(await agent.get('/people/hasOwnProperty').expect(200));
    expect(texts($, '[data-testid="neighbours"] li a')).toEqual(['Tess String', 'Val Ofsen']);
    expect(rows($, '[data-testid="shared-contacts"] tbody tr')).toEqual(['Tess String | Game Design | 1 | 1']);
    $ = html(await agent.get('/people/constructor').expect(200));
    expect($('[data-testid="served-with-you"]').text()).toContain('2 months');
    expect($('[data-testid="neighbours"] li').first().attr('data-person')).toBe('__proto__');
    $ = html(await agent.get('/people/__proto__').expect(200));
    expect($('h1').text()).toContain('Proto Lane');
    expect(texts($, '[data-testid="neighbours"] li a')).toEqual(['Connie Structor', 'Tess String']);
  });

  it('says what the network and the drafts lose if one of them left', async () => {
    const { app } = await objectMemberStudio();
    const { agent } = await signIn(app, 'mona@studio.test');
    const $ = html(await agent.get('/people/toString/impact').expect(200));
    expect($('.page-head p').text()).toContain('3 contacts');
    const figures = texts($, '#impact-paths dd');
    expect(figures[0]).toContain('Yes');
    // Without Tess, Proto and Connie (2) are cut off from Hal and Val: the largest group goes from 5 to 2.
    expect(figures[1]).toContain('2 people');
    expect(figures[1]).toContain('5 → 2');
    // Proto–Hal and Connie–Hal lose their only short path.
    expect(figures[2]).toBe('2');
    expect(
      texts($, '#broken-pairs li')
        .map((t) => t.replace(/ \(.*/, ''))
        .sort(),
    ).toEqual(['Connie Structor and Hal Owens', 'Proto Lane and Hal Owens']);
    expect($('#impact-cabals tbody tr')).toHaveLength(1);
    const proto = html(await agent.get('/people/__proto__/impact').expect(200));
    expect(texts(proto, '#impact-paths dd')[0]).toContain('No');
  });

  it('finds them in the people search and the name picker', async () => {
    const { app } = await objectMemberStudio();
    const { agent } = await signIn(app, 'mona@studio.test');
    const $ = html(await agent.get('/people?q=Proto').expect(200));
    expect($('[data-testid="people-results"] li').attr('data-person')).toBe('__proto__');
    expect($('[data-testid="people-results"] li h3 a').attr('href')).toBe('/people/__proto__');
    const choices = html(await agent.get('/people/choices?q=Connie').expect(200));
    expect(choices('input[type="radio"]').attr('value')).toBe('constructor');
  });
});

describe('an HR import of people whose ids are object members', () => {
  it('imports them, and their pages, search and network work', async () => {
    const { app, db } = await objectMemberStudio();
    await addTestAccounts(db, [{ email: 'admin@studio.test', personId: 'leo', roles: ['admin'] }]);
    const { agent, csrf } = await signIn(app, 'admin@studio.test');
    const file = utf8([
      HR_HEADER,
      'isPrototypeOf,Isa Proto,isa@studio.test,Art,,,',
      'propertyIsEnumerable,Pete Enum,pete@studio.test,Sound,,,',
      'toString,Tess Stringer,tess@studio.test,Game Design,Lead Designer,,',
    ]);
    const preview = await agent
      .post('/admin/import')
      .set('X-CSRF-Token', csrf)
      .attach('file', file, 'staff.csv')
      .field('newDepartments', 'on')
      .expect(200);
    const action = html(preview)('[data-preview] form').attr('action')!;
    await agent.post(action).set('X-CSRF-Token', csrf).type('form').send({}).expect(200);
    expect(findPerson(db, 'isPrototypeOf')?.name).toBe('Isa Proto');
    expect(findPerson(db, 'toString')?.name).toBe('Tess Stringer');
    expect(html(await agent.get('/people/propertyIsEnumerable').expect(200))('h1').text()).toContain('Pete Enum');
    const $ = html(await agent.get('/people?q=Isa').expect(200));
    expect($('[data-testid="people-results"] li').attr('data-person')).toBe('isPrototypeOf');
    // The rename reaches the network: Tess's path to Proto carries her new name.
    const path = html(await agent.get('/network/path?from=toString&to=__proto__').expect(200));
    expect(texts(path, '.intro-path li a')).toEqual(['Tess Stringer', 'Proto Lane']);
  });
});

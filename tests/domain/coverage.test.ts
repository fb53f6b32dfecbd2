import { describe, expect, it } from 'vitest';
import {
  coverageMatrix,
  sortMatrixRows,
  gini,
  participation,
  type CoveragePerson,
  type Seat,
} from '../../src/domain/coverage.ts';
import { streakEndingAt } from '../../src/domain/streaks.ts';

// A small studio worked out by hand: 10 people in 4 departments, two problems over two months, 12 seats.
const departments = [
  { id: 'art', name: 'Art' },
  { id: 'eng', name: 'Engineering' },
  { id: 'design', name: 'Design' },
  { id: 'audio', name: 'Audio' },
];
const person = (id: string, department: string): CoveragePerson => ({ id, name: `Name ${id}`, department });
const people = [
  person('a1', 'art'),
  person('a2', 'art'),
  person('a3', 'art'),
  person('e1', 'eng'),
  person('e2', 'eng'),
  person('e3', 'eng'),
  person('d1', 'design'),
  person('d2', 'design'),
  person('u1', 'audio'),
  person('u2', 'audio'),
];
const seat = (month: string, problem: 'p' | 'q', personId: string): Seat => ({
  month,
  problem,
  problemTitle: problem === 'p' ? 'Combat feel' : 'Lore',
  person: personId,
});
const seats: Seat[] = [
  ...['a1', 'e1', 'd1'].map((p) => seat('2027-01', 'p', p)),
  ...['e2', 'e3', 'd2'].map((p) => seat('2027-01', 'q', p)),
  ...['a1', 'e1', 'e2'].map((p) => seat('2027-02', 'p', p)),
  ...['e3', 'd2', 'd1'].map((p) => seat('2027-02', 'q', p)),
];

describe('cabal × department matrix', () => {
  const m = coverageMatrix(departments, people, seats);

  it('counts seats per problem and department, with rows by title and columns in department order', () => {
    expect(m.problems.map((p) => [p.id, p.title, p.seats])).toEqual([
      ['p', 'Combat feel', 6],
      ['q', 'Lore', 6],
    ]);
    expect(m.departments.map((d) => d.department)).toEqual(['art', 'eng', 'design', 'audio']);
    const row = (id: string) => m.problems.find((p) => p.id === id)!;
    expect(row('p').cells.map((c) => c.seats)).toEqual([2, 3, 1, 0]);
    expect(row('q').cells.map((c) => c.seats)).toEqual([0, 3, 3, 0]);
    expect(m.totalSeats).toBe(12);
    expect(m.totalHeadcount).toBe(10);
    expect(m.maxCell).toBe(3);
    // Heat buckets: ceil(5 × seats / 3), and 0 for an empty cell.
    expect(row('p').cells.map((c) => c.heat)).toEqual([4, 5, 2, 0]);
    expect(row('q').cells.map((c) => c.heat)).toEqual([0, 5, 5, 0]);
  });

  it('sorts the rows by title, total or one department, ties by title', () => {
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    expect(ids(sortMatrixRows(m, { by: 'title' }, 'desc'))).toEqual(['q', 'p']);
    expect(ids(sortMatrixRows(m, { by: 'department', department: 'design' }, 'desc'))).toEqual(['q', 'p']);
    expect(ids(sortMatrixRows(m, { by: 'department', department: 'art' }, 'desc'))).toEqual(['p', 'q']);
    expect(ids(sortMatrixRows(m, { by: 'department', department: 'art' }, 'asc'))).toEqual(['q', 'p']);
    // Equal totals (6 and 6) fall back to the title, whichever the direction.
    expect(ids(sortMatrixRows(m, { by: 'total' }, 'desc'))).toEqual(['p', 'q']);
    expect(ids(sortMatrixRows(m, { by: 'department', department: 'no-such' }, 'desc'))).toEqual(['p', 'q']);
  });

  it('compares seat share with headcount share and flags outside 0.5..1.5', () => {
    const byId = Object.fromEntries(m.departments.map((d) => [d.department, d]));
    // Art: 2/12 of seats, 3/10 of people → 0.556.
    expect(byId.art!.seatShare).toBeCloseTo(2 / 12);
    expect(byId.art!.headcountShare).toBeCloseTo(0.3);
    expect(byId.art!.ratio).toBeCloseTo(5 / 9);
    expect(byId.art!.flag).toBe('ok');
    // Engineering: 6/12 against 3/10 → 1.667, over.
    expect(byId.eng!.ratio).toBeCloseTo(5 / 3);
    expect(byId.eng!.flag).toBe('over');
    // Design: 4/12 against 2/10 → 1.667, over.
    expect(byId.design!.seats).toBe(4);
    expect(byId.design!.flag).toBe('over');
    // Audio: no seat at all → ratio 0, under, and absent.
    expect(byId.audio!.ratio).toBe(0);
    expect(byId.audio!.flag).toBe('under');
    expect(m.absent).toEqual([{ department: 'audio', name: 'Audio', headcount: 2 }]);
  });

  it('moves the flags with the thresholds', () => {
    const strict = coverageMatrix(departments, people, seats, { under: 0.6, over: 2 });
    expect(strict.departments.map((d) => d.flag)).toEqual(['under', 'ok', 'ok', 'under']);
  });
});

describe('participation', () => {
  const served = new Map<string, Set<string>>();
  for (const s of seats) served.set(s.person, new Set([...(served.get(s.person) ?? []), s.month]));
  // e1 also served the month before the range, so their streak reaches the limit of 3.
  served.get('e1')!.add('2026-12');
  const p = participation(people, ['2027-01', '2027-02'], served, 3);

  it('gives the distribution of months served, the served share and the Gini coefficient', () => {
    // Six people served both months, four none; 2026-12 lies outside the range and does not count.
    expect(p.distribution).toEqual([
      { months: 0, people: 4 },
      { months: 1, people: 0 },
      { months: 2, people: 6 },
    ]);
    expect(p.servedShare).toBeCloseTo(0.6);
    expect(p.servedCount).toBe(6);
    // Σ|xi − xj| over ordered pairs = 2·4·6·2 = 96; mean 1.2; G = 96 / (2 · 10² · 1.2) = 0.4.
    expect(p.gini).toBeCloseTo(0.4);
  });

  it('lists who never served in the range, by name', () => {
    expect(p.neverServed.map((x) => x.id)).toEqual(['a2', 'a3', 'u1', 'u2']);
  });

  it('reads burnout as of an earlier month of the range when asked', () => {
    const january = participation(people, ['2027-01', '2027-02'], served, 3, '2027-01');
    expect(january.asOf).toBe('2027-01');
    // In January e1 had served December and January (2 of 3); the others had served one month, not yet near.
    expect(january.burnout.map((b) => [b.person, b.consecutive, b.status])).toEqual([['e1', 2, 'near-limit']]);
    // Months served in the range do not move with asOf.
    expect(january.distribution).toEqual(p.distribution);
  });

  it('watches people at the limit (3) and one month short of it in the last month of the range', () => {
    expect(p.asOf).toBe('2027-02');
    expect(p.burnout.map((b) => [b.person, b.consecutive, b.status])).toEqual([
      ['e1', 3, 'at-limit'],
      ['a1', 2, 'near-limit'],
      ['d1', 2, 'near-limit'],
      ['d2', 2, 'near-limit'],
      ['e2', 2, 'near-limit'],
      ['e3', 2, 'near-limit'],
    ]);
  });
});

describe('gini and streaks', () => {
  it('is 0 for equal or empty values and grows with concentration', () => {
    expect(gini([])).toBe(0);
    expect(gini([0, 0, 0])).toBe(0);
    expect(gini([2, 2, 2])).toBe(0);
    // One of four holds everything: (n − 1) / n = 0.75.
    expect(gini([0, 0, 0, 4])).toBeCloseTo(0.75);
  });

  it('counts a streak back across a year boundary and stops at a gap', () => {
    const s = new Set(['2026-11', '2026-12', '2027-01', '2027-03']);
    expect(streakEndingAt(s, '2027-01')).toBe(3);
    expect(streakEndingAt(s, '2027-02')).toBe(0);
    expect(streakEndingAt(s, '2027-03')).toBe(1);
  });
});

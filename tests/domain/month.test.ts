import { describe, expect, it } from 'vitest';
import { addMonths, monthLabel, monthRange, monthStart, monthsBetween, toMonth } from '../../src/domain/month.ts';

describe('months', () => {
  it('parses a month into the first day of it, in UTC, and refuses anything else', () => {
    expect(monthStart('2027-03').toISO()).toBe('2027-03-01T00:00:00.000Z');
    expect(() => monthStart('2027-13')).toThrow(RangeError);
    expect(() => monthStart('27-03')).toThrow(RangeError);
  });

  it('moves across year ends both ways and counts the months between', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(addMonths('2027-01', -25)).toBe('2024-12');
    expect(monthRange('2026-11', 4)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2026-11', '2027-02')).toBe(3);
    expect(monthsBetween('2027-02', '2026-11')).toBe(-3);
  });

  it('writes the month a moment falls in, in UTC', () => {
    expect(toMonth(monthStart('2027-01').minus({ minutes: 1 }))).toBe('2026-12');
  });

  it('labels a month in words, the same the second time', () => {
    expect(monthLabel('2027-03')).toBe('March 2027');
    expect(monthLabel('2027-03')).toBe('March 2027');
  });
});

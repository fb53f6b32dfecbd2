import { DateTime } from 'luxon';

/** A calendar month written `YYYY-MM`; every month in the product is one of these. */
export type Month = string;

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Tells whether a string is a well-formed `YYYY-MM` month. */
export function isMonth(value: unknown): value is Month {
  return typeof value === 'string' && MONTH_RE.test(value);
}

/** Parses a `YYYY-MM` month into the luxon DateTime of its first day (UTC). */
export function monthStart(month: Month): DateTime {
  if (!isMonth(month)) throw new RangeError(`not a month (YYYY-MM): ${JSON.stringify(month)}`);
  // Built from its numbers rather than parsed with a format: pages handle thousands of months per request.
  return DateTime.utc(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1);
}

/** Formats a luxon DateTime as the month it falls in. */
export function toMonth(date: DateTime): Month {
  const utc = date.toUTC();
  return `${String(utc.year).padStart(4, '0')}-${String(utc.month).padStart(2, '0')}`;
}

/** Moves a month forward (or backward, with a negative count) by whole months. */
export function addMonths(month: Month, count: number): Month {
  return toMonth(monthStart(month).plus({ months: count }));
}

/** The months from `first` on, `count` of them, in order. */
export function monthRange(first: Month, count: number): Month[] {
  const start = monthStart(first);
  return Array.from({ length: Math.max(0, count) }, (_, i) => toMonth(start.plus({ months: i })));
}

/** The number of months from `from` to `to` (0 when equal, negative when `to` is earlier). */
export function monthsBetween(from: Month, to: Month): number {
  return Math.round(monthStart(to).diff(monthStart(from), 'months').months);
}

/** Compares two months chronologically, for sorting. */
export function compareMonths(a: Month, b: Month): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Labels are asked for thousands of times per page and a studio has few distinct months: each is formatted once.
const labels = new Map<Month, string>();

/** A human label for a month, e.g. "March 2027". */
export function monthLabel(month: Month): string {
  let label = labels.get(month);
  if (label === undefined) {
    label = monthStart(month).toFormat('LLLL yyyy');
    if (labels.size < 10_000) labels.set(month, label);
  }
  return label;
}

/** Rewrites every `YYYY-MM` month in a sentence as its label ("carried over from 2027-02" → "… from February 2027"). */
export function labelMonthsIn(text: string): string {
  return text.replace(/\b\d{4}-(0[1-9]|1[0-2])\b/g, (m) => monthLabel(m));
}

import { monthLabel, isMonth } from '../domain/month.ts';

/** Handlebars helpers; each is small and escapes through Handlebars' normal `{{ }}` output. */
export const viewHelpers = {
  eq: (a: unknown, b: unknown) => a === b,
  ne: (a: unknown, b: unknown) => a !== b,
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  not: (a: unknown) => !a,
  gt: (a: number, b: number) => a > b,
  includes: (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item),
  monthLabel: (m: unknown) => (isMonth(m) ? monthLabel(m) : String(m ?? '')),
  json: (v: unknown) => JSON.stringify(v),
  join: (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : ''),
  percent: (v: unknown) => (typeof v === 'number' ? `${Math.round(v * 1000) / 10}%` : ''),
  fixed: (v: unknown, digits: unknown) => (typeof v === 'number' ? v.toFixed(typeof digits === 'number' ? digits : 2) : ''),
  active: (current: unknown, href: unknown) =>
    href === '/' ? current === '/' : typeof current === 'string' && typeof href === 'string' && current.startsWith(href),
};

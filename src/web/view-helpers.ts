import { labelMonthsIn, monthLabel, isMonth } from '../domain/month.ts';

/** The hard rules in plain words, for explanations a lead reads. */
const RULE_LABELS: Record<string, string> = {
  'one-cabal-per-month': 'One cabal per person a month',
  size: 'Cabal size',
  'min-affected': 'Minimum affected members',
  'min-outsiders': 'Minimum outsiders',
  'min-departments': 'Minimum departments',
  'required-skills': 'Required skills',
  'carry-over': 'Carry-over from last month',
  'max-consecutive-months': 'Rest after consecutive months',
  'max-consecutive-on-problem': 'Consecutive months on one problem',
  unavailable: 'Unavailable months',
  pins: 'Pins',
};

/** Handlebars helpers; each is small and escapes through Handlebars' normal `{{ }}` output. */
export const viewHelpers = {
  eq: (a: unknown, b: unknown) => a === b,
  ne: (a: unknown, b: unknown) => a !== b,
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  /** The first value that is set (not undefined, null or empty), e.g. a re-shown form value, else the saved one. */
  coalesce: (...args: unknown[]) => args.slice(0, -1).find((v) => v !== undefined && v !== null && v !== ''),
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  not: (a: unknown) => !a,
  gt: (a: number, b: number) => a > b,
  includes: (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item),
  monthLabel: (m: unknown) => (isMonth(m) ? monthLabel(m) : String(m ?? '')),
  /** A stored sentence (a member's "why", an audit detail) with its `YYYY-MM` months written as "March 2027". */
  prose: (text: unknown) => labelMonthsIn(String(text ?? '')),
  json: (v: unknown) => JSON.stringify(v),
  encodeURIComponent: (v: unknown) => encodeURIComponent(String(v ?? '')),
  join: (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : ''),
  percent: (v: unknown) => (typeof v === 'number' ? `${Math.round(v * 1000) / 10}%` : ''),
  fixed: (v: unknown, digits: unknown) =>
    typeof v === 'number' ? v.toFixed(typeof digits === 'number' ? digits : 2) : '',
  ruleLabel: (rule: unknown) =>
    Object.hasOwn(RULE_LABELS, String(rule)) ? RULE_LABELS[String(rule)] : String(rule ?? ''),
  dateTime: (iso: unknown) =>
    typeof iso === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso)
      ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
      : String(iso ?? ''),
  add1: (v: unknown) => (typeof v === 'number' ? v + 1 : v),
  concat: (...args: unknown[]) =>
    args
      .slice(0, -1)
      .map((a) => String(a ?? ''))
      .join(''),
  /** Every message of a failed form, the form's own error first, then each field's, each once (for the error summary). */
  errorMessages: (...args: unknown[]) => {
    const messages = new Set<string>();
    for (const source of args.slice(0, -1)) {
      if (typeof source === 'string' && source) messages.add(source);
      else if (source && typeof source === 'object')
        for (const m of Object.values(source)) if (typeof m === 'string' && m) messages.add(m);
    }
    return [...messages];
  },
  active: (current: unknown, href: unknown) =>
    href === '/'
      ? current === '/'
      : typeof current === 'string' && typeof href === 'string' && current.startsWith(href),
};

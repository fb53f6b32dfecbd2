import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { listAuditLog, type AuditFilter, type AuditRow } from '../db/repos/audit.ts';
import { AUDIT_KINDS, kindOfAction } from '../domain/audit-kinds.ts';
import { isMonth } from '../domain/month.ts';
import { namesOf } from '../db/repos/people.ts';
import { peopleMatching } from './people-lookup.ts';

/** Entries on one page of the audit log. */
export const AUDIT_PAGE_SIZE = 50;

const id = (label: string) =>
  z
    .string()
    .trim()
    .max(64, `${label} is longer than 64 characters`)
    .regex(/^[A-Za-z0-9._-]*$/, `${label} may hold only letters, digits, ".", "_" and "-"`)
    .optional()
    .transform((v) => v || undefined);

// A person is asked for by name (an id, as the entries' links carry, works too): letters of any script, digits,
// spaces and the punctuation names hold.
const who = (label: string) =>
  z
    .string()
    .trim()
    .max(100, `${label} is longer than 100 characters`)
    .regex(/^[\p{L}\p{M}\p{N} .'’_-]*$/u, `${label} may hold only letters, digits, spaces and . ' - _`)
    .optional()
    .transform((v) => v || undefined);

const querySchema = z.object({
  person: who('Person'),
  problem: id('Problem'),
  actor: who('By'),
  month: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || isMonth(v), 'Month must be a month as YYYY-MM'),
  kind: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || AUDIT_KINDS.some((k) => k.kind === v), 'Kind is not one of the listed kinds'),
  page: z.coerce
    .number({ error: 'Page must be a number' })
    .int('Page must be a whole number')
    .min(1, 'Page must be at least 1')
    .max(1_000_000, 'Page is too large')
    .default(1),
});

/** A parsed audit log query: the filter and page, or field errors (by field name) with the values as sent. */
export type AuditQuery =
  | { ok: true; filter: AuditFilter; page: number; values: Record<string, string> }
  | { ok: false; errors: Record<string, string>; values: Record<string, string> };

/** Parses the audit log page's query string; a bad value is a field error, never a crash. */
export function parseAuditQuery(query: unknown): AuditQuery {
  const raw = (query ?? {}) as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const key of ['person', 'problem', 'actor', 'month', 'kind'])
    if (Object.hasOwn(raw, key) && typeof raw[key] === 'string') values[key] = raw[key];
  const parsed = querySchema.safeParse(
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : v])),
  );
  if (!parsed.success)
    return {
      ok: false,
      values,
      errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])),
    };
  const q = parsed.data;
  const filter: AuditFilter = {
    personId: q.person,
    problemId: q.problem,
    actorPersonId: q.actor,
    month: q.month as AuditFilter['month'],
    kind: q.kind as AuditFilter['kind'],
  };
  return { ok: true, filter, page: q.page, values };
}

/**
 * Turns the person and actor of a parsed query into ids: an id as the entries' links carry stays, shown back by
 * name; otherwise the typed text is a name search, which must find one person (else a field error that says what
 * was typed and what matched). People who left are found by id only (the search index holds active people).
 */
export function resolveAuditPeople(db: Db, query: AuditQuery): AuditQuery {
  if (!query.ok) return query;
  const values = { ...query.values };
  const errors: Record<string, string> = {};
  const filter = { ...query.filter };
  for (const [field, key] of [
    ['person', 'personId'],
    ['actor', 'actorPersonId'],
  ] as const) {
    const typed = filter[key];
    if (!typed) continue;
    const byId = namesOf(db, [typed])[0];
    if (byId) {
      values[field] = byId.name;
      continue;
    }
    const hits = peopleMatching(db, typed, 6);
    if (hits.length === 1) {
      filter[key] = hits[0]!.id;
      values[field] = hits[0]!.name;
    } else if (hits.length === 0) errors[field] = `No one in the studio is called “${typed}”.`;
    else
      errors[field] =
        `“${typed}” matches ${hits.length > 5 ? 'more than 5 people' : hits.map((h) => h.name).join(', ')}; type more of the name.`;
  }
  if (Object.keys(errors).length) return { ok: false, errors, values };
  return { ...query, filter, values };
}

/** One page of the audit log with the kind of each entry, and the paging figures. */
export function auditLogPage(db: Db, filter: AuditFilter, page: number) {
  const { rows, total } = listAuditLog(db, filter, { offset: (page - 1) * AUDIT_PAGE_SIZE, limit: AUDIT_PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  return {
    entries: rows.map((r) => ({ ...r, kind: kindOfAction(r.action) })),
    total,
    page,
    pages,
    previous: page > 1 ? page - 1 : undefined,
    next: page < pages ? page + 1 : undefined,
  };
}

/** Every entry matching a filter as CSV rows (header first), newest first. */
export function auditLogCsvRows(db: Db, filter: AuditFilter): (string | number)[][] {
  const { rows } = listAuditLog(db, filter, { offset: 0, limit: -1 });
  const line = (r: AuditRow) => [
    r.id,
    r.at,
    kindOfAction(r.action) ?? '',
    r.action,
    r.actorPersonId ?? '',
    r.actorName ?? '',
    r.personId ?? '',
    r.personName ?? '',
    r.problemId ?? '',
    r.problemTitle ?? '',
    r.month ?? '',
    r.detail,
  ];
  return [
    [
      'id',
      'at',
      'kind',
      'action',
      'actor_id',
      'actor',
      'person_id',
      'person',
      'problem_id',
      'problem',
      'month',
      'detail',
    ],
    ...rows.map(line),
  ];
}

/** The name of an audit CSV download, saying what it holds, e.g. `audit-log-import-person-p1-2027-01.csv`. */
export function auditCsvName(filter: AuditFilter, today: string): string {
  const parts = [
    filter.kind,
    filter.personId && `person-${filter.personId}`,
    filter.problemId && `problem-${filter.problemId}`,
    filter.actorPersonId && `by-${filter.actorPersonId}`,
    filter.month ?? `to-${today}`,
  ].filter(Boolean);
  return `audit-log-${parts.join('-')}.csv`;
}

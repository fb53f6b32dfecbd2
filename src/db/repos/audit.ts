import { and, count, desc, eq, inArray, like, not, or, sql, type SQL } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import { alias } from 'drizzle-orm/sqlite-core';
import { auditLog, people, problems, users } from '../schema.ts';
import type { Month } from '../../domain/month.ts';
import { AUDIT_KINDS, type AuditKind } from '../../domain/audit-kinds.ts';

/** What the audit log records; each move in or out of a cabal is one entry. */
export type AuditAction =
  | 'cabal.join'
  | 'cabal.leave'
  | 'month.publish'
  | 'pin.add'
  | 'pin.remove'
  | 'problem.create'
  | 'problem.update'
  | 'problem.close'
  | 'problem.reopen'
  | 'plan.save'
  | 'plan.import'
  | 'policy.update'
  | 'account.roles'
  | 'hr.import'
  | 'account.create'
  | 'account.password'
  | 'account.reset'
  | 'account.disable'
  | 'account.enable'
  | 'person.create'
  | 'person.update'
  | 'person.deactivate';

/** One audit entry to write. */
export interface AuditEntry {
  action: AuditAction;
  problemId?: string;
  month?: Month;
  personId?: string;
  detail: string;
}

/** One audit entry as the problem page shows it: who, when, what. */
export interface AuditView {
  at: string;
  action: string;
  month: string | null;
  personId: string | null;
  personName: string | null;
  actorName: string | null;
  detail: string;
}

/** Appends entries to the audit log, all stamped with the same actor and time, through one prepared statement. */
export function insertAudit(tx: Conn, entries: AuditEntry[], by: { userId?: number; at: string }): void {
  if (entries.length === 0) return;
  const p = (name: string) => sql.placeholder(name);
  const insert = tx
    .insert(auditLog)
    .values({
      at: by.at,
      actorUserId: by.userId ?? null,
      action: p('action'),
      problemId: p('problemId'),
      month: p('month'),
      personId: p('personId'),
      detail: p('detail'),
    })
    .prepare();
  for (const e of entries)
    insert.run({
      action: e.action,
      problemId: e.problemId ?? null,
      month: e.month ?? null,
      personId: e.personId ?? null,
      detail: e.detail,
    });
}

/** A problem's audit trail, newest first: its own entries and the publishing of the months it has cabals in. */
export function listProblemAudit(db: Conn, problemId: string, months: Month[], limit = 50): AuditView[] {
  const subject = alias(people, 'subject');
  const actor = alias(people, 'actor');
  return db
    .select({
      at: auditLog.at,
      action: auditLog.action,
      month: auditLog.month,
      personId: auditLog.personId,
      personName: subject.name,
      actorName: actor.name,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .leftJoin(subject, eq(subject.id, auditLog.personId))
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(actor, eq(actor.id, users.personId))
    .where(
      or(
        eq(auditLog.problemId, problemId),
        months.length ? and(eq(auditLog.action, 'month.publish'), inArray(auditLog.month, months)) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all();
}

/** What the audit log page narrows the log to; every field is optional. */
export interface AuditFilter {
  personId?: string;
  problemId?: string;
  actorPersonId?: string;
  /** The month the entry was written in (by its timestamp). */
  month?: Month;
  kind?: AuditKind;
}

/** One audit entry as the audit log page and its CSV show it. */
export interface AuditRow extends AuditView {
  id: number;
  problemId: string | null;
  problemTitle: string | null;
  actorPersonId: string | null;
}

function auditWhere(filter: AuditFilter): SQL | undefined {
  const kind = AUDIT_KINDS.find((k) => k.kind === filter.kind);
  let kindClause: SQL | undefined;
  if (kind && 'actions' in kind) kindClause = inArray(auditLog.action, [...kind.actions]);
  if (kind && 'prefix' in kind)
    kindClause = and(
      like(auditLog.action, `${kind.prefix}%`),
      'except' in kind ? not(inArray(auditLog.action, [...kind.except])) : undefined,
    );
  return and(
    filter.personId ? eq(auditLog.personId, filter.personId) : undefined,
    filter.problemId ? eq(auditLog.problemId, filter.problemId) : undefined,
    filter.actorPersonId ? eq(users.personId, filter.actorPersonId) : undefined,
    filter.month ? like(auditLog.at, `${filter.month}-%`) : undefined,
    kindClause,
  );
}

/** Audit entries matching a filter, newest first, `limit` from `offset`, with the total that match. */
export function listAuditLog(
  db: Conn,
  filter: AuditFilter,
  page: { offset: number; limit: number },
): { rows: AuditRow[]; total: number } {
  const subject = alias(people, 'subject');
  const actor = alias(people, 'actor');
  const where = auditWhere(filter);
  const total = db
    .select({ n: count() })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(where)
    .get()!.n;
  const rows = db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      month: auditLog.month,
      personId: auditLog.personId,
      personName: subject.name,
      problemId: auditLog.problemId,
      problemTitle: problems.title,
      actorPersonId: users.personId,
      actorName: actor.name,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .leftJoin(subject, eq(subject.id, auditLog.personId))
    .leftJoin(problems, eq(problems.id, auditLog.problemId))
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(actor, eq(actor.id, users.personId))
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(page.limit)
    .offset(page.offset)
    .all();
  return { rows, total };
}

import { and, desc, eq, inArray, or } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import { alias } from 'drizzle-orm/sqlite-core';
import { auditLog, people, users } from '../schema.ts';
import type { Month } from '../../domain/month.ts';
import { insertChunked } from './studio.ts';

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
  | 'plan.save'
  | 'plan.import'
  | 'policy.update'
  | 'account.roles'
  | 'hr.import'
  | 'account.create'
  | 'account.password'
  | 'account.reset'
  | 'account.disable'
  | 'account.enable';

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

/** Appends entries to the audit log, all stamped with the same actor and time. */
export function insertAudit(tx: Conn, entries: AuditEntry[], by: { userId?: number; at: string }): void {
  insertChunked(entries, 200, (chunk) =>
    tx
      .insert(auditLog)
      .values(
        chunk.map((e) => ({
          at: by.at,
          actorUserId: by.userId ?? null,
          action: e.action,
          problemId: e.problemId ?? null,
          month: e.month ?? null,
          personId: e.personId ?? null,
          detail: e.detail,
        })),
      )
      .run(),
  );
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

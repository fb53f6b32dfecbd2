import { Router } from 'express';
import type { AppContext } from '../../app.ts';
import { AUDIT_KINDS } from '../../domain/audit-kinds.ts';
import {
  auditCsvName,
  auditLogCsvRows,
  auditLogPage,
  parseAuditQuery,
  resolveAuditPeople,
} from '../../services/audit-log.ts';
import { sendCsv } from '../csv.ts';
import { BadRequestError } from '../http-errors.ts';
import { render } from '../render.ts';

/**
 * The audit log, read-only: a filtered, paged list and its CSV (managers and admins, gated in role-gates.ts). There
 * is no route that writes, edits or deletes an entry; entries are only appended by the use cases that act.
 */
export function auditRoutes(ctx: AppContext): Router {
  const router = Router();
  const view = { page: 'admin/audit', fragment: 'admin/audit-entries' };

  router.get('/admin/audit', (req, res) => {
    const q = resolveAuditPeople(ctx.db, parseAuditQuery(req.query));
    const base = { title: 'Audit log', kinds: AUDIT_KINDS, form: q.values };
    if (!q.ok) return render(req, res, view, { ...base, errors: q.errors }, 400);
    const search = new URLSearchParams({ ...q.values, ...ids(q.filter) }).toString();
    render(req, res, view, { ...base, ...auditLogPage(ctx.db, q.filter, q.page), search });
  });

  router.get('/admin/audit.csv', (req, res) => {
    const q = resolveAuditPeople(ctx.db, parseAuditQuery(req.query));
    if (!q.ok) throw new BadRequestError(Object.values(q.errors).join('; '));
    const today = ctx.clock.now().toISODate()!;
    sendCsv(res, auditCsvName(q.filter, today), auditLogCsvRows(ctx.db, q.filter));
  });
  return router;
}

/** The resolved people of a filter as query parameters, so the pager's links keep the same people (by id). */
function ids(filter: { personId?: string; actorPersonId?: string }): Record<string, string> {
  const out: Record<string, string> = {};
  if (filter.personId) out.person = filter.personId;
  if (filter.actorPersonId) out.actor = filter.actorPersonId;
  return out;
}

import { Router } from 'express';
import type { AppContext } from '../../app.ts';
import { AUDIT_KINDS } from '../../domain/audit-kinds.ts';
import { auditCsvName, auditLogCsvRows, auditLogPage, parseAuditQuery } from '../../services/audit-log.ts';
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
    const q = parseAuditQuery(req.query);
    const base = { title: 'Audit log', kinds: AUDIT_KINDS, form: q.values };
    if (!q.ok) return render(req, res, view, { ...base, errors: q.errors }, 400);
    const search = new URLSearchParams(q.values).toString();
    render(req, res, view, { ...base, ...auditLogPage(ctx.db, q.filter, q.page), search });
  });

  router.get('/admin/audit.csv', (req, res) => {
    const q = parseAuditQuery(req.query);
    if (!q.ok) throw new BadRequestError(Object.values(q.errors).join('; '));
    const today = ctx.clock.now().toISODate()!;
    sendCsv(res, auditCsvName(q.filter, today), auditLogCsvRows(ctx.db, q.filter));
  });
  return router;
}

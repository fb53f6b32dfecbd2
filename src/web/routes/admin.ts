import { Router } from 'express';
import type { AppContext } from '../../app.ts';
import { ROLES } from '../../domain/account.ts';
import { accountRows, createPersonAccount, currentPolicy, updatePolicy, updateRoles } from '../../services/admin.ts';
import { confirmImport, needsDeactivationConfirmation, type PendingImport } from '../../services/hr-import/confirm.ts';
import type { Account } from '../../domain/account.ts';
import { previewUpload, type PreviewUploadResult } from '../../services/hr-import/preview.ts';
import { HEADER_VARIANTS, HR_COLUMNS } from '../../services/hr-import/parse.ts';
import { currentAccount } from '../auth.ts';
import { NotFoundError } from '../http-errors.ts';
import { render } from '../render.ts';
import { sendCsv } from '../csv.ts';
import { peopleMatching } from '../../services/people-lookup.ts';
import { exportPeopleRows } from '../../services/hr-import/export-people.ts';
import { singleFileUpload, uploadedBytes } from '../upload.ts';

/** The admin section: the rotation policy, and accounts with their roles. Gated to admins in role-gates.ts. */
export function adminRoutes(ctx: AppContext): Router {
  const router = Router();
  const page = (extra: Record<string, unknown>) => ({
    title: 'Administration',
    accounts: accountRows(ctx.db),
    roles: ROLES,
    policy: currentPolicy(ctx.db),
    ...extra,
  });

  router.get('/admin', (req, res) => render(req, res, { page: 'admin/show' }, page({})));

  router.post('/admin/policy', (req, res) => {
    const result = updatePolicy(ctx.db, ctx.clock, currentAccount(req), req.body);
    if (!result.ok)
      return render(
        req,
        res,
        { page: 'admin/show', fragment: 'admin/policy-form' },
        page({ policyForm: req.body, errors: result.errors }),
        422,
      );
    render(req, res, { page: 'admin/show', fragment: 'admin/policy-form' }, page({ saved: true }));
  });

  router.post('/admin/accounts/:id/roles', (req, res) => {
    const result = updateRoles(ctx.db, ctx.clock, currentAccount(req), Number(req.params.id), req.body);
    if (!result) throw new NotFoundError('No such account');
    const row = accountRows(ctx.db).find((a) => a.id === Number(req.params.id));
    const data = { ...row, allRoles: ROLES, error: result.ok ? undefined : result.errors.roles, saved: result.ok };
    if (req.get('HX-Request') === 'true')
      return render(req, res, { page: 'admin/show', fragment: 'admin/account-row' }, data, result.ok ? 200 : 422);
    if (!result.ok) return render(req, res, { page: 'admin/show' }, page({ rolesError: result.errors.roles }), 422);
    res.redirect(303, '/admin');
  });
  // A rejected account form shows the people matching what was typed again, so the admin picks one at once.
  const accountChoices = (body: unknown) => {
    const typed = (body as { personQuery?: unknown } | undefined)?.personQuery;
    return typeof typed === 'string' && typed.trim() ? peopleMatching(ctx.db, typed, 12) : undefined;
  };
  router.post('/admin/accounts', async (req, res) => {
    const result = await createPersonAccount(ctx.db, ctx.clock, currentAccount(req), req.body);
    if (!result.ok)
      return render(
        req,
        res,
        { page: 'admin/show' },
        page({ accountForm: req.body, accountErrors: result.errors, accountChoices: accountChoices(req.body) }),
        422,
      );
    render(req, res, { page: 'admin/show' }, page({ created: result.value }), 201);
  });

  const importData = () => ({
    title: 'Import people',
    columns: HR_COLUMNS,
    variants: HR_COLUMNS.map((c) => ({ column: c, names: HEADER_VARIANTS[c] })),
  });
  const importPage = { page: 'admin/import', fragment: 'admin/import-result' };
  router.get('/admin/import', (req, res) => render(req, res, importPage, importData()));

  router.post('/admin/import', singleFileUpload('file', HR_UPLOAD_LIMIT), (req, res) => {
    const bytes = uploadedBytes(req);
    if (bytes === undefined)
      return render(req, res, importPage, { ...importData(), fileError: 'Choose a CSV file to import.' }, 422);
    const options = { complete: req.body.complete === 'on', newDepartments: req.body.newDepartments === 'on' };
    const account = currentAccount(req);
    const fileName = req.file?.originalname ?? 'the file';
    const result = previewUpload(ctx.db, bytes, options, account.personId);
    if (!result.ok) return render(req, res, importPage, { ...importData(), ...refusedView(result, fileName) }, 422);
    const pending = { ...result.parsed, preview: result.preview, fileName, actor: actorOf(account) };
    render(req, res, importPage, {
      ...importData(),
      ...previewView(pending, ctx.pendingImports.add(pending), ctx.pendingImports.minutes),
    });
  });

  router.post('/admin/import/:token', (req, res) => {
    const token = String(req.params.token);
    const pending = ctx.pendingImports.get(token, currentAccount(req).id);
    if (!pending) return render(req, res, importPage, { ...importData(), fileError: PREVIEW_GONE }, 404);
    const result = confirmImport(ctx.db, ctx.clock, pending, { deactivations: req.body.confirmDeactivations === 'on' });
    const data = importData();
    if (result.ok) {
      ctx.pendingImports.delete(token);
      return render(req, res, importPage, { ...data, outcome: result.outcome, fileName: pending.fileName });
    }
    if (result.reason === 'needs-deactivation-confirmation')
      return render(
        req,
        res,
        importPage,
        { ...data, ...previewView(pending, token, ctx.pendingImports.minutes), confirmError: CONFIRM_COUNT },
        422,
      );
    ctx.pendingImports.delete(token);
    if (result.reason === 'invalid')
      return render(
        req,
        res,
        importPage,
        { ...data, ...refusedView(result, pending.fileName), notice: DATA_CHANGED },
        409,
      );
    const fresh = { ...pending, preview: result.preview };
    const view = previewView(fresh, ctx.pendingImports.add(fresh), ctx.pendingImports.minutes);
    render(req, res, importPage, { ...data, ...view, notice: DATA_CHANGED }, 409);
  });
  router.get('/admin/people.csv', (_req, res) =>
    sendCsv(res, `people-${ctx.clock.now().toISODate()}.csv`, exportPeopleRows(ctx.db)),
  );
  return router;
}

/** The largest HR file an admin may upload: 50,000 people with long names fit well within it. */
const HR_UPLOAD_LIMIT = 20 * 2 ** 20;
/** How many people of each kind a preview lists before it says "and N more". */
const PREVIEW_LIST_LIMIT = 200;
const PREVIEW_GONE =
  'This preview is no longer waiting: it was applied, it expired, or the app restarted. Upload the file again.';
const DATA_CHANGED =
  'The people changed since this preview was made (another import or edit): nothing was written. Check the preview again against the current data.';
const CONFIRM_COUNT = 'Tick the box to confirm how many people this import deactivates.';

function actorOf(account: Account): PendingImport['actor'] {
  return { userId: account.id, personId: account.personId, label: account.email };
}

function readingView(r: { encoding?: string; delimiter?: string; skippedRows?: number[] }) {
  const skipped = r.skippedRows ?? [];
  const list = skipped.slice(0, 20).join(', ') + (skipped.length > 20 ? ', …' : '');
  return { encoding: r.encoding, delimiter: r.delimiter, skipped: skipped.length, skippedRows: `rows ${list}` };
}

function refusedView(result: Extract<PreviewUploadResult, { ok: false }>, fileName: string) {
  return { errors: result.errors, fileName, reading: readingView(result) };
}

function previewView(pending: PendingImport, token: string, minutes: number) {
  const { preview } = pending;
  const cut = <T>(list: T[]) => list.slice(0, PREVIEW_LIST_LIMIT);
  const more = (list: unknown[]) => Math.max(0, list.length - PREVIEW_LIST_LIMIT);
  return {
    preview,
    token,
    fileName: pending.fileName,
    reading: readingView(preview),
    shown: { created: cut(preview.created), changed: cut(preview.changed), deactivated: cut(preview.deactivated) },
    more: { created: more(preview.created), changed: more(preview.changed), deactivated: more(preview.deactivated) },
    needsDeactivationConfirmation: needsDeactivationConfirmation(preview),
    minutes,
  };
}

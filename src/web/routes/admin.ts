import { Router } from 'express';
import type { AppContext } from '../../app.ts';
import { listAccounts } from '../../db/repos/accounts.ts';
import { getPolicy } from '../../db/repos/policy.ts';
import { ROLES } from '../../domain/account.ts';
import { createPersonAccount, updatePolicy, updateRoles } from '../../services/admin.ts';
import { importHrCsv } from '../../services/hr-import/import-people.ts';
import { HEADER_VARIANTS, HR_COLUMNS } from '../../services/hr-import/parse.ts';
import { currentAccount } from '../auth.ts';
import { NotFoundError } from '../http-errors.ts';
import { render } from '../render.ts';
import { singleFileUpload, uploadedBytes } from '../upload.ts';

/** The admin section: the rotation policy, and accounts with their roles. Gated to admins in role-gates.ts. */
export function adminRoutes(ctx: AppContext): Router {
  const router = Router();
  const page = (extra: Record<string, unknown>) => ({
    title: 'Administration',
    accounts: listAccounts(ctx.db),
    roles: ROLES,
    policy: getPolicy(ctx.db),
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
    const row = listAccounts(ctx.db).find((a) => a.id === Number(req.params.id));
    const data = { ...row, allRoles: ROLES, error: result.ok ? undefined : result.errors.roles, saved: result.ok };
    if (req.get('HX-Request') === 'true')
      return render(req, res, { page: 'admin/show', fragment: 'admin/account-row' }, data, result.ok ? 200 : 422);
    if (!result.ok) return render(req, res, { page: 'admin/show' }, page({ rolesError: result.errors.roles }), 422);
    res.redirect(303, '/admin');
  });
  router.post('/admin/accounts', async (req, res) => {
    const result = await createPersonAccount(ctx.db, ctx.clock, currentAccount(req), req.body);
    if (!result.ok)
      return render(
        req,
        res,
        { page: 'admin/show' },
        page({ accountForm: req.body, accountErrors: result.errors }),
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

  router.post('/admin/import', singleFileUpload('file', 10 * 2 ** 20), (req, res) => {
    const data = importData();
    const bytes = uploadedBytes(req);
    if (bytes === undefined)
      return render(req, res, importPage, { ...data, fileError: 'Choose a CSV file to import.' }, 422);
    const options = { complete: req.body.complete === 'on', newDepartments: req.body.newDepartments === 'on' };
    const result = importHrCsv(ctx.db, ctx.clock, currentAccount(req), bytes, options);
    render(req, res, importPage, { ...data, result, fileName: req.file?.originalname }, result.ok ? 200 : 422);
  });
  return router;
}

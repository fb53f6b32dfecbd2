import { insertAudit, type AuditEntry } from '../../db/repos/audit.ts';
import { deletePin, listPins } from '../../db/repos/pins.ts';
import type { StoredAnswer } from '../../db/repos/plan-runs.ts';
import { savePolicy } from '../../db/repos/policy.ts';
import { findProblem, listProblems, saveProblem } from '../../db/repos/problems.ts';
import { canApplyWayOut } from '../../domain/access.ts';
import type { Account } from '../../domain/account.ts';
import type { WayOutEdit } from '../../domain/way-out-edits.ts';
import type { PlanningDeps } from './deps.ts';
import { findPlanRunById, planRunGoing } from './find-run.ts';
import { startPlanning } from './plan-runs.ts';

/** Why a way out was not applied (nothing was changed): the status to answer with, the field at fault, in words. */
export type WayOutRefusal = { ok: false; status: 403 | 404 | 409 | 422; field?: string; message: string };

/** The infeasible answers a finished run stored: its own, or those of the problems it left out. */
export function runAnswers(outcome: unknown): StoredAnswer[] {
  if (outcome === null || typeof outcome !== 'object') return [];
  const o = outcome as { status?: string; blocked?: StoredAnswer[] };
  if (o.blocked?.length) return o.blocked;
  return o.status === 'infeasible' ? [outcome as StoredAnswer] : [];
}

/** What a way out changes, as the access policy weighs it: the problems it touches, the policy, people's profiles. */
export function wayOutReach(
  edits: WayOutEdit[],
  problems: Map<string, { lead?: string }>,
): { problems: { lead?: string }[]; policy: boolean; profiles: string[] } {
  const touched = new Set(
    edits.flatMap((e) => (e.kind === 'problem' ? [e.problem] : e.kind === 'remove-pin' ? [e.pin.problem] : [])),
  );
  return {
    // A problem that is gone can be changed by nobody but an admin: weigh it as led by no one.
    problems: [...touched].map((id) => problems.get(id) ?? {}),
    policy: edits.some((e) => e.kind === 'policy'),
    profiles: edits.flatMap((e) => (e.kind === 'available' ? [e.person] : [])),
  };
}

/**
 * Applies one verified way out of a finished run (the `wayOut`-th of the answer for `problem`) to the studio's data,
 * then plans the run's months and problems again. The changes are made in one transaction, each with an audit entry,
 * only when the account may make every one of them (a problem's fields and pins: its lead or an admin; the policy:
 * an admin; a person's unavailable months: that person) and no plan is running; otherwise nothing changes.
 */
export function applyWayOut(
  deps: PlanningDeps,
  account: Account,
  runId: number,
  body: { problem?: unknown; wayOut?: unknown },
): { ok: true; runId: number } | WayOutRefusal {
  const { db, clock } = deps;
  const run = findPlanRunById(db, runId);
  if (!run) return { ok: false, status: 404, message: 'No such plan run.' };
  const answer = runAnswers(run.outcome).find((a) => a.problem === body.problem);
  if (!answer)
    return { ok: false, status: 422, field: 'problem', message: 'this run has no infeasible answer for that problem' };
  const k = typeof body.wayOut === 'string' && /^\d{1,4}$/.test(body.wayOut) ? Number(body.wayOut) : -1;
  if (k < 0 || k >= answer.wayOuts.length)
    return { ok: false, status: 422, field: 'wayOut', message: `choose one of the ${answer.wayOuts.length} ways out` };
  const edits = answer.edits?.[k];
  if (!edits)
    return {
      ok: false,
      status: 422,
      field: 'wayOut',
      message: `"${answer.wayOuts[k].text}" cannot be applied from here; make the change by hand`,
    };
  const problems = new Map(listProblems(db).map((p) => [p.id, p]));
  if (!canApplyWayOut(account, wayOutReach(edits, problems)))
    return { ok: false, status: 403, message: refusal(edits) };
  if (edits.some((e) => e.kind === 'available'))
    return { ok: false, status: 422, field: 'wayOut', message: 'ask the person to change their unavailable months' };
  if (planRunGoing(deps))
    return { ok: false, status: 409, message: 'A plan is running; apply this when it has finished.' };
  const pins = new Set(listPins(db).map((p) => `${p.month}|${p.problem}|${p.person}|${p.mode}`));
  for (const e of edits) {
    if (e.kind === 'problem' && !problems.has(e.problem))
      return { ok: false, status: 409, message: `The problem ${e.problem} no longer exists; plan again.` };
    if (e.kind === 'remove-pin' && !pins.has(`${e.pin.month}|${e.pin.problem}|${e.pin.person}|${e.pin.mode}`))
      return { ok: false, status: 409, message: 'That pin is no longer there; plan again.' };
  }
  const at = clock.now().toISO()!;
  const why = `applied the way out "${answer.wayOuts[k].text}" of plan run #${run.id}`;
  db.transaction((tx) => {
    const audit: AuditEntry[] = [];
    for (const e of edits) {
      if (e.kind === 'policy') {
        savePolicy(tx, e.policy, { userId: account.id, at });
        audit.push({ action: 'policy.update', detail: `${why}: rotation policy → ${JSON.stringify(e.policy)}` });
      } else if (e.kind === 'problem') {
        const problem = findProblem(tx, e.problem)!;
        saveProblem(tx, { ...problem, ...e.fields }, at);
        audit.push({ action: 'problem.update', problemId: e.problem, detail: `${why}: ${JSON.stringify(e.fields)}` });
      } else if (e.kind === 'remove-pin') {
        deletePin(tx, e.pin);
        audit.push({
          action: 'pin.remove',
          problemId: e.pin.problem,
          month: e.pin.month,
          personId: e.pin.person,
          detail: why,
        });
      }
    }
    insertAudit(tx, audit, { userId: account.id, at });
  });
  const started = startPlanning(deps, account, {
    months: run.months,
    scope: run.scope === null ? { kind: 'studio' } : { kind: 'problems', ids: run.scope },
  });
  if (!started.ok)
    return {
      ok: false,
      status: started.status,
      message: `The change was made, but the plan could not start: ${started.message}`,
    };
  return { ok: true, runId: started.runId };
}

/** Says which change the account may not make. */
function refusal(edits: WayOutEdit[]): string {
  if (edits.some((e) => e.kind === 'available'))
    return 'Only the person can change their own unavailable months: ask them.';
  if (edits.some((e) => e.kind === 'policy')) return 'Only an admin may change the rotation policy.';
  return 'Only their lead or an admin may change these problems.';
}

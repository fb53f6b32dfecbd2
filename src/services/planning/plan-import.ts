import { insertAudit } from '../../db/repos/audit.ts';
import { listDraftMonths, listPlanMonths, writePlanMonths } from '../../db/repos/cabals.ts';
import { listProblems } from '../../db/repos/problems.ts';
import { getPolicy } from '../../db/repos/policy.ts';
import { problemsBeyondReach } from '../../domain/access.ts';
import type { Account } from '../../domain/account.ts';
import { addMonths, compareMonths, isMonth, monthsBetween, type Month } from '../../domain/month.ts';
import type { PlanMonth, Violation } from '../../domain/plan.ts';
import { checkPlan, parsePlan } from '../../planner/index.ts';
import { membershipMoves } from '../audit.ts';
import type { PlanningDeps } from './deps.ts';
import { namedViolations } from './person-names.ts';
import { describeImported } from './placed-member.ts';
import { buildPlanRequest, nextPlanMonth } from './plan-request.ts';

/** A plan JSON upload that was refused: malformed fields, or the hard rules it breaks. */
export type ImportRefusal = {
  ok: false;
  message: string;
  errors?: { path: string; message: string }[];
  violations?: Violation[];
};

/**
 * Imports an uploaded plan (plan-format JSON) as drafts. It must parse against the plan schema, touch only unpublished
 * months and problems the account may change, and break no hard rule together with the drafts it joins.
 */
export function importPlan(
  deps: PlanningDeps,
  account: Account,
  text: string,
): { ok: true; months: Month[]; cabals: number } | ImportRefusal {
  const { db, clock } = deps;
  if (deps.runs.size > 0)
    return { ok: false, message: 'A plan is running and would overwrite the import; try again when it has finished.' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The file is not JSON: ${(error as Error).message}` };
  }
  const monthsIn = (json as { months?: { month?: unknown }[] })?.months;
  const listed = Array.isArray(monthsIn)
    ? monthsIn
        .map((m) => m?.month)
        .filter(isMonth)
        .sort(compareMonths)
    : [];
  if (listed.length === 0)
    return {
      ok: false,
      message: 'The plan lists no months.',
      errors: [{ path: 'months', message: 'must list at least one month' }],
    };
  const first = listed[0];
  const last = listed.at(-1)!;
  const earliest = nextPlanMonth(db, clock);
  if (compareMonths(first, earliest) < 0)
    return { ok: false, message: `${first} is published (or past); plans can only be imported from ${earliest} on.` };
  const lastDraft = listDraftMonths(db).at(-1);
  const latestStart = lastDraft && compareMonths(lastDraft, earliest) >= 0 ? addMonths(lastDraft, 1) : earliest;
  if (compareMonths(first, latestStart) > 0)
    return {
      ok: false,
      message: `The plan starts at ${first}, leaving the months from ${latestStart} unplanned; start it at ${latestStart} at the latest.`,
    };
  const gap = listed.find((m, k) => k > 0 && monthsBetween(listed[k - 1]!, m) > 1);
  if (gap)
    return { ok: false, message: `The plan skips the month before ${gap}; list every month from ${first} to ${last}.` };
  // Later drafts are checked too: the import changes their carry-over and streaks.
  const policy = getPolicy(db);
  const reach = Math.max(policy.maxConsecutiveMonths, policy.maxConsecutiveMonthsOnProblem) + 1;
  const end =
    lastDraft && compareMonths(lastDraft, last) > 0
      ? monthsBetween(last, lastDraft) > reach
        ? addMonths(last, reach)
        : lastDraft
      : last;
  const request = buildPlanRequest(db, first, monthsBetween(first, end) + 1);
  const parsed = parsePlan(json, request);
  if (!parsed.ok) return { ok: false, message: 'The plan does not match the plan format.', errors: parsed.errors };
  const imported = new Set(parsed.value.months.flatMap((m) => m.cabals.map((c) => c.problem)));
  const foreign = problemsBeyondReach(
    account,
    listProblems(db).filter((p) => imported.has(p.id)),
  );
  if (foreign.length)
    return {
      ok: false,
      message: `You do not lead ${foreign.join(', ')}; only their lead or an admin may change their cabals.`,
    };
  const existing = listPlanMonths(db, { from: first, before: addMonths(end, 1), status: 'draft' });
  const retagged = describeImported(request, existing, parsed.value.months, account.name);
  const merged = mergeMonths(existing, retagged);
  const key = (v: Violation) => `${v.rule}|${v.month}|${v.problem}|${v.detail}`;
  const before = new Set(checkPlan(request, { months: existing }).violations.map(key));
  const violations = checkPlan(request, { months: merged }).violations.filter(
    (v) => imported.has(v.problem) || !before.has(key(v)),
  );
  if (violations.length)
    return {
      ok: false,
      message: 'The plan breaks hard rules, so nothing was imported.',
      violations: namedViolations(db, violations),
    };
  const at = clock.now().toISO()!;
  db.transaction((tx) => {
    writePlanMonths(tx, retagged, 'draft', at, account.id);
    const moves = membershipMoves(
      existing.map((m) => ({ ...m, cabals: m.cabals.filter((c) => imported.has(c.problem)) })),
      retagged,
      'imported plan',
    );
    insertAudit(
      tx,
      [...moves, { action: 'plan.import', detail: `imported ${[...imported].join(', ')} for ${listed.join(', ')}` }],
      { userId: account.id, at },
    );
  });
  return {
    ok: true,
    months: [...new Set(listed)],
    cabals: parsed.value.months.reduce((n, m) => n + m.cabals.length, 0),
  };
}

/** Overlays imported cabals on the drafts of the same months, problem by problem. */
function mergeMonths(existing: PlanMonth[], imported: PlanMonth[]): PlanMonth[] {
  const byMonth = new Map(existing.map((m) => [m.month, new Map(m.cabals.map((c) => [c.problem, c]))]));
  for (const m of imported) {
    const cabals = byMonth.get(m.month) ?? new Map();
    for (const c of m.cabals) cabals.set(c.problem, c);
    byMonth.set(m.month, cabals);
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => compareMonths(a, b))
    .map(([month, cabals]) => ({ month, cabals: [...cabals.values()] }));
}

import fastJsonPatch from 'fast-json-patch';
import type { Month } from './month.ts';
import type { PatchOperation, PlanRequest } from './plan.ts';
import type { Pin, Policy, Problem } from './types.ts';

/** The fields of a problem a way out may change. */
export const WAY_OUT_PROBLEM_FIELDS = [
  'size',
  'minAffected',
  'minOutsiders',
  'minDepartments',
  'carryOver',
  'requiredSkills',
  'startMonth',
  'endMonth',
] as const;

/** New values for some of a problem's planning fields. */
export type ProblemFields = Partial<Pick<Problem, (typeof WAY_OUT_PROBLEM_FIELDS)[number]>>;

/**
 * One change a way out makes to the studio's data, by id rather than by position in a request: a problem's planning
 * fields, the rotation policy, a pin removed, or a month a person had marked unavailable.
 */
export type WayOutEdit =
  | { kind: 'problem'; problem: string; fields: ProblemFields }
  | { kind: 'policy'; policy: Policy }
  | { kind: 'remove-pin'; pin: Pin }
  | { kind: 'available'; person: string; month: Month };

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Reads a way out's JSON Patch (RFC 6902, against `request`) as changes to the studio's data: applies it to a copy
 * with fast-json-patch and compares the two requests by id. Undefined when the patch does not apply, or changes
 * anything a way out cannot be stored as (people's departments, history, the months planned, ...), so that such a way
 * out is only ever shown, never applied.
 */
export function wayOutEdits(request: PlanRequest, patch: PatchOperation[]): WayOutEdit[] | undefined {
  const after = structuredClone(request);
  try {
    fastJsonPatch.applyPatch(after, patch as fastJsonPatch.Operation[], true);
  } catch {
    return undefined;
  }
  const edits: WayOutEdit[] = [];
  const rest = (r: PlanRequest) => ({ ...r, policy: null, problems: null, people: null, pins: null });
  if (!same(rest(request), rest(after))) return undefined;
  if (!same(request.policy, after.policy)) edits.push({ kind: 'policy', policy: after.policy });
  if (request.problems.length !== after.problems.length || request.people.length !== after.people.length)
    return undefined;
  for (let k = 0; k < request.problems.length; k++) {
    const was = request.problems[k];
    const now = after.problems[k];
    const fields: Record<string, unknown> = {};
    for (const key of Object.keys({ ...was, ...now }) as (keyof Problem)[]) {
      if (same(was[key], now[key])) continue;
      if (!(WAY_OUT_PROBLEM_FIELDS as readonly string[]).includes(key)) return undefined;
      fields[key] = now[key];
    }
    if (Object.keys(fields).length > 0) edits.push({ kind: 'problem', problem: was.id, fields });
  }
  for (let k = 0; k < request.people.length; k++) {
    const was = request.people[k];
    const now = after.people[k];
    if (!same({ ...was, unavailable: [] }, { ...now, unavailable: [] })) return undefined;
    const kept = new Set(now.unavailable);
    if (now.unavailable.some((m) => !was.unavailable.includes(m))) return undefined;
    for (const month of new Set(was.unavailable))
      if (!kept.has(month)) edits.push({ kind: 'available', person: was.id, month });
  }
  const key = (pin: Pin) => `${pin.month}|${pin.problem}|${pin.person}|${pin.mode}`;
  const left = new Map<string, number>();
  for (const pin of after.pins) left.set(key(pin), (left.get(key(pin)) ?? 0) + 1);
  for (const pin of request.pins) {
    const n = left.get(key(pin)) ?? 0;
    if (n > 0) left.set(key(pin), n - 1);
    else edits.push({ kind: 'remove-pin', pin });
  }
  if ([...left.values()].some((n) => n > 0)) return undefined;
  return edits.length > 0 ? edits : undefined;
}

import { z } from 'zod';
import { compareMonths } from '../domain/month.ts';
import { DEFAULT_POLICY, PROBLEM_DEFAULTS, defaultCarryOver, type Problem, type SkillLevels } from '../domain/types.ts';
import { skillLevelsFrom, skillNameProblem } from '../domain/skills.ts';
import { RULE_NAMES, type Plan, type PlanRequest } from '../domain/plan.ts';

// A regex rather than a refinement, so that the JSON Schema carries the pattern too.
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM');
const id = z.string().min(1, 'must not be empty');

/** The largest cabal size, quota or carry-over a request may ask for (a cabal is a small group; 30 is the form's cap). */
export const MAX_CABAL_COUNT = 1000;
/** The largest consecutive-month limit: a hundred years, far beyond any horizon. */
export const MAX_STREAK_LIMIT = 1200;
/** The largest weight of a soft goal; larger ones would overflow the objective. */
export const MAX_WEIGHT = 1e6;

const count = z.number().int().min(0).max(MAX_CABAL_COUNT);
const range = z.object({ min: count, max: count });

const weightsSchema = z.object({
  fairness: z.number().min(0).max(MAX_WEIGHT).default(1),
  freshness: z.number().min(0).max(MAX_WEIGHT).default(1),
  skillFit: z.number().min(0).max(MAX_WEIGHT).default(1),
  network: z.number().min(0).max(MAX_WEIGHT).default(1),
});

const policySchema = z.object({
  maxConsecutiveMonths: z.number().int().min(1).max(MAX_STREAK_LIMIT).default(DEFAULT_POLICY.maxConsecutiveMonths),
  maxConsecutiveMonthsOnProblem: z
    .number()
    .int()
    .min(1)
    .max(MAX_STREAK_LIMIT)
    .default(DEFAULT_POLICY.maxConsecutiveMonthsOnProblem),
  weights: weightsSchema.default({ ...DEFAULT_POLICY.weights }),
});

const skillLevelSchema = z.number().int().min(1).max(3);

// The skill-name rule every entry point shares (src/domain/skills.ts). Names are kept as written: the planner matches
// them exactly, as its callers (the web app normalises them first) send them.
const skillName = z.string().superRefine((name, ctx) => {
  const wrong = skillNameProblem(name);
  if (wrong !== undefined) ctx.addIssue({ code: 'custom', message: wrong });
});

const personSchema = z.object({
  id,
  name: z.string(),
  department: id,
  grade: z.string().optional(),
  title: z.string().optional(),
  location: z.string().optional(),
  timeZone: z.string().optional(),
  email: z.string().optional(),
  skills: z.record(z.string().min(1), skillLevelSchema).default({}),
  interests: z.array(z.string()).optional(),
  unavailable: z.array(month).default([]),
});

const problemSchema = z.object({
  id,
  title: z.string(),
  description: z.string().optional(),
  lead: z.string().optional(),
  affectedDepartments: z.array(id).default([]),
  affectedPeople: z.array(id).default([]),
  requiredSkills: z
    .array(z.object({ skill: skillName, minLevel: z.number().int().min(1).max(3).default(1) }))
    .default([]),
  size: range.default({ ...PROBLEM_DEFAULTS.size }),
  minAffected: count.default(PROBLEM_DEFAULTS.minAffected),
  minOutsiders: count.default(PROBLEM_DEFAULTS.minOutsiders),
  minDepartments: count.default(PROBLEM_DEFAULTS.minDepartments),
  // Its default depends on size, so it is filled in after parsing.
  carryOver: range.optional(),
  startMonth: month.optional(),
  endMonth: month.optional(),
  status: z.enum(['draft', 'active', 'closed']).optional(),
});

/** The zod schema of a plan request, with the documented defaults (cross-references are checked separately). */
export const planRequestSchema = z.object({
  startMonth: month,
  months: z.number().int().min(1).max(120).default(12),
  seed: z.number().int().default(1),
  policy: policySchema.default({ ...DEFAULT_POLICY, weights: { ...DEFAULT_POLICY.weights } }),
  departments: z.array(z.object({ id, name: z.string() })),
  people: z.array(personSchema),
  problems: z.array(problemSchema),
  history: z.array(z.object({ month, problem: id, members: z.array(id) })).default([]),
  pins: z.array(z.object({ month, problem: id, person: id, mode: z.enum(['include', 'exclude']) })).default([]),
});

const tagSchema = z
  .string()
  .refine((t) => ['affected', 'outsider', 'carry-over', 'pinned'].includes(t) || /^skill:.+/.test(t), {
    message: 'must be affected, outsider, carry-over, pinned or skill:<name>',
  });

/** The zod schema of a planned rotation, used to validate imported plans. */
export const planSchema = z.object({
  status: z.literal('planned'),
  months: z.array(
    z.object({
      month,
      cabals: z.array(
        z.object({
          problem: id,
          members: z.array(z.object({ person: id, tags: z.array(tagSchema), why: z.string().default('') })),
        }),
      ),
    }),
  ),
  quality: z
    .object({
      violations: z.number(),
      servedShare: z.number(),
      maxMonthsServed: z.number(),
      gini: z.number(),
      meanSkillFit: z.number(),
      newPairShare: z.number(),
    })
    .optional(),
});

const wayOutSchema = z.object({
  text: z.string(),
  patch: z.array(
    z.object({ op: z.enum(['add', 'remove', 'replace']), path: z.string(), value: z.unknown().optional() }),
  ),
  rules: z.array(z.enum(RULE_NAMES)),
});

/** The zod schema of the infeasible answer (status 2): a proven conflict with verified ways out as JSON Patches. */
export const infeasibleSchema = z.object({
  status: z.literal('infeasible'),
  month,
  problem: id,
  conflict: z.array(
    z.object({
      rule: z.enum(RULE_NAMES),
      detail: z.string(),
      wayOut: z.string().optional(),
      wayOuts: z.array(wayOutSchema).optional(),
    }),
  ),
  wayOuts: z.array(wayOutSchema).optional(),
  noSingleChange: z.boolean().optional(),
  message: z.string(),
});

/** The zod schema of the undecided answer (status 3): neither a plan nor a proof within the planner's budget. */
export const undecidedSchema = z.object({
  status: z.literal('undecided'),
  month,
  problem: id,
  message: z.string(),
});

/** JSON Schemas of the request, the plan, the infeasible and the undecided answers, for tools outside this code base. */
export function planJsonSchemas(): { request: unknown; plan: unknown; infeasible: unknown; undecided: unknown } {
  return {
    request: z.toJSONSchema(planRequestSchema, { io: 'input' }),
    plan: z.toJSONSchema(planSchema, { io: 'input' }),
    infeasible: z.toJSONSchema(infeasibleSchema, { io: 'input' }),
    undecided: z.toJSONSchema(undecidedSchema, { io: 'input' }),
  };
}

/** A validation error: the offending field's path and what is wrong with it. */
export interface FieldError {
  path: string;
  message: string;
}

/** Formats a zod path the way the plan format's messages do, e.g. `people[12].department`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Renders field errors as the lines the command prints, e.g. `people[12].department: unknown department "artt"`. */
export function formatErrors(errors: FieldError[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n');
}

/** Parses and validates a plan request: shape, documented defaults, then cross-references between its parts. */
export function parsePlanRequest(
  json: unknown,
): { ok: true; value: PlanRequest } | { ok: false; errors: FieldError[] } {
  const parsed = planRequestSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  }
  const raw = parsed.data;
  const skillErrors: FieldError[] = [];
  const people = raw.people.map((p, i) => ({ ...p, skills: ownSkills(json, i, skillErrors) }));
  if (skillErrors.length > 0) return { ok: false, errors: skillErrors };
  const problems: Problem[] = raw.problems.map((p) => {
    const { status: _status, carryOver, startMonth, ...rest } = p;
    const problem: Problem = {
      ...rest,
      carryOver: carryOver ?? defaultCarryOver(p.size),
      startMonth: startMonth ?? raw.startMonth,
    };
    if (problem.endMonth === undefined) delete problem.endMonth;
    return problem;
  });
  const request: PlanRequest = { ...raw, people, problems };
  const errors = crossReferenceErrors(request);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: request };
}

/**
 * A person's skills rebuilt from the input's own keys. zod writes records with plain assignment, which drops a skill
 * named `__proto__`; every name here becomes an own key of an object without a prototype.
 */
function ownSkills(json: unknown, i: number, errors: FieldError[]): SkillLevels {
  const raw = (json as { people: { skills?: unknown }[] }).people[i].skills;
  if (raw === undefined || raw === null || typeof raw !== 'object') return skillLevelsFrom([]);
  const entries: [string, number][] = [];
  for (const [name, level] of Object.entries(raw)) {
    const wrong = skillNameProblem(name);
    if (wrong !== undefined) {
      errors.push({ path: `people[${i}].skills.${name}`, message: wrong });
      continue;
    }
    const checked = skillLevelSchema.safeParse(level);
    if (checked.success) entries.push([name, checked.data]);
    else errors.push({ path: `people[${i}].skills.${name}`, message: checked.error.issues[0].message });
  }
  return skillLevelsFrom(entries);
}

/** Validates an imported plan's shape and that it only names people, problems and months of the request. */
export function parsePlan(
  json: unknown,
  request: PlanRequest,
): { ok: true; value: Plan } | { ok: false; errors: FieldError[] } {
  const parsed = planSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  }
  const people = new Set(request.people.map((p) => p.id));
  const problems = new Set(request.problems.map((p) => p.id));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  parsed.data.months.forEach((m, mi) =>
    m.cabals.forEach((c, ci) => {
      if (seen.has(`${m.month}|${c.problem}`)) {
        errors.push({
          path: `months[${mi}].cabals[${ci}].problem`,
          message: `a second cabal for "${c.problem}" in ${m.month}`,
        });
      }
      seen.add(`${m.month}|${c.problem}`);
      const inCabal = new Set<string>();
      c.members.forEach((member, k) => {
        if (inCabal.has(member.person)) {
          errors.push({
            path: `months[${mi}].cabals[${ci}].members[${k}].person`,
            message: `"${member.person}" is listed twice`,
          });
        }
        inCabal.add(member.person);
      });
      if (!problems.has(c.problem)) {
        errors.push({ path: `months[${mi}].cabals[${ci}].problem`, message: `unknown problem "${c.problem}"` });
      }
      c.members.forEach((member, k) => {
        if (!people.has(member.person)) {
          errors.push({
            path: `months[${mi}].cabals[${ci}].members[${k}].person`,
            message: `unknown person "${member.person}"`,
          });
        }
      });
    }),
  );
  if (errors.length > 0) return { ok: false, errors };
  const quality = parsed.data.quality ?? {
    violations: 0,
    servedShare: 0,
    maxMonthsServed: 0,
    gini: 0,
    meanSkillFit: 0,
    newPairShare: 0,
  };
  return { ok: true, value: { ...parsed.data, quality } as Plan };
}

function crossReferenceErrors(request: PlanRequest): FieldError[] {
  const errors: FieldError[] = [];
  const add = (path: string, message: string): void => void errors.push({ path, message });
  const departments = duplicates(request.departments, 'departments', add);
  const people = duplicates(request.people, 'people', add);
  const problems = duplicates(request.problems, 'problems', add);
  request.people.forEach((p, i) => {
    if (!departments.has(p.department)) add(`people[${i}].department`, `unknown department "${p.department}"`);
  });
  request.problems.forEach((p, i) => {
    const at = `problems[${i}]`;
    p.affectedDepartments.forEach((d, k) => {
      if (!departments.has(d)) add(`${at}.affectedDepartments[${k}]`, `unknown department "${d}"`);
    });
    p.affectedPeople.forEach((person, k) => {
      if (!people.has(person)) add(`${at}.affectedPeople[${k}]`, `unknown person "${person}"`);
    });
    if (p.lead !== undefined && p.lead !== '' && !people.has(p.lead)) add(`${at}.lead`, `unknown person "${p.lead}"`);
    if (p.size.min > p.size.max) add(`${at}.size`, `min ${p.size.min} is greater than max ${p.size.max}`);
    if (p.size.max < 1) add(`${at}.size.max`, 'must be at least 1');
    if (p.carryOver.min > p.carryOver.max) {
      add(`${at}.carryOver`, `min ${p.carryOver.min} is greater than max ${p.carryOver.max}`);
    } else if (p.carryOver.min > p.size.max) {
      add(`${at}.carryOver.min`, `${p.carryOver.min} is greater than the maximum size ${p.size.max}`);
    }
    if (p.endMonth !== undefined && compareMonths(p.endMonth, p.startMonth) < 0) {
      add(`${at}.endMonth`, `${p.endMonth} is before the start month ${p.startMonth}`);
    }
  });
  request.history.forEach((h, i) => {
    if (compareMonths(h.month, request.startMonth) >= 0) {
      add(
        `history[${i}].month`,
        `${h.month} is not before the start month ${request.startMonth}; history is published months only`,
      );
    }
    if (!problems.has(h.problem)) add(`history[${i}].problem`, `unknown problem "${h.problem}"`);
    const listed = new Map<string, number>();
    h.members.forEach((m, k) => {
      if (!people.has(m)) add(`history[${i}].members[${k}]`, `unknown person "${m}"`);
      const first = listed.get(m);
      if (first !== undefined) add(`history[${i}].members[${k}]`, `"${m}" is listed twice (also members[${first}])`);
      else listed.set(m, k);
    });
  });
  // A person sits on one cabal a month, in history as in the plan.
  const seatedIn = new Map<string, string>();
  request.history.forEach((h, i) =>
    h.members.forEach((m, k) => {
      const key = `${h.month}|${m}`;
      const other = seatedIn.get(key);
      if (other === undefined) seatedIn.set(key, `history[${i}] (${h.problem})`);
      else if (!other.startsWith(`history[${i}] `)) {
        add(`history[${i}].members[${k}]`, `"${m}" also sits on ${other} in ${h.month}; one cabal a month`);
      }
    }),
  );
  const seenHistory = new Map<string, number>();
  request.history.forEach((h, i) => {
    const key = `${h.month}|${h.problem}`;
    const first = seenHistory.get(key);
    if (first !== undefined)
      add(`history[${i}]`, `duplicate cabal for ${h.problem} in ${h.month} (also history[${first}])`);
    else seenHistory.set(key, i);
  });
  const seenPins = new Map<string, number>();
  request.pins.forEach((pin, i) => {
    if (!problems.has(pin.problem)) add(`pins[${i}].problem`, `unknown problem "${pin.problem}"`);
    if (!people.has(pin.person)) add(`pins[${i}].person`, `unknown person "${pin.person}"`);
    const key = `${pin.month}|${pin.problem}|${pin.person}`;
    const first = seenPins.get(key);
    if (first !== undefined && request.pins[first].mode !== pin.mode) {
      add(
        `pins[${i}]`,
        `contradicts pins[${first}]: ${pin.person} is both included in and excluded from ${pin.problem} in ${pin.month}`,
      );
    } else if (first === undefined) seenPins.set(key, i);
  });
  return errors;
}

function duplicates(items: { id: string }[], field: string, add: (path: string, message: string) => void): Set<string> {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first !== undefined) add(`${field}[${i}].id`, `duplicate id "${item.id}" (also ${field}[${first}])`);
    else seen.set(item.id, i);
  });
  return new Set(seen.keys());
}

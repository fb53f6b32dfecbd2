import { z } from 'zod';
import { isMonth } from '../../domain/month.ts';
import { normaliseSkillName, skillNameProblem } from '../../domain/skills.ts';
import type { ProblemInput } from '../../services/problems.ts';

/** Field name → the message shown beside that field. */
export type FieldErrors = Record<string, string>;

const whole = (label: string, min: number, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .regex(/^\d+$/, `${label} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${label} must be at least ${min}`).max(max, `${label} must be at most ${max}`));

/** A whole number that may be left blank (or left out), meaning "use the default". */
const optionalWhole = (label: string, min: number, max: number) =>
  z.preprocess(
    (v) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? undefined : v),
    whole(label, min, max).optional(),
  );

const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean));

const monthField = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .refine(isMonth, `${label} must be a month (YYYY-MM)`);

const skillRow = z.object({ skill: z.string().trim().default(''), minLevel: z.string().trim().default('1') });

const schema = z
  .object({
    title: z
      .string({ error: 'Title is required' })
      .trim()
      .min(3, 'Title needs at least 3 characters')
      .max(120, 'Title is at most 120 characters'),
    description: z.string().trim().max(4000, 'Description is at most 4000 characters').default(''),
    affectedDepartments: list,
    affectedPeople: list,
    skills: z.array(skillRow).default([]),
    sizeMin: whole('Minimum size', 1, 30),
    sizeMax: whole('Maximum size', 1, 30),
    minAffected: whole('Minimum affected', 0, 30),
    minOutsiders: whole('Minimum outsiders', 0, 30),
    minDepartments: whole('Minimum departments', 1, 30),
    carryOverMin: optionalWhole('Minimum carry-over', 0, 30),
    carryOverMax: optionalWhole('Maximum carry-over', 0, 30),
    startMonth: monthField('Start month'),
    endMonth: z.union([z.literal(''), monthField('End month')]).default(''),
    status: z.enum(['draft', 'active'], { message: 'Status must be draft or active' }).default('active'),
  })
  .superRefine((f, ctx) => {
    const at = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (f.sizeMin > f.sizeMax) at('sizeMax', 'Maximum size must be at least the minimum size');
    if (f.minAffected + f.minOutsiders > f.sizeMax) {
      at(
        'minOutsiders',
        `Affected (${f.minAffected}) plus outsiders (${f.minOutsiders}) exceed the maximum size ${f.sizeMax}`,
      );
    }
    if (f.minAffected > 0 && f.affectedDepartments.length === 0 && f.affectedPeople.length === 0) {
      at(
        'affectedDepartments',
        `Pick the affected departments or people: the cabal needs ${f.minAffected} affected members`,
      );
    }
    if (f.minDepartments > f.sizeMax)
      at('minDepartments', `Cannot need more departments than the maximum size ${f.sizeMax}`);
    const coMin = f.carryOverMin ?? 2;
    const coMax = f.carryOverMax ?? Math.ceil(f.sizeMax / 2);
    if (coMin > coMax) at('carryOverMax', 'Maximum carry-over must be at least the minimum carry-over');
    if (coMax > f.sizeMax) at('carryOverMax', `Carry-over cannot exceed the maximum size ${f.sizeMax}`);
    if (f.endMonth !== '' && f.endMonth < f.startMonth) at('endMonth', 'End month must not be before the start month');
    f.skills.forEach((row, i) => {
      if (row.skill === '') return;
      const wrong = skillNameProblem(row.skill);
      if (wrong !== undefined) at(`skills.${i}.skill`, wrong[0].toUpperCase() + wrong.slice(1));
      if (!/^[1-3]$/.test(row.minLevel)) at(`skills.${i}.minLevel`, 'Level must be 1, 2 or 3');
    });
    // Names as profiles store them ("Level Design" is "level-design"), checked by row so the error sits on its row.
    const names = f.skills.map((r) => normaliseSkillName(r.skill));
    names.forEach((n, i) => {
      if (n !== '' && names.indexOf(n) !== i) at(`skills.${i}.skill`, `${n} is listed twice`);
    });
  });

/** Parses the problem form into a problem input, or returns a message for each field that is wrong. */
export function parseProblemForm(
  body: unknown,
  known: { departments: string[] },
): { ok: true; value: ProblemInput } | { ok: false; errors: FieldErrors } {
  const parsed = schema.safeParse(body ?? {});
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join('.') || 'form';
      errors[key] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const f = parsed.data;
  const unknown = f.affectedDepartments.filter((d) => !known.departments.includes(d));
  if (unknown.length)
    return { ok: false, errors: { affectedDepartments: `Unknown department: ${unknown.join(', ')}` } };
  return {
    ok: true,
    value: {
      title: f.title,
      description: f.description,
      affectedDepartments: [...new Set(f.affectedDepartments)],
      affectedPeople: [...new Set(f.affectedPeople)],
      requiredSkills: f.skills
        .filter((r) => r.skill !== '')
        .map((r) => ({ skill: normaliseSkillName(r.skill), minLevel: Number(r.minLevel) })),
      size: { min: f.sizeMin, max: f.sizeMax },
      minAffected: f.minAffected,
      minOutsiders: f.minOutsiders,
      minDepartments: f.minDepartments,
      carryOver: { min: f.carryOverMin ?? 2, max: f.carryOverMax ?? Math.ceil(f.sizeMax / 2) },
      startMonth: f.startMonth,
      endMonth: f.endMonth === '' ? undefined : f.endMonth,
      status: f.status,
    },
  };
}

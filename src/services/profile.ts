import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { findPerson, type PersonRecord } from '../db/repos/people.ts';
import { knownSkillNames, saveSelfOwnedProfile, seatMonthsOf, type SelfOwnedProfile } from '../db/repos/profile.ts';
import { reindexPeople } from '../db/repos/search.ts';
import { currentMonth, type Clock } from '../domain/clock.ts';
import { addMonths, isMonth, monthRange, type Month } from '../domain/month.ts';
import { normaliseSkillName, skillLevelsFrom, skillNameProblem } from '../domain/skills.ts';

/** How many months ahead the profile form offers to mark unavailable. */
export const UNAVAILABLE_HORIZON = 12;

const MAX_SKILLS = 30;
const MAX_INTERESTS = 30;

/** The profile form as submitted (or as first shown): every field a string, so it can be re-rendered as typed. */
export interface ProfileFormValues {
  timeZone: string;
  skills: { name: string; level: string }[];
  interests: string;
  unavailable: string[];
}

/** Field errors keyed by field: `timeZone`, `interests`, `unavailable`, `skills`, `skills.<row>.name|level`. */
export type ProfileErrors = Record<string, string>;

// Forms send one value as a string, several as an array, and qs turns indexed fields past 20 into an object.
const toList = (v: unknown): unknown[] =>
  v === undefined || v === ''
    ? []
    : Array.isArray(v)
      ? v
      : typeof v === 'object' && v !== null
        ? Object.values(v)
        : [v];

const normaliseSkill = normaliseSkillName;
const sentence = (phrase: string) => phrase[0].toUpperCase() + phrase.slice(1);
const splitInterests = (s: string) => [
  ...new Set(
    s
      .split(',')
      .map((t) => t.trim().replace(/\s+/g, ' ').toLowerCase())
      .filter(Boolean),
  ),
];

function profileSchema(current: Month) {
  const last = addMonths(current, 23);
  return z
    .object({
      timeZone: z
        .string({ error: 'Choose a time zone' })
        .trim()
        .min(1, 'Choose a time zone')
        .refine((v) => IANAZone.isValidZone(v), 'Not a known time zone; use a name such as Europe/Stockholm'),
      skills: z.preprocess(
        toList,
        z
          .array(z.object({ name: z.string().default(''), level: z.string().default('') }))
          .max(MAX_SKILLS + 5, `At most ${MAX_SKILLS} skills`),
      ),
      interests: z
        .string()
        .max(2000, 'Too long')
        .default('')
        .transform(splitInterests)
        .pipe(
          z
            .array(z.string().max(40, 'Each interest is at most 40 characters'))
            .max(MAX_INTERESTS, `At most ${MAX_INTERESTS} interests`),
        ),
      unavailable: z.preprocess(
        toList,
        z.array(
          z
            .string()
            .refine(isMonth, 'Not a month (YYYY-MM)')
            .refine((m) => m >= current && m <= last, 'Pick months from this month to two years ahead'),
        ),
      ),
    })
    .superRefine((form, ctx) => {
      const seen = new Set<string>();
      let count = 0;
      form.skills.forEach((row, i) => {
        const name = normaliseSkill(row.name);
        const level = row.level.trim();
        if (!name && !level) return;
        count++;
        if (!name)
          ctx.addIssue({ code: 'custom', path: ['skills', i, 'name'], message: 'Name the skill, or clear its level' });
        else if (skillNameProblem(name) !== undefined)
          ctx.addIssue({ code: 'custom', path: ['skills', i, 'name'], message: sentence(skillNameProblem(name)!) });
        else if (seen.has(name)) ctx.addIssue({ code: 'custom', path: ['skills', i, 'name'], message: 'Listed twice' });
        seen.add(name);
        if (!['1', '2', '3'].includes(level))
          ctx.addIssue({ code: 'custom', path: ['skills', i, 'level'], message: 'Choose a level: 1, 2 or 3' });
      });
      if (count > MAX_SKILLS)
        ctx.addIssue({ code: 'custom', path: ['skills'], message: `At most ${MAX_SKILLS} skills` });
    });
}

/** Reads the submitted values back as strings, so a rejected form re-renders exactly as typed. */
export function profileFormValues(body: Record<string, unknown>): ProfileFormValues {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    timeZone: str(body.timeZone),
    skills: toList(body.skills).map((r) => {
      const row = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
      return { name: str(row.name), level: str(row.level) };
    }),
    interests: str(body.interests),
    unavailable: toList(body.unavailable).filter((m): m is string => typeof m === 'string'),
  };
}

/**
 * Validates the self-owned part of a profile form; errors come back as values keyed by field.
 * The months a person may mark run from the current month, so past availability is never rewritten here.
 */
export function parseProfileForm(
  body: Record<string, unknown>,
  current: Month,
): { ok: true; value: SelfOwnedProfile } | { ok: false; errors: ProfileErrors } {
  const parsed = profileSchema(current).safeParse(body);
  if (!parsed.success) {
    const errors: ProfileErrors = {};
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      const key = path[0] === 'skills' && path.length >= 3 ? path.slice(0, 3).join('.') : (path[0] ?? 'form');
      errors[key] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const { timeZone, skills, interests, unavailable } = parsed.data;
  // Skill names are user-supplied ("__proto__" included): build them as own keys, never by assignment.
  const levels = skillLevelsFrom(
    skills
      .filter((row) => row.name.trim())
      .map((row): [string, number] => [normaliseSkill(row.name), Number(row.level)]),
  );
  return { ok: true, value: { timeZone, skills: levels, interests, unavailable: [...new Set(unavailable)].sort() } };
}

/** What saving a profile tells the person: months they marked but already hold a seat in. */
export interface ProfileSaved {
  publishedSeats: Month[];
  draftSeats: Month[];
}

/**
 * Saves a person's own skills, interests, time zone and unavailable months in one transaction, with their row of the
 * people search index; earlier unavailable months are kept as history. The planner reads these from its next run on.
 */
export function updateOwnProfile(db: Db, clock: Clock, personId: string, profile: SelfOwnedProfile): ProfileSaved {
  const month = currentMonth(clock);
  return db.transaction((tx) => {
    const person = findPerson(tx, personId);
    if (!person) throw new Error(`profile: no person ${personId}`);
    const past = person.unavailable.filter((m) => m < month);
    const unavailable = [...new Set([...past, ...profile.unavailable])].sort();
    saveSelfOwnedProfile(tx, personId, { ...profile, unavailable }, clock.now().toISO()!);
    reindexPeople(tx, [personId]);
    const seats = seatMonthsOf(tx, personId, profile.unavailable);
    return {
      publishedSeats: seats.filter((s) => s.status === 'published').map((s) => s.month),
      draftSeats: seats.filter((s) => s.status === 'draft').map((s) => s.month),
    };
  });
}

/** One row of the skills table on the form, with its errors beside it. */
export interface SkillRow {
  index: number;
  /** 1-based, for labels. */
  number: number;
  name: string;
  level: string;
  nameError?: string;
  levelError?: string;
}

/** Everything the profile page shows: the HR-owned fields, and the form with its values, choices and errors. */
export interface ProfileView {
  person: PersonRecord;
  /** When HR last updated the person, as a date for people to read. */
  hrUpdated: string | undefined;
  form: {
    timeZone: string;
    interests: string;
    skills: SkillRow[];
    months: { month: Month; checked: boolean; seat?: 'draft' | 'published' }[];
  };
  errors: ProfileErrors;
  knownSkills: string[];
  timeZones: string[];
}

const BLANK_SKILL_ROWS = 3;

/** Builds the profile page for a person, from their stored profile or from a rejected submission. */
export function profileView(
  db: Db,
  clock: Clock,
  personId: string,
  submitted?: { values: ProfileFormValues; errors: ProfileErrors },
): ProfileView | undefined {
  const person = findPerson(db, personId);
  if (!person) return undefined;
  const month = currentMonth(clock);
  const values: ProfileFormValues = submitted?.values ?? {
    timeZone: person.timeZone,
    skills: Object.entries(person.skills)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, level]) => ({ name, level: String(level) })),
    interests: person.interests.join(', '),
    unavailable: person.unavailable,
  };
  const errors = submitted?.errors ?? {};
  const filled = values.skills.filter((r) => r.name || r.level);
  const skills: SkillRow[] = [
    ...filled,
    ...Array.from({ length: BLANK_SKILL_ROWS }, () => ({ name: '', level: '' })),
  ].map((r, index) => ({
    index,
    number: index + 1,
    ...r,
    nameError: errors[`skills.${values.skills.indexOf(r)}.name`],
    levelError: errors[`skills.${values.skills.indexOf(r)}.level`],
  }));
  const horizon = monthRange(month, UNAVAILABLE_HORIZON);
  const extra = values.unavailable.filter((m) => isMonth(m) && m >= month && !horizon.includes(m));
  const choices = [...horizon, ...extra].sort();
  const seats = new Map(seatMonthsOf(db, personId, choices).map((s) => [s.month, s.status]));
  const hrUpdated = person.hrUpdatedAt ? DateTime.fromISO(person.hrUpdatedAt, { zone: 'utc' }) : undefined;
  return {
    person,
    hrUpdated: hrUpdated?.isValid ? hrUpdated.toFormat('d LLLL yyyy') : undefined,
    form: {
      timeZone: values.timeZone,
      interests: values.interests,
      skills,
      months: choices.map((m) => ({ month: m, checked: values.unavailable.includes(m), seat: seats.get(m) })),
    },
    errors,
    knownSkills: knownSkillNames(db),
    timeZones: Intl.supportedValuesOf('timeZone'),
  };
}

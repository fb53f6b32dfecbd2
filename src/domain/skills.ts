import type { Person, RequiredSkill, SkillLevels } from './types.ts';

/**
 * A person's level in a skill, 0 when they lack it. Skill names are user-supplied, so only the object's own
 * properties count: `constructor`, `toString` or `__proto__` are skills like any other, never inherited members.
 */
export function skillLevel(skills: SkillLevels, skill: string): number {
  if (!Object.hasOwn(skills, skill)) return 0;
  const level = skills[skill];
  return typeof level === 'number' ? level : 0;
}

/** Tells whether a person holds a required skill at or above its level: the one "holds a skill at a level" test. */
export function holdsSkill(person: Pick<Person, 'skills'>, required: RequiredSkill): boolean {
  return skillLevel(person.skills, required.skill) >= required.minLevel;
}

/** A person's mean level over a list of required skills (0 for each they lack); 0 for an empty list. */
export function meanLevel(person: Pick<Person, 'skills'>, required: readonly RequiredSkill[]): number {
  if (required.length === 0) return 0;
  let sum = 0;
  for (const r of required) sum += skillLevel(person.skills, r.skill);
  return sum / required.length;
}

/** Builds skill levels from entries as an object without a prototype, so that any name is an ordinary own key. */
export function skillLevelsFrom(entries: Iterable<[string, number]>): SkillLevels {
  const skills = Object.create(null) as SkillLevels;
  for (const [name, level] of entries) {
    Object.defineProperty(skills, name, { value: level, enumerable: true, writable: true, configurable: true });
  }
  return skills;
}

/**
 * A skill name as Cabal stores it, whoever typed it (a profile, a problem's required skills): trimmed, lower case,
 * runs of spaces as one dash ("  Level Design " → "level-design"), so that a problem and a profile name a skill alike.
 */
export function normaliseSkillName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '-');
}

/** The longest skill name Cabal keeps, in characters, once normalised. */
export const SKILL_NAME_MAX = 40;

const SKILL_NAME_CHARACTERS = /^[a-z0-9_][a-z0-9_+#./-]*$/;

/**
 * The one rule for a skill name, wherever it is typed or read (the profile form, the problem form, a plan request's
 * people and required skills): once normalised (`normaliseSkillName`), it is 1 to 40 lower-case letters, digits and
 * `_ - + # . /`, starting with a letter, a digit or `_`. Returns what is wrong as a phrase a field error can carry ("a skill name may hold only ..."), or
 * undefined when the name is fine. Names such as `__proto__` pass: every reader keeps skill names as own keys.
 */
export function skillNameProblem(name: string): string | undefined {
  const normalised = normaliseSkillName(name);
  if (normalised === '') return 'a skill name must not be empty';
  if (normalised.length > SKILL_NAME_MAX) return `a skill name is at most ${SKILL_NAME_MAX} characters`;
  if (!SKILL_NAME_CHARACTERS.test(normalised)) {
    return 'a skill name may hold only letters, digits and _ - + # . /, and starts with a letter, a digit or _';
  }
  return undefined;
}

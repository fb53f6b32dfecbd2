import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import {
  cabalMembers,
  cabals,
  people,
  personInterests,
  personSkills,
  personUnavailableMonths,
  problemRequiredSkills,
} from '../schema.ts';
import type { Month } from '../../domain/month.ts';
import type { SkillLevels } from '../../domain/types.ts';

/** The fields a person owns on their profile (the HR import owns the rest). */
export interface SelfOwnedProfile {
  timeZone: string;
  skills: SkillLevels;
  interests: string[];
  unavailable: Month[];
}

/** Replaces a person's self-owned fields; call inside a transaction so the profile changes all at once. */
export function saveSelfOwnedProfile(tx: Conn, personId: string, profile: SelfOwnedProfile, at: string): void {
  tx.update(people).set({ timeZone: profile.timeZone, profileUpdatedAt: at }).where(eq(people.id, personId)).run();
  tx.delete(personSkills).where(eq(personSkills.personId, personId)).run();
  const skills = Object.entries(profile.skills).map(([skill, level]) => ({ personId, skill, level }));
  if (skills.length) tx.insert(personSkills).values(skills).run();
  tx.delete(personInterests).where(eq(personInterests.personId, personId)).run();
  if (profile.interests.length)
    tx.insert(personInterests)
      .values(profile.interests.map((interest) => ({ personId, interest })))
      .run();
  tx.delete(personUnavailableMonths).where(eq(personUnavailableMonths.personId, personId)).run();
  if (profile.unavailable.length)
    tx.insert(personUnavailableMonths)
      .values(profile.unavailable.map((month) => ({ personId, month })))
      .run();
}

/** Every skill name the studio knows (held by someone or required by a problem), for the profile form's suggestions. */
export function knownSkillNames(db: Conn): string[] {
  const held = db.selectDistinct({ skill: personSkills.skill }).from(personSkills).all();
  const required = db.selectDistinct({ skill: problemRequiredSkills.skill }).from(problemRequiredSkills).all();
  return [...new Set([...held, ...required].map((r) => r.skill))].sort();
}

/** The months among the given ones in which a person holds a seat, with the cabal's status. */
export function seatMonthsOf(
  db: Conn,
  personId: string,
  months: Month[],
): { month: Month; status: 'draft' | 'published' }[] {
  if (months.length === 0) return [];
  return db
    .select({ month: cabals.month, status: cabals.status })
    .from(cabalMembers)
    .innerJoin(cabals, eq(cabals.id, cabalMembers.cabalId))
    .where(and(eq(cabalMembers.personId, personId), inArray(cabals.month, months)))
    .orderBy(asc(cabals.month))
    .all();
}

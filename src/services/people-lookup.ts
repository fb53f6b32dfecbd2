import type { Db } from '../db/client.ts';
import { listDepartments, listSkillNames, namesOf, searchPeople, type PersonHit } from '../db/repos/people.ts';

/** The departments, by name, for pickers and form checks. */
export function departmentChoices(db: Db): { id: string; name: string }[] {
  return listDepartments(db);
}

/** Every skill name anyone holds, for the required-skills picker. */
export function skillChoices(db: Db): string[] {
  return listSkillNames(db);
}

/** The names of people by id, in the order asked; unknown ids are left out. */
export function peopleNamed(db: Db, ids: string[]): { id: string; name: string }[] {
  return namesOf(db, ids);
}

/** People whose name matches a typed text, at most `limit`, for the people pickers. */
export function peopleMatching(db: Db, text: string, limit: number): PersonHit[] {
  return searchPeople(db, text, limit);
}

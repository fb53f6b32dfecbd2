import type { Conn, Db } from '../db/client.ts';
import { listDepartments, listSkillNames, namesOf } from '../db/repos/people.ts';
import { peopleByName, type NamedPerson } from '../db/repos/search.ts';
import { searchTerms } from '../domain/people-search.ts';

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

/**
 * Active people whose name has words starting with each typed word, at most `limit`, best first: the one name
 * search of every people picker (problem form, account form, audit filter, the network's introductions and picture),
 * a full-text search (never a scan of the table), in any script, where punctuation never acts as an operator.
 */
export function peopleMatching(db: Conn, text: string, limit: number): NamedPerson[] {
  return peopleByName(db, searchTerms(text.slice(0, 200)), limit);
}

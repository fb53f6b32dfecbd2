import type { Db } from '../../db/client.ts';
import { readHrState } from '../../db/repos/hr.ts';
import { HR_COLUMNS } from './parse.ts';

/**
 * The active people as the HR import reads them: the import's own column names, departments by name, one row per
 * person ordered by id, so that an export imported again is "no change". People who left (inactive) are not listed,
 * as an HR system's staff list would not list them.
 */
export function exportPeopleRows(db: Db): string[][] {
  const state = readHrState(db);
  const departmentName = new Map(state.departments.map((d) => [d.id, d.name]));
  return [
    [...HR_COLUMNS],
    ...state.people
      .filter((p) => p.active)
      .map((p) => [
        p.id,
        p.name,
        p.email,
        departmentName.get(p.departmentId) ?? p.departmentId,
        p.title,
        p.grade,
        p.location,
      ]),
  ];
}

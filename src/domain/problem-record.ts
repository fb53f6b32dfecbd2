import type { Problem } from './types.ts';

/** The lifecycle of a problem: only active problems are planned. */
export type ProblemStatus = 'draft' | 'active' | 'closed';

/** A problem as stored, with its status and the names the problem page shows. */
export interface ProblemRecord extends Problem {
  status: ProblemStatus;
  leadName: string | null;
  affectedDepartmentNames: string[];
  affectedPeopleNames: { id: string; name: string }[];
}

/** A row of the problem list. */
export interface ProblemSummary {
  id: string;
  title: string;
  status: ProblemStatus;
  leadPersonId: string | null;
  leadName: string | null;
  startMonth: string;
  endMonth: string | null;
  affectedDepartments: string[];
  cabalMonths: number;
}

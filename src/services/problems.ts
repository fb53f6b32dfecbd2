import type { Db } from '../db/client.ts';
import { membershipMoves } from './audit.ts';
import { insertAudit, listProblemAudit, type AuditView } from '../db/repos/audit.ts';
import { deleteDraftsFrom, listPlanMonths, listProblemCabals, type CabalView } from '../db/repos/cabals.ts';
import { listProblemPins, type PinView } from '../db/repos/pins.ts';
import { findPerson, skillSupply } from '../db/repos/people.ts';
import {
  findProblem,
  listProblemSummaries,
  problemIdTaken,
  saveProblem,
  setProblemStatus,
} from '../db/repos/problems.ts';
import type { Account } from '../domain/account.ts';
import { canReopenProblem } from '../domain/access.ts';
import type { ProblemRecord, ProblemStatus, ProblemSummary } from '../domain/problem-record.ts';
import type { StudioCache } from './studio-cache.ts';
import type { Clock } from '../domain/clock.ts';
import { currentMonth } from '../domain/clock.ts';
import { monthLabel, type Month } from '../domain/month.ts';
import type { Problem } from '../domain/types.ts';
import { nextPlanMonth } from './planning/plan-request.ts';

/** What the problem form yields: a problem without its id and lead, which the service decides. */
export type ProblemInput = Omit<Problem, 'id' | 'lead'> & { status: Exclude<ProblemStatus, 'closed'> };

/** Ids the problem routes use for themselves, so no problem may take them. */
const RESERVED_IDS = new Set(['new', 'people-search']);

/** A problem with its status and names, or undefined when there is none with that id. */
export function findProblemRecord(db: Db, id: string): ProblemRecord | undefined {
  return findProblem(db, id);
}

/** Every problem as the problem list shows it, in list order, from the cache until the studio's data changes. */
export function problemSummaries(db: Db, cache: StudioCache): ProblemSummary[] {
  return cache.get('problem-summaries', () => listProblemSummaries(db));
}

/** Turns a title into a unique, URL-safe problem id ("Combat feel" → "combat-feel", then "combat-feel-2"). */
export function problemIdFor(db: Db, title: string): string {
  const base =
    title
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/g, '') || 'problem';
  let id = base;
  for (let n = 2; RESERVED_IDS.has(id) || problemIdTaken(db, id); n++) id = `${base}-${n}`;
  return id;
}

function unknownPeople(db: Db, ids: string[]): string[] {
  return ids.filter((id) => !findPerson(db, id));
}

/** Says that people picked on the form are gone, without showing their ids (the form only ever had their names). */
function unknownPeopleMessage(count: number): string {
  return count === 1
    ? 'One of the people picked is no longer in the studio; remove them and find them by name again.'
    : `${count} of the people picked are no longer in the studio; remove them and find them by name again.`;
}

/** Creates a problem led by the account's person; returns the new problem's id, or field errors. */
export function createProblem(
  db: Db,
  clock: Clock,
  account: Account,
  input: ProblemInput,
): { ok: true; id: string } | { ok: false; errors: Record<string, string> } {
  const missing = unknownPeople(db, input.affectedPeople);
  if (missing.length) return { ok: false, errors: { affectedPeople: unknownPeopleMessage(missing.length) } };
  const at = clock.now().toISO()!;
  const id = db.transaction((tx) => {
    const id = problemIdFor(db, input.title);
    saveProblem(tx, { ...input, id, lead: account.personId }, at);
    insertAudit(tx, [{ action: 'problem.create', problemId: id, detail: `created "${input.title}"` }], {
      userId: account.id,
      at,
    });
    return id;
  });
  return { ok: true, id };
}

/** Saves changes to a problem (its lead stays); returns field errors when the input names unknown people. */
export function updateProblem(
  db: Db,
  clock: Clock,
  account: Account,
  problem: ProblemRecord,
  input: ProblemInput,
): { ok: true } | { ok: false; errors: Record<string, string> } {
  const missing = unknownPeople(db, input.affectedPeople);
  if (missing.length) return { ok: false, errors: { affectedPeople: unknownPeopleMessage(missing.length) } };
  const at = clock.now().toISO()!;
  db.transaction((tx) => {
    saveProblem(tx, { ...input, id: problem.id, lead: problem.lead }, at);
    insertAudit(tx, [{ action: 'problem.update', problemId: problem.id, detail: `edited "${input.title}"` }], {
      userId: account.id,
      at,
    });
  });
  return { ok: true };
}

/** Closes a problem: it is no longer planned, and its draft cabals from this month on are dropped. */
export function closeProblem(db: Db, clock: Clock, account: Account, problem: ProblemRecord): void {
  const at = clock.now().toISO()!;
  db.transaction((tx) => {
    const drafts = listPlanMonths(tx, { from: currentMonth(clock), status: 'draft' }).map((m) => ({
      ...m,
      cabals: m.cabals.filter((c) => c.problem === problem.id),
    }));
    setProblemStatus(tx, problem.id, 'closed', at);
    deleteDraftsFrom(tx, currentMonth(clock), problem.id);
    insertAudit(
      tx,
      [
        // Every member of a dropped draft leaves that cabal, one audit entry each.
        ...membershipMoves(drafts, [], `"${problem.title}" closed`),
        {
          action: 'problem.close',
          problemId: problem.id,
          detail: `closed "${problem.title}"; its draft cabals were dropped`,
        },
      ],
      {
        userId: account.id,
        at,
      },
    );
  });
}

/**
 * Reopens a closed problem: it is planned again from its first month still to publish, and its history stays as it
 * was. Refused (nothing written) unless the account may reopen it (src/domain/access.ts) and it is closed.
 */
export function reopenProblem(
  db: Db,
  clock: Clock,
  account: Account,
  problem: ProblemRecord,
): { ok: true; notice: string } | { ok: false; status: 403 | 409; message: string } {
  if (!canReopenProblem(account, { ...problem, status: 'closed' }))
    return { ok: false, status: 403, message: 'Only this problem’s lead or an admin may reopen it.' };
  if (!canReopenProblem(account, problem))
    return { ok: false, status: 409, message: `${problem.title} is not closed, so there is nothing to reopen.` };
  const at = clock.now().toISO()!;
  db.transaction((tx) => {
    setProblemStatus(tx, problem.id, 'active', at);
    insertAudit(tx, [{ action: 'problem.reopen', problemId: problem.id, detail: `reopened "${problem.title}"` }], {
      userId: account.id,
      at,
    });
  });
  const from = monthLabel(nextPlanMonth(db, clock));
  return {
    ok: true,
    notice: `${problem.title} is open again. Its history is kept; plan it from ${from} on the plan page.`,
  };
}

/** Everything the problem page shows: the problem, its cabals month by month, its pins and its audit trail. */
export interface ProblemPage {
  problem: ProblemRecord;
  /** The first month that is not published, where changes may start. */
  nextMonth: Month;
  cabals: CabalView[];
  pins: PinView[];
  audit: AuditView[];
  /** Required skills nobody in the studio holds at the level asked: the problem cannot be staffed until that changes. */
  unreachableSkills: { skill: string; minLevel: number; highest: number; holdersOfHighest: number }[];
}

/** Loads the problem page, or undefined when there is no such problem. */
export function loadProblemPage(db: Db, clock: Clock, id: string, cache?: StudioCache): ProblemPage | undefined {
  // Shared by every viewer (what each may do is decided afterwards), so it is cached per problem and month.
  if (cache) return cache.get(`problem-page:${id}:${currentMonth(clock)}`, () => loadProblemPage(db, clock, id));
  const problem = findProblem(db, id);
  if (!problem) return undefined;
  const cabals = listProblemCabals(db, id);
  const supply = skillSupply(
    db,
    problem.requiredSkills.map((r) => r.skill),
  );
  const unreachableSkills = problem.requiredSkills.flatMap((r) => {
    const levels = supply.get(r.skill) ?? new Map<number, number>();
    if ([...levels.keys()].some((level) => level >= r.minLevel)) return [];
    const highest = Math.max(0, ...levels.keys());
    return [{ skill: r.skill, minLevel: r.minLevel, highest, holdersOfHighest: levels.get(highest) ?? 0 }];
  });
  return {
    problem,
    nextMonth: nextPlanMonth(db, clock),
    unreachableSkills,
    cabals,
    pins: listProblemPins(db, id),
    audit: listProblemAudit(
      db,
      id,
      cabals.map((c) => c.month),
      300,
    ),
  };
}

import type { Db } from '../../db/client.ts';
import type { ProblemRecord } from '../../domain/problem-record.ts';
import { findCabalStatus, listPlanMonths } from '../../db/repos/cabals.ts';
import { addMonths, type Month } from '../../domain/month.ts';
import { rankCandidates, type RankedCandidate } from '../../planner/index.ts';
import { draftContext } from './cabal-edits.ts';
import { personNamer } from './person-names.ts';

/** A ranked candidate with the department name the page shows. */
export interface CandidateView extends RankedCandidate {
  departmentName: string;
  ok: boolean;
}

/** Ranks replacements for one member of a draft cabal: rule-abiding candidates first, each with reasons and rule effects. */
export function rankReplacements(
  db: Db,
  problem: ProblemRecord,
  month: Month,
  person: string,
  limit = 15,
): CandidateView[] {
  const { request, plan } = draftContext(db, month);
  const departments = new Map(request.departments.map((d) => [d.id, d.name]));
  const people = new Map(request.people.map((p) => [p.id, p]));
  const ranked = rankCandidates(request, plan, month, problem.id, { removing: person, limit });
  const name = personNamer(
    db,
    ranked.flatMap((c) => c.breaks.map((b) => b.detail)),
  );
  return ranked.map((c) => ({
    ...c,
    breaks: c.breaks.map((b) => ({ ...b, detail: name(b.detail) })),
    departmentName: departments.get(people.get(c.person)?.department ?? '') ?? '',
    ok: c.valid,
  }));
}

/** Tells whether a person holds a seat in a problem's draft cabal of a month (candidates are offered only for those). */
export function isDraftSeat(db: Db, problemId: string, month: Month, person: string): boolean {
  if (findCabalStatus(db, problemId, month)?.status !== 'draft') return false;
  return listPlanMonths(db, { from: month, before: addMonths(month, 1), status: 'draft' }).some((m) =>
    m.cabals.some((c) => c.problem === problemId && c.members.some((x) => x.person === person)),
  );
}

import type { Db } from '../../db/client.ts';
import type { ProblemRecord } from '../../domain/problem-record.ts';
import type { Month } from '../../domain/month.ts';
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

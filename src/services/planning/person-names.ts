import type { Db } from '../../db/client.ts';
import { namesOf } from '../../db/repos/people.ts';
import type { InfeasibleAnswer, Violation } from '../../domain/plan.ts';

/** Rewrites person ids in the checker's and the planner's sentences as names, so a lead reads names, not ids. */
export function personNamer(db: Db, texts: (string | undefined)[]): (text: string | undefined) => string {
  const token = /[A-Za-z0-9][\w-]*/g;
  const tokens = [...new Set(texts.flatMap((t) => t?.match(token) ?? []))];
  const names = new Map(namesOf(db, tokens).map((p) => [p.id, p.name]));
  return (t) => (t ?? '').replace(token, (id) => names.get(id) ?? id);
}

/** The same violations with people named. */
export function namedViolations(db: Db, violations: Violation[]): Violation[] {
  const name = personNamer(
    db,
    violations.map((v) => v.detail),
  );
  return violations.map((v) => ({ ...v, detail: name(v.detail) }));
}

/** An infeasible answer with people named in its message, numbers and ways out. */
export function namedAnswer(db: Db, answer: InfeasibleAnswer): InfeasibleAnswer {
  const name = personNamer(db, [answer.message, ...answer.conflict.flatMap((c) => [c.detail, c.wayOut])]);
  return {
    ...answer,
    message: name(answer.message),
    conflict: answer.conflict.map((c) => ({ ...c, detail: name(c.detail), wayOut: name(c.wayOut) })),
  };
}

import type { Db } from '../../db/client.ts';
import { namesOf } from '../../db/repos/people.ts';
import { listProblems } from '../../db/repos/problems.ts';
import { isMonth, monthLabel } from '../../domain/month.ts';
import type { InfeasibleAnswer, Violation, WayOut } from '../../domain/plan.ts';

/**
 * Rewrites the planner's and the checker's sentences for a lead to read: person ids become names, problem ids become
 * titles and `YYYY-MM` months become "March 2027".
 */
export function personNamer(db: Db, texts: (string | undefined)[]): (text: string | undefined) => string {
  const token = /[A-Za-z0-9][\w-]*/g;
  const tokens = [...new Set(texts.flatMap((t) => t?.match(token) ?? []))];
  const names = new Map(namesOf(db, tokens).map((p) => [p.id, p.name]));
  const wanted = new Set(tokens);
  for (const p of listProblems(db)) if (wanted.has(p.id) && !names.has(p.id)) names.set(p.id, p.title);
  return (t) => (t ?? '').replace(token, (id) => (isMonth(id) ? monthLabel(id) : (names.get(id) ?? id)));
}

/** A violation as a lead reads it: people, problems and months named in its detail, and the problem's title. */
export type NamedViolation = Violation & { problemTitle: string };

/** The same violations with people, problems and months named, each with its problem's title. */
export function namedViolations(db: Db, violations: Violation[]): NamedViolation[] {
  const name = personNamer(
    db,
    violations.flatMap((v) => [v.detail, v.problem]),
  );
  return violations.map((v) => ({ ...v, detail: name(v.detail), problemTitle: name(v.problem) }));
}

/** An infeasible answer with people, problems and months named in its message, numbers and ways out. */
export function namedAnswer<A extends InfeasibleAnswer>(db: Db, answer: A): A {
  const name = personNamer(db, [
    answer.message,
    ...answer.conflict.flatMap((c) => [c.detail, c.wayOut]),
    ...(answer.wayOuts ?? []).map((w) => w.text),
  ]);
  const named = (w: WayOut): WayOut => ({ ...w, text: name(w.text) });
  return {
    ...answer,
    message: name(answer.message),
    conflict: answer.conflict.map((c) => ({
      ...c,
      detail: name(c.detail),
      wayOut: name(c.wayOut),
      wayOuts: (c.wayOuts ?? []).map(named),
    })),
    wayOuts: (answer.wayOuts ?? []).map(named),
  };
}

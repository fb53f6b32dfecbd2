import type { Db } from '../../src/db/client.ts';
import { cabalMembers, cabals } from '../../src/db/schema.ts';

/** Writes one published (or draft) cabal of the tiny studio's problem with the given members. */
export function writeCabal(
  db: Db,
  month: string,
  members: string[],
  status: 'draft' | 'published' = 'published',
): void {
  const { id } = db
    .insert(cabals)
    .values({
      problemId: 'combat-feel',
      month,
      status,
      publishedAt: status === 'published' ? `${month}-28T12:00:00Z` : null,
    })
    .returning({ id: cabals.id })
    .get();
  for (const personId of members)
    db.insert(cabalMembers)
      .values({ cabalId: id, personId, tags: ['outsider'] })
      .run();
}

/**
 * The tiny studio's network: Ada (p1) served with Ben (p2) twice and with Cleo (p3) once; Ben with Dev (p4);
 * Cleo with Dev; Finn (p6) served with no one. So Ada → Ben → Dev (2 months, then 1) beats Ada → Cleo → Dev.
 */
export function tinyNetwork(db: Db): void {
  writeCabal(db, '2026-10', ['p1', 'p2']);
  writeCabal(db, '2026-11', ['p1', 'p2']);
  writeCabal(db, '2026-12', ['p1', 'p3']);
  writeCabal(db, '2026-09', ['p2', 'p4']);
  writeCabal(db, '2026-08', ['p3', 'p4']);
  writeCabal(db, '2026-07', ['p5', 'p4']);
}

import type { Db } from '../src/db/client.ts';
import { cabalMembers, cabals } from '../src/db/schema.ts';
import { addMonths, type Month } from '../src/domain/month.ts';
import { seededRandom } from '../src/domain/studio-generator.ts';
import { insertChunked } from '../src/db/repos/studio.ts';

/**
 * Writes `months` published months of history ending with the month before `now` on a seeded studio, quickly and
 * without the planner: each problem's cabal keeps two or three of last month's members and fills up to six with
 * people not yet seated that month. The network it makes has the size and shape of a year of real rotations. With
 * `status: 'draft'` it writes draft months instead (upcoming cabals for the key-person impact page).
 */
export function writeSyntheticHistory(
  db: Db,
  now: Month,
  months: number,
  seed = 5,
  status: 'published' | 'draft' = 'published',
): { seats: number } {
  const rng = seededRandom(seed);
  const people = db.$client.prepare('select id from people where active = 1 order by id').all() as { id: string }[];
  const problems = db.$client.prepare("select id from problems where status = 'active' order by id").all() as {
    id: string;
  }[];
  const ids = people.map((p) => p.id);
  let previous = new Map<string, string[]>();
  let seats = 0;
  db.transaction((tx) => {
    for (let i = months; i >= 1; i--) {
      const month = addMonths(now, -i);
      const seated = new Set<string>();
      const current = new Map<string, string[]>();
      const pool = rng.shuffle(ids);
      let next = 0;
      for (const { id: problemId } of problems) {
        const stay = rng.shuffle(previous.get(problemId) ?? []).slice(0, rng.int(2, 3));
        const members = stay.filter((p) => !seated.has(p));
        while (members.length < 6 && next < pool.length) {
          const p = pool[next++]!;
          if (!seated.has(p) && !members.includes(p)) members.push(p);
        }
        members.forEach((p) => seated.add(p));
        current.set(problemId, members);
        const { id } = tx
          .insert(cabals)
          .values({ problemId, month, status, publishedAt: status === 'published' ? `${month}-28T12:00:00Z` : null })
          .returning({ id: cabals.id })
          .get();
        insertChunked(members, 100, (chunk) =>
          tx
            .insert(cabalMembers)
            .values(chunk.map((personId) => ({ cabalId: id, personId, tags: ['outsider'] })))
            .run(),
        );
        seats += members.length;
      }
      previous = current;
    }
  });
  return { seats };
}

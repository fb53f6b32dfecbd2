import { describe, expect, it } from 'vitest';
import { insertSession } from '../../../src/db/repos/users.ts';
import { createNetworkService } from '../../../src/services/network.ts';
import { createReplanPreviews, upcomingLosses } from '../../../src/services/planning/key-person-impact.ts';
import { StudioCache } from '../../../src/services/studio-cache.ts';
import { freshDb, TEST_NOW, tinyStudio } from '../../helpers/test-app.ts';
import { tinyNetwork, writeCabal } from '../../web/network-fixture.ts';

async function studio() {
  const db = freshDb();
  await tinyStudio(db);
  tinyNetwork(db);
  writeCabal(db, '2027-01', ['p3', 'p5', 'p2'], 'draft');
  writeCabal(db, '2027-02', ['p3', 'p4', 'p1'], 'draft');
  return db;
}

/** A write that is not studio data: a sign-in's session row. */
function signInWrite(db: Awaited<ReturnType<typeof studio>>, id: string) {
  insertSession(db, { id, userId: 1, createdAt: TEST_NOW, expiresAt: '2027-02-01T00:00:00Z' });
}

describe('key-person impact, cached per version of the studio data', () => {
  it('judges the losses once per data version, and again after the drafts change', async () => {
    const db = await studio();
    const cache = new StudioCache(db);
    const first = upcomingLosses(db, 'p3', cache);
    expect(first.cabals).toHaveLength(2);
    signInWrite(db, 's1');
    expect(upcomingLosses(db, 'p3', cache)).toBe(first);
    db.$client.prepare(`insert into person_unavailable_months (person_id, month) values ('p3', '2027-03')`).run();
    const after = upcomingLosses(db, 'p3', cache);
    expect(after).not.toBe(first);
    expect(after).toEqual(first);
  });

  it('keeps one preview (one plan run) while the data stands, through sign-ins, and plans again after a change', async () => {
    const db = await studio();
    const previews = createReplanPreviews(db, new StudioCache(db));
    const first = previews.get('p3')!;
    signInWrite(db, 's1');
    signInWrite(db, 's2');
    expect(previews.get('p3')).toBe(first);
    db.$client.prepare(`insert into person_unavailable_months (person_id, month) values ('p1', '2027-03')`).run();
    const second = previews.get('p3')!;
    expect(second).not.toBe(first);
    expect(second.version).toBeGreaterThan(first.version);
    for (const p of [first, second]) {
      p.run.cancel();
      await p.run.promise.catch(() => undefined);
    }
  });

  it('computes what the network loses once per network version and person', async () => {
    const db = await studio();
    const network = createNetworkService(db);
    const first = network.pathImpact('p4');
    expect(first.articulationPoint).toBe(true);
    signInWrite(db, 's1');
    expect(network.pathImpact('p4')).toBe(first);
    writeCabal(db, '2026-04', ['p5', 'p2'], 'published');
    const after = network.pathImpact('p4');
    expect(after).not.toBe(first);
    expect(after.articulationPoint).toBe(false); // Eve now reaches Ben without Dev
  });
});

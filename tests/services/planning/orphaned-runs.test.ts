import { describe, expect, it } from 'vitest';
import { findPlanRun, insertPlanRun } from '../../../src/db/repos/plan-runs.ts';
import { fixedClock } from '../../../src/domain/clock.ts';
import { failOrphanedRuns } from '../../../src/services/planning/index.ts';
import { freshDb, tinyStudio, TEST_NOW } from '../../helpers/test-app.ts';

describe('failOrphanedRuns', () => {
  it('marks runs left running by a crash as failed, and leaves finished runs alone', async () => {
    const db = freshDb();
    await tinyStudio(db);
    const at = '2027-01-10T09:00:00Z';
    const orphan = insertPlanRun(db, { startedBy: 1, startedAt: at, firstMonth: '2027-01', months: 2 })!;
    db.$client.prepare("update plan_runs set status = 'planned' where id = ?").run(orphan);
    const done = orphan;
    const running = insertPlanRun(db, { startedBy: 1, startedAt: at, firstMonth: '2027-01', months: 1 })!;

    expect(failOrphanedRuns({ db, clock: fixedClock(TEST_NOW) })).toBe(1);
    const run = findPlanRun(db, running)!;
    expect(run.status).toBe('failed');
    expect(run.finishedAt).toBe(fixedClock(TEST_NOW).now().toISO());
    expect(run.outcome).toMatchObject({ status: 'failed', message: expect.stringContaining('nothing was saved') });
    expect(findPlanRun(db, done)!.status).toBe('planned');
  });
});

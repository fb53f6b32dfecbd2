import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPlanRun, insertPlanRun } from '../../../src/db/repos/plan-runs.ts';
import { fixedClock } from '../../../src/domain/clock.ts';
import { failOrphanedRuns, PlanRunRegistry } from '../../../src/services/planning/index.ts';
import { html, signIn, TEST_NOW } from '../../helpers/test-app.ts';
import { twoLeadApp } from '../../helpers/two-leads.ts';

const clock = fixedClock(TEST_NOW);
const now = clock.now().toISO()!;

/** The id of a process that has exited: a run it owned has nobody working on it. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

function tempFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cabal-owner-')), 'cabal.sqlite');
}

describe('orphaned plan runs at start-up', () => {
  it('fails runs of a dead process and runs without an owner, and leaves finished runs alone', async () => {
    const { db } = await twoLeadApp();
    const done = insertPlanRun(db, { startedBy: 1, startedAt: now, firstMonth: '2027-01', months: 2 })!;
    db.$client.prepare("update plan_runs set status = 'planned' where id = ?").run(done);
    const legacy = insertPlanRun(db, { startedBy: 1, startedAt: now, firstMonth: '2027-01', months: 1 })!;
    expect(failOrphanedRuns({ db, clock, runs: new PlanRunRegistry() })).toBe(1);
    expect(findPlanRun(db, legacy)!.outcome).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('nothing was saved'),
    });
    expect(findPlanRun(db, legacy)!.finishedAt).toBe(now);

    const crashed = insertPlanRun(db, {
      startedBy: 1,
      startedAt: now,
      firstMonth: '2027-01',
      months: 1,
      owner: `${deadPid()}:some-token`,
    })!;
    expect(failOrphanedRuns({ db, clock, runs: new PlanRunRegistry() })).toBe(1);
    expect(findPlanRun(db, crashed)!.status).toBe('failed');
    expect(findPlanRun(db, done)!.status).toBe('planned');
  });

  it('leaves a run another live app instance owns on the same file alone, and shows it as running there', async () => {
    const file = tempFile();
    const first = await twoLeadApp(file);
    // Instance 1 is working on a run (its registry's owner tag, a heartbeat just now).
    const runId = insertPlanRun(first.db, {
      startedBy: 1,
      startedAt: now,
      firstMonth: '2027-01',
      months: 3,
      owner: first.runs.owner,
    })!;
    // Instance 2 starts on the same file: its start-up clean-up must not touch instance 1's run.
    const { openDb, migrateDb } = await import('../../../src/db/client.ts');
    const { createApp } = await import('../../../src/app.ts');
    const { testConfig } = await import('../../helpers/test-app.ts');
    const db2 = openDb(file);
    migrateDb(db2);
    const runs2 = new PlanRunRegistry();
    expect(runs2.owner).not.toBe(first.runs.owner);
    expect(failOrphanedRuns({ db: db2, clock, runs: runs2 })).toBe(0);
    expect(findPlanRun(db2, runId)!.status).toBe('running');
    const app2 = createApp({ db: db2, config: testConfig({ databasePath: file }), clock, runs: runs2, log: () => {} });
    const lead = await signIn(app2, 'leadA@studio.test');
    const widget = html(await lead.agent.get(`/plans/runs/${runId}`).expect(200))('#run');
    expect(widget.text()).toContain('Planning month 1 of 3');
    expect(widget.text()).not.toContain('stopped when the server restarted');
    expect(widget.attr('hx-get')).toBe(`/plans/runs/${runId}`);
    // It is cancelled where it works, so this instance offers no cancel button that could do nothing.
    expect(widget.find('form[action$="/cancellation"]').length).toBe(0);
    expect(widget.find('[data-testid="run-elsewhere"]').text()).toContain('Another app process');
    // Instance 2 starts no second run over it: the lead is sent to the run that is going.
    const res = await lead.agent.post('/plans/runs').type('form').send({ months: '1', _csrf: lead.csrf });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/plans/runs/${runId}`);
    expect(findPlanRun(db2, runId)!.status).toBe('running');
    expect(db2.$client.prepare('select count(*) n from plan_runs').get()).toEqual({ n: 1 });

    // Once instance 1's heartbeat is stale (its process id may be reused by now), the run is orphaned.
    const later = fixedClock('2027-01-15T11:00:00Z');
    expect(failOrphanedRuns({ db: db2, clock: later, runs: runs2 })).toBe(1);
    expect(findPlanRun(db2, runId)!.status).toBe('failed');
    db2.$client.close();
    first.db.$client.close();
  });

  it('fails a run left by a dead process when a lead starts a new one, instead of blocking planning for good', async () => {
    const { db, app, runs } = await twoLeadApp();
    const stuck = insertPlanRun(db, {
      startedBy: 1,
      startedAt: now,
      firstMonth: '2027-01',
      months: 1,
      owner: `${deadPid()}:gone`,
    })!;
    const lead = await signIn(app, 'leadA@studio.test');
    const res = await lead.agent.post('/plans/runs').type('form').send({ months: '1', _csrf: lead.csrf });
    expect(res.status).toBe(303);
    await runs.settle();
    expect(findPlanRun(db, stuck)!.status).toBe('failed');
  });
});

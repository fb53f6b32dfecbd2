import { describe, expect, it } from 'vitest';
import { writePlanMonths } from '../../src/db/repos/cabals.ts';
import { upsertPin } from '../../src/db/repos/pins.ts';
import { setProblemStatus } from '../../src/db/repos/problems.ts';
import { fixedClock } from '../../src/domain/clock.ts';
import type { PlanMonth } from '../../src/domain/plan.ts';
import { parsePlanRequest } from '../../src/planner/index.ts';
import { membershipMoves } from '../../src/services/audit.ts';
import { buildPlanRequest, nextPlanMonth } from '../../src/services/planning/index.ts';
import { freshDb, tinyStudio, TEST_NOW } from '../helpers/test-app.ts';

const cabal = (month: string, members: string[]): PlanMonth => ({
  month,
  cabals: [{ problem: 'combat-feel', members: members.map((person) => ({ person, tags: ['outsider'], why: '' })) }],
});

describe('buildPlanRequest', () => {
  it('takes every earlier cabal as history, pins from the first month on, and passes the plan-format schema', async () => {
    const db = freshDb();
    await tinyStudio(db);
    const at = TEST_NOW;
    writePlanMonths(db, [cabal('2026-11', ['p1', 'p2', 'p3'])], 'published', at);
    writePlanMonths(db, [cabal('2026-12', ['p3', 'p4', 'p5'])], 'draft', at);
    upsertPin(db, { month: '2026-12', problem: 'combat-feel', person: 'p6', mode: 'include' }, { userId: 1, at });
    upsertPin(db, { month: '2027-02', problem: 'combat-feel', person: 'p1', mode: 'exclude' }, { userId: 1, at });

    const request = buildPlanRequest(db, '2027-01', 3);
    expect(request.history).toEqual([
      { month: '2026-11', problem: 'combat-feel', members: ['p1', 'p2', 'p3'] },
      { month: '2026-12', problem: 'combat-feel', members: ['p3', 'p4', 'p5'] },
    ]);
    expect(request.pins).toEqual([{ month: '2027-02', problem: 'combat-feel', person: 'p1', mode: 'exclude' }]);
    expect(request.people.map((p) => p.id)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    expect(request.people[0]).toEqual({
      id: 'p1',
      name: 'Ada Moss',
      department: 'art',
      grade: '',
      location: '',
      skills: { netcode: 2 },
      unavailable: [],
    });
    expect(request.problems.map((p) => p.id)).toEqual(['combat-feel']);
    expect(parsePlanRequest(JSON.parse(JSON.stringify(request))).ok).toBe(true);
  });

  it('keeps a closed problem with history in the request, ended before the plan, so history still counts', async () => {
    const db = freshDb();
    await tinyStudio(db);
    writePlanMonths(db, [cabal('2026-12', ['p1', 'p2', 'p3'])], 'published', TEST_NOW);
    setProblemStatus(db, 'combat-feel', 'closed', TEST_NOW);
    const request = buildPlanRequest(db, '2027-01', 2);
    expect(request.problems).toHaveLength(1);
    expect(request.problems[0].endMonth).toBe('2026-12');
    expect(request.history).toHaveLength(1);
    expect(parsePlanRequest(JSON.parse(JSON.stringify(request))).ok).toBe(true);
  });

  it('starts the next plan after the last published month, or at the current month', async () => {
    const db = freshDb();
    await tinyStudio(db);
    const clock = fixedClock(TEST_NOW);
    expect(nextPlanMonth(db, clock)).toBe('2027-01');
    writePlanMonths(db, [cabal('2027-01', ['p1', 'p2', 'p3'])], 'published', TEST_NOW);
    expect(nextPlanMonth(db, clock)).toBe('2027-02');
  });
});

describe('membershipMoves', () => {
  it('writes one join or leave per person who moved, and nothing for those who stayed', () => {
    const moves = membershipMoves(
      [cabal('2027-01', ['p1', 'p2', 'p3'])],
      [cabal('2027-01', ['p2', 'p3', 'p4']), cabal('2027-02', ['p5'])],
      'run #1',
    );
    expect(moves).toEqual([
      { action: 'cabal.join', problemId: 'combat-feel', month: '2027-01', personId: 'p4', detail: 'run #1' },
      { action: 'cabal.leave', problemId: 'combat-feel', month: '2027-01', personId: 'p1', detail: 'run #1' },
      { action: 'cabal.join', problemId: 'combat-feel', month: '2027-02', personId: 'p5', detail: 'run #1' },
    ]);
  });
});

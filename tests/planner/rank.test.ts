import { describe, expect, it } from 'vitest';
import { rankCandidates } from '../../src/planner/rank.ts';
import type { Plan } from '../../src/domain/plan.ts';
import { request } from './fixtures.ts';

// eng1 is the only person with netcode ≥ 3; the cabal needs it.
const req = request({
  months: 1,
  problems: [
    {
      id: 'combat',
      title: 'Combat feel',
      affectedDepartments: ['design'],
      requiredSkills: [{ skill: 'netcode', minLevel: 3 }],
      size: { min: 4, max: 5 },
      minAffected: 1,
      minOutsiders: 1,
      minDepartments: 3,
      carryOver: { min: 1, max: 2 },
    },
  ],
});
const plan: Plan = {
  status: 'planned',
  months: [
    {
      month: '2027-01',
      cabals: [
        {
          problem: 'combat',
          members: ['design1', 'art1', 'eng1', 'qa1'].map((person) => ({ person, tags: [], why: '' })),
        },
      ],
    },
  ],
  quality: { violations: 0, servedShare: 0, maxMonthsServed: 0, gini: 0, meanSkillFit: 0, newPairShare: 0 },
};

describe('ranking replacement candidates', () => {
  it('marks nobody valid when the leaver was the only holder of a required skill, and says what stays broken', () => {
    const ranked = rankCandidates(req, plan, '2027-01', 'combat', { removing: 'eng1' });
    expect(ranked.length).toBeGreaterThan(0);
    for (const c of ranked) {
      expect(c.valid).toBe(false);
      expect(c.breaks).toEqual([]);
      expect(c.leavesBroken).toEqual(['required-skills']);
    }
  });

  it('ranks a valid candidate first when the seat can be filled, with nothing left broken', () => {
    const ranked = rankCandidates(req, plan, '2027-01', 'combat', { removing: 'qa1' });
    expect(ranked[0]!.valid).toBe(true);
    expect(ranked[0]!.leavesBroken).toEqual([]);
    expect(ranked.map((c) => c.person)).not.toContain('qa1');
  });
});

describe('the parts of a candidate score', () => {
  it('come from the planner scoring function, add up to the score, and differ whenever ranks differ', () => {
    const ranked = rankCandidates(req, plan, '2027-01', 'combat', { removing: 'qa1', limit: 100 });
    expect(ranked.length).toBe(8);
    for (const c of ranked) {
      const s = c.parts.score;
      expect(c.score).toBeCloseTo(s.fairness + s.freshness + s.skillFit + s.network + s.department, 2);
      // Nobody served before January, so fairness is the never-served +1.5, and everyone is new to the problem.
      expect(c.parts.monthsServed).toEqual({ plan: 0, history: 0 });
      expect(s.fairness).toBeCloseTo(1.5);
      expect(c.parts.newToProblem).toBe(true);
      expect(c.parts.skillLevels.map((l) => l.skill)).toEqual(['netcode']);
    }
    const art2 = ranked.find((c) => c.person === 'art2')!;
    const qa2 = ranked.find((c) => c.person === 'qa2')!;
    // Without qa1, the cabal has design1, art1 and eng1: a QA person adds a department, an art person does not.
    expect(qa2.parts.departmentAdded).toBe('QA');
    expect(art2.parts.departmentAdded).toBeUndefined();
    expect(qa2.reasons.join('; ')).toMatch(/adds QA \(\+0\.03\)/);
    for (const a of ranked)
      for (const b of ranked) {
        if (a.rank === b.rank) continue;
        const why = (c: typeof a) => JSON.stringify([c.reasons, c.breaks, c.satisfies, c.leavesBroken]);
        expect(why(a), `${a.person} ranks ${a.rank}, ${b.person} ranks ${b.rank}`).not.toBe(why(b));
      }
    // People equal in every part and rule effect share a rank.
    const design2 = ranked.find((c) => c.person === 'design2')!;
    const design3 = ranked.find((c) => c.person === 'design3')!;
    expect(design2.reasons).toEqual(design3.reasons);
    expect(design2.rank).toBe(design3.rank);
  });
});

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

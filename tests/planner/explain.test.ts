import { describe, expect, it } from 'vitest';
import { skillLevelsFrom } from '../../src/domain/skills.ts';
import { describeMembers, heldSkills, memberTags } from '../../src/planner/explain.ts';
import { request, smallProblem } from './fixtures.ts';
import { plannerAt } from './rules/harness.ts';

describe('heldSkills (the one wording of a held skill)', () => {
  const required = [
    { skill: 'netcode', minLevel: 2 },
    { skill: 'shaders', minLevel: 1 },
    { skill: 'audio', minLevel: 1 },
  ];

  it('lists the required skills held at their level, in the problem\u2019s order, as tag and reason', () => {
    const person = {
      skills: skillLevelsFrom([
        ['audio', 2],
        ['netcode', 3],
        ['shaders', 0],
      ]),
    };
    expect(heldSkills(person, required)).toEqual([
      { tag: 'skill:netcode', reason: 'holds netcode at level 3' },
      { tag: 'skill:audio', reason: 'holds audio at level 2' },
    ]);
  });

  it('leaves out a skill held below its level, and reads object-member names as ordinary skills', () => {
    expect(heldSkills({ skills: skillLevelsFrom([['netcode', 1]]) }, required)).toEqual([]);
    const constructor = [{ skill: 'constructor', minLevel: 1 }];
    expect(heldSkills({ skills: skillLevelsFrom([]) }, constructor)).toEqual([]);
    expect(heldSkills({ skills: skillLevelsFrom([['constructor', 2]]) }, constructor)).toEqual([
      { tag: 'skill:constructor', reason: 'holds constructor at level 2' },
    ]);
  });

  it('is what the planner\u2019s "why" says of a member\u2019s skills', () => {
    // eng1 holds netcode at level 3 in the small studio.
    const req = request({ problems: [smallProblem({ requiredSkills: [{ skill: 'netcode', minLevel: 2 }] })] });
    const { index, state } = plannerAt(req);
    const eng1 = index.personIndex.get('eng1')!;
    const [member] = describeMembers(index, state, 0, 0, [eng1], '2026-12');
    expect(member.tags).toContain('skill:netcode');
    expect(member.why).toContain('holds netcode at level 3');
  });
});

describe('memberTags (the one home of a member\u2019s tags)', () => {
  const held = [{ tag: 'skill:netcode' as const }, { tag: 'skill:audio' as const }];

  it('gives exactly one of affected and outsider, then carry-over, pinned and the held skills, in that order', () => {
    expect(memberTags(true, true, true, held)).toEqual([
      'affected',
      'carry-over',
      'pinned',
      'skill:netcode',
      'skill:audio',
    ]);
    expect(memberTags(false, false, false, [])).toEqual(['outsider']);
    expect(memberTags(false, false, true, held.slice(1))).toEqual(['outsider', 'pinned', 'skill:audio']);
  });

  it('is how the planner tags a carried-over, pinned member', () => {
    const history = [{ month: '2026-12', problem: 'combat', members: ['design1', 'art1', 'eng1', 'qa1'] }];
    const pins = [{ month: '2027-01', problem: 'combat', person: 'eng1', mode: 'include' }];
    const req = request({
      history,
      pins,
      problems: [smallProblem({ requiredSkills: [{ skill: 'netcode', minLevel: 2 }] })],
    });
    const { index, state } = plannerAt(req);
    const [member] = describeMembers(index, state, 0, 0, [index.personIndex.get('eng1')!], '2026-12');
    expect(member.tags).toEqual(['outsider', 'carry-over', 'pinned', 'skill:netcode']);
  });
});

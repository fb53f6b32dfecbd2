import { describe, expect, it } from 'vitest';
import { wayOutEdits } from '../../src/domain/way-out-edits.ts';
import { request, smallStudio } from '../planner/fixtures.ts';

const { departments, people } = smallStudio();
const req = request({
  departments,
  people: people.map((p) => (p.id === 'design2' ? { ...p, unavailable: ['2027-02', '2027-03'] } : p)),
  pins: [
    { month: '2027-02', problem: 'combat', person: 'art1', mode: 'include' },
    { month: '2027-03', problem: 'combat', person: 'art2', mode: 'exclude' },
  ],
});

describe('wayOutEdits', () => {
  it("reads a problem field's patch as that problem's change, by id", () => {
    expect(wayOutEdits(req, [{ op: 'add', path: '/problems/0/minAffected', value: 0 }])).toEqual([
      { kind: 'problem', problem: 'combat', fields: { minAffected: 0 } },
    ]);
    expect(
      wayOutEdits(req, [
        { op: 'replace', path: '/problems/0/requiredSkills', value: [{ skill: 'netcode', minLevel: 1 }] },
      ])?.map((e) => e.kind),
    ).toEqual(['problem']);
  });

  it('reads a policy, a pin removed and a month made available', () => {
    const policy = { ...req.policy, maxConsecutiveMonths: 4 };
    expect(
      wayOutEdits(req, [
        { op: 'add', path: '/policy', value: policy },
        { op: 'remove', path: '/pins/1' },
        { op: 'remove', path: '/people/1/unavailable/0' },
      ]),
    ).toEqual([
      { kind: 'policy', policy },
      { kind: 'available', person: 'design2', month: '2027-02' },
      { kind: 'remove-pin', pin: { month: '2027-03', problem: 'combat', person: 'art2', mode: 'exclude' } },
    ]);
  });

  it('refuses a patch that does not apply, changes nothing, or changes what a way out cannot', () => {
    expect(wayOutEdits(req, [{ op: 'remove', path: '/pins/7' }])).toBeUndefined();
    expect(wayOutEdits(req, [{ op: 'add', path: '/problems/0/minAffected', value: 1 }])).toBeUndefined();
    expect(wayOutEdits(req, [{ op: 'add', path: '/people/0/department', value: 'art' }])).toBeUndefined();
    expect(wayOutEdits(req, [{ op: 'add', path: '/months', value: 1 }])).toBeUndefined();
    expect(wayOutEdits(req, [{ op: 'add', path: '/problems/0/title', value: 'Other' }])).toBeUndefined();
    expect(
      wayOutEdits(req, [
        { op: 'add', path: '/pins/-', value: { month: '2027-02', problem: 'combat', person: 'qa1', mode: 'exclude' } },
      ]),
    ).toBeUndefined();
  });
});

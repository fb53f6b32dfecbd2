import { describe, expect, it } from 'vitest';
import type { Account, Role } from '../../src/domain/account.ts';
import {
  canAdminister,
  canApplyWayOut,
  canCancelRun,
  canChangeProblem,
  canReopenProblem,
  canCreateProblem,
  canEditProfile,
  canPlan,
  canPlanStudio,
  problemsLedBy,
  canPublish,
  canSeeCoverage,
  canSeeDraftSeatOf,
  canSeeInfluencers,
  canSeeKeyPersonImpact,
  canSeeSilos,
  hasRole,
  problemsBeyondReach,
} from '../../src/domain/access.ts';

let nextId = 1;
function account(personId: string, ...roles: Role[]): Account {
  return { id: nextId++, personId, name: personId, email: `${personId}@studio.test`, roles, disabled: false };
}

const employee = account('p-emp');
const lead = account('p-lead', 'lead');
const otherLead = account('p-other', 'lead');
const manager = account('p-man', 'manager');
const admin = account('p-adm', 'admin');
const combat = { id: 'combat-feel', lead: 'p-lead' };
const economy = { id: 'economy', lead: 'p-other' };
const unled = { id: 'orphan', lead: undefined };

describe('roles', () => {
  it('gives an admin every role, and nobody a role they do not hold', () => {
    expect(hasRole(admin, 'lead')).toBe(true);
    expect(hasRole(admin, 'manager')).toBe(true);
    expect(hasRole(lead, 'manager')).toBe(false);
    expect(hasRole(manager, 'lead')).toBe(false);
    expect(hasRole(undefined, 'lead')).toBe(false);
  });

  it('opens each section to its role and to admins only', () => {
    expect([employee, lead, manager, admin].map((a) => canPlan(a))).toEqual([false, true, false, true]);
    expect([employee, lead, manager, admin].map((a) => canCreateProblem(a))).toEqual([false, true, false, true]);
    expect([employee, lead, manager, admin].map((a) => canSeeCoverage(a))).toEqual([false, false, true, true]);
    expect([employee, lead, manager, admin].map((a) => canAdminister(a))).toEqual([false, false, false, true]);
    expect(canPlan(undefined) || canSeeCoverage(undefined) || canAdminister(undefined)).toBe(false);
  });
});

describe('changing a problem', () => {
  it('is for its lead and admins', () => {
    expect(canChangeProblem(lead, combat)).toBe(true);
    expect(canChangeProblem(admin, combat)).toBe(true);
    expect(canChangeProblem(admin, unled)).toBe(true);
    expect(canChangeProblem(otherLead, combat)).toBe(false);
    expect(canChangeProblem(manager, combat)).toBe(false);
    expect(canChangeProblem(employee, unled)).toBe(false);
  });

  it('is refused to a named lead who no longer holds the lead role', () => {
    expect(canChangeProblem(account('p-lead'), combat)).toBe(false);
  });
});

describe('reopening a closed problem', () => {
  it('is for its lead and admins, and only while the problem is closed', () => {
    const closed = { ...combat, status: 'closed' };
    expect(canReopenProblem(lead, closed)).toBe(true);
    expect(canReopenProblem(admin, closed)).toBe(true);
    expect(canReopenProblem(admin, { ...unled, status: 'closed' })).toBe(true);
    expect(canReopenProblem(otherLead, closed)).toBe(false);
    expect(canReopenProblem(manager, closed)).toBe(false);
    expect(canReopenProblem(employee, closed)).toBe(false);
    expect(canReopenProblem(account('p-lead'), closed)).toBe(false);
    expect(canReopenProblem(lead, { ...combat, status: 'active' })).toBe(false);
  });
});

describe('importing a plan', () => {
  it('names the problems the account does not lead', () => {
    expect(problemsBeyondReach(lead, [combat, economy, unled])).toEqual(['economy', 'orphan']);
    expect(problemsBeyondReach(admin, [combat, economy, unled])).toEqual([]);
  });
});

describe('publishing a month', () => {
  it('is for admins and for a lead of one of the month’s problems', () => {
    expect(canPublish(admin, [])).toBe(true);
    expect(canPublish(lead, [economy, combat])).toBe(true);
    expect(canPublish(lead, [economy])).toBe(false);
    expect(canPublish(manager, [combat, economy])).toBe(false);
  });
});

describe('cancelling a plan run', () => {
  it('is for whoever started it and for admins', () => {
    expect(canCancelRun(lead, { startedBy: lead.id })).toBe(true);
    expect(canCancelRun(otherLead, { startedBy: lead.id })).toBe(false);
    expect(canCancelRun(admin, { startedBy: lead.id })).toBe(true);
    expect(canCancelRun(lead, { startedBy: null })).toBe(false);
  });
});

describe('people', () => {
  it('lets a person edit only their own profile, whatever their role', () => {
    expect(canEditProfile(employee, 'p-emp')).toBe(true);
    expect(canEditProfile(admin, 'p-emp')).toBe(false);
  });
});

describe('plan run scope', () => {
  const as = (roles: Role[], personId = 'p1'): Account => account(personId, ...roles);
  const problems = [
    { id: 'a', lead: 'p1' },
    { id: 'b', lead: 'p2' },
  ];

  it('lets only an admin plan the whole studio', () => {
    expect(canPlanStudio(as(['admin']))).toBe(true);
    expect(canPlanStudio(as(['lead']))).toBe(false);
    expect(canPlanStudio(undefined)).toBe(false);
  });

  it("gives a lead's own run only the problems they lead, and nothing to a lead of nothing", () => {
    expect(problemsLedBy(as(['lead']), problems).map((p) => p.id)).toEqual(['a']);
    expect(problemsLedBy(as(['lead'], 'p9'), problems)).toEqual([]);
    expect(problemsLedBy(as([], 'p1'), problems)).toEqual([]);
  });
});

describe('canSeeDraftSeatOf', () => {
  const seat = { personId: 'p-emp', problemLead: 'p-lead' };
  it('shows a draft seat to its holder, the lead of its problem and admins only', () => {
    expect(canSeeDraftSeatOf(employee, seat)).toBe(true);
    expect(canSeeDraftSeatOf(lead, seat)).toBe(true);
    expect(canSeeDraftSeatOf(admin, seat)).toBe(true);
    expect(canSeeDraftSeatOf(otherLead, seat)).toBe(false);
    expect(canSeeDraftSeatOf(manager, seat)).toBe(false);
    expect(canSeeDraftSeatOf(account('p-x'), seat)).toBe(false);
  });
  it('hides it from a lead who lost the role, and from a disabled account', () => {
    expect(canSeeDraftSeatOf(account('p-lead'), seat)).toBe(false);
    expect(canSeeDraftSeatOf({ ...employee, disabled: true }, seat)).toBe(false);
  });
});

describe('the network pages', () => {
  it('shows influencers to managers, leads and admins, never to an employee', () => {
    expect([employee, lead, manager, admin].map(canSeeInfluencers)).toEqual([false, true, true, true]);
    expect(canSeeInfluencers(undefined)).toBe(false);
  });

  it('shows silos to managers and admins only', () => {
    expect([employee, lead, manager, admin].map(canSeeSilos)).toEqual([false, false, true, true]);
  });

  it('shows key-person impact to leads, managers and admins', () => {
    expect([employee, lead, manager, admin].map(canSeeKeyPersonImpact)).toEqual([false, true, true, true]);
  });
});

describe('applying a way out', () => {
  const change = (over: Partial<Parameters<typeof canApplyWayOut>[1]>) => ({
    problems: [],
    policy: false,
    profiles: [],
    ...over,
  });

  it("lets a problem's lead and admins change its fields and pins, nobody else", () => {
    const mine = change({ problems: [combat] });
    expect([employee, lead, otherLead, manager, admin].map((a) => canApplyWayOut(a, mine))).toEqual([
      false,
      true,
      false,
      false,
      true,
    ]);
    // Starting another lead's problem later touches that problem too.
    expect(canApplyWayOut(lead, change({ problems: [combat, economy] }))).toBe(false);
  });

  it('leaves the rotation policy to admins', () => {
    const policy = change({ problems: [combat], policy: true });
    expect([lead, manager, admin].map((a) => canApplyWayOut(a, policy))).toEqual([false, false, true]);
  });

  it("leaves a person's unavailable months to that person, even against an admin", () => {
    expect(canApplyWayOut(admin, change({ profiles: ['p-emp'] }))).toBe(false);
    expect(canApplyWayOut(employee, change({ profiles: ['p-emp'] }))).toBe(true);
    expect(canApplyWayOut(lead, change({ problems: [combat], profiles: ['p-emp'] }))).toBe(false);
  });
});

/**
 * Who may do what: the one access policy of Cabal. Every function is pure, over an account and the resource it
 * concerns; routes, services and path gates call these rather than reading roles themselves.
 */
import type { Account, Role } from './account.ts';
import type { Problem } from './types.ts';

/** Tells whether an account holds a role; an admin holds every right a role gives. */
export function hasRole(account: Account | undefined, role: Role): boolean {
  return !!account && (account.roles.includes(role) || account.roles.includes('admin'));
}

/** Tells whether an account is an admin. */
export function isAdmin(account: Account | undefined): boolean {
  return !!account && account.roles.includes('admin');
}

/** Leads (and admins) plan: the plan page, plan runs and following a run's progress. */
export function canPlan(account: Account | undefined): boolean {
  return hasRole(account, 'lead');
}

/** A studio-wide plan run (every problem at once, whoever leads it) is an admin action. */
export function canPlanStudio(account: Account | undefined): boolean {
  return isAdmin(account);
}

/** The problems a lead's own run plans: the ones they lead (and may change); an admin's own run likewise. */
export function problemsLedBy<P extends Pick<Problem, 'lead'>>(account: Account, problems: Iterable<P>): P[] {
  return [...problems].filter((p) => p.lead === account.personId && canChangeProblem(account, p));
}

/** Leads (and admins) may open new design problems, which they then lead. */
export function canCreateProblem(account: Account | undefined): boolean {
  return hasRole(account, 'lead');
}

/** Only the problem's lead, while they hold the lead role, or an admin may change a problem, its pins or its cabals. */
export function canChangeProblem(account: Account, problem: Pick<Problem, 'lead'>): boolean {
  return isAdmin(account) || (account.roles.includes('lead') && problem.lead === account.personId);
}

/**
 * A closed problem is reopened by whoever may change it: its lead (while they hold the lead role) or an admin. Only a
 * closed problem can be reopened.
 */
export function canReopenProblem(account: Account, problem: Pick<Problem, 'lead'> & { status: string }): boolean {
  return problem.status === 'closed' && canChangeProblem(account, problem);
}

/** A plan run or import may touch only problems the account may change; returns the ids of those it may not. */
export function problemsBeyondReach(account: Account, problems: Iterable<Pick<Problem, 'id' | 'lead'>>): string[] {
  return [...problems].filter((p) => !canChangeProblem(account, p)).map((p) => p.id);
}

/** A month is published by an admin or by someone who may change one of the problems staffed that month. */
export function canPublish(account: Account, problemsInMonth: Iterable<Pick<Problem, 'lead'>>): boolean {
  return isAdmin(account) || [...problemsInMonth].some((p) => canChangeProblem(account, p));
}

/** Only whoever started a plan run, or an admin, may cancel it. */
export function canCancelRun(account: Account, run: { startedBy: number | null }): boolean {
  return isAdmin(account) || (run.startedBy !== null && run.startedBy === account.id);
}

/**
 * A way out of an infeasible plan is applied by whoever may make every change it makes: a problem's fields and its
 * pins by whoever may change that problem, the rotation policy by an admin, and a person's unavailable months by that
 * person alone.
 */
export function canApplyWayOut(
  account: Account,
  change: { problems: Pick<Problem, 'lead'>[]; policy: boolean; profiles: string[] },
): boolean {
  return (
    change.problems.every((p) => canChangeProblem(account, p)) &&
    (!change.policy || canAdminister(account)) &&
    change.profiles.every((id) => canEditProfile(account, id))
  );
}

/** Managers (and admins) see the coverage heatmap, its CSVs and the studio figures on the dashboard. */
export function canSeeCoverage(account: Account | undefined): boolean {
  return hasRole(account, 'manager');
}

/** Only admins administer: accounts and roles, the rotation policy, the HR import of people, the audit log. */
export function canAdminister(account: Account | undefined): boolean {
  return isAdmin(account);
}

/** A profile's self-owned fields (skills, interests, unavailable months) are changed only by the person themselves. */
export function canEditProfile(account: Account, personId: string): boolean {
  return account.personId === personId;
}

/**
 * An admin may reset another account's password and disable or enable it. Nobody may do so to their own account:
 * they change their own password at /me/password, and an admin disabling themselves could leave no admin.
 */
export function canManageAccount(actor: Account, target: Pick<Account, 'id'>): boolean {
  return isAdmin(actor) && actor.id !== target.id;
}

/**
 * On a person's page, an upcoming draft seat is shown only to that person, to the lead of the seat's problem (while
 * they hold the lead role) and to admins: drafts may still change, so the rest of the studio sees published months.
 */
export function canSeeDraftSeatOf(account: Account, seat: { personId: string; problemLead: string | null }): boolean {
  return (
    !account.disabled &&
    (account.personId === seat.personId ||
      isAdmin(account) ||
      (account.roles.includes('lead') && seat.problemLead === account.personId))
  );
}

/** Managers and leads (and admins) see who holds the network together: the influencers and their CSV. */
export function canSeeInfluencers(account: Account | undefined): boolean {
  return hasRole(account, 'manager') || hasRole(account, 'lead');
}

/** Managers (and admins) see where departments do not meet: the department × department ties and communities. */
export function canSeeSilos(account: Account | undefined): boolean {
  return hasRole(account, 'manager');
}

/** Leads and managers (and admins) see what the studio would lose if a person left, with a re-plan preview. */
export function canSeeKeyPersonImpact(account: Account | undefined): boolean {
  return hasRole(account, 'manager') || hasRole(account, 'lead');
}

/**
 * The audit log is read by admins and by managers, who read everything and change nothing (PRODUCT.md); nobody may
 * change or delete an entry, so there is no predicate for that.
 */
export function canReadAuditLog(account: Account | undefined): boolean {
  return hasRole(account, 'manager');
}

import { currentMonth, type Clock } from '../../domain/clock.ts';
import { addMonths, compareMonths, monthLabel, monthRange } from '../../domain/month.ts';
import { isActiveIn } from '../../domain/types.ts';
import type { ProblemPage } from '../../services/problems.ts';
import { canChangeProblem, canReopenProblem } from '../../domain/access.ts';
import type { Account } from '../../domain/account.ts';

type AuditView = ProblemPage['audit'][number];

/** What a viewer may do on a problem's page: all that the page's shape depends on about the viewer. */
export interface ProblemPageAccess {
  /** Changes the problem and its draft cabals (its lead or an admin, while the problem is not closed). */
  canChange: boolean;
  /** Reopens the problem (its lead or an admin, once it is closed). */
  canReopen: boolean;
}

/** What an account may do on a problem's page, from the access policy (src/domain/access.ts). */
export function problemPageAccess(account: Account, problem: ProblemPage['problem']): ProblemPageAccess {
  return {
    canChange: canChangeProblem(account, problem) && problem.status !== 'closed',
    canReopen: canReopenProblem(account, problem),
  };
}

const TAG_LABELS: Record<string, string> = {
  affected: 'affected',
  outsider: 'outsider',
  'carry-over': 'stays on',
  pinned: 'pinned',
};

/**
 * Shapes the problem page for its template: the timeline month by month, who stays on, pins, and the forms the
 * viewer's access allows. It depends on the viewer only through `access`, so it may be shared by every viewer with
 * the same access.
 */
export function problemPageData(page: ProblemPage, access: ProblemPageAccess, clock: Clock) {
  const { problem, cabals, pins, audit } = page;
  const { canChange, canReopen } = access;
  const now = currentMonth(clock);
  const byMonth = new Map(cabals.map((c) => [c.month, c]));
  // A problem's months are published in order, so only its first draft month can be published next.
  const firstDraft = cabals.find((c) => c.status === 'draft')?.month;
  const timeline = cabals.map((c) => {
    const previous = byMonth.get(addMonths(c.month, -1));
    // Who stays on is read from last month's roster, not from stored tags, which a later swap in that month can outdate.
    const before = new Set(previous?.members.map((m) => m.personId) ?? []);
    const stays = c.members.filter((m) => before.has(m.personId)).length;
    return {
      ...c,
      isDraft: c.status === 'draft',
      isCurrent: c.month === now,
      isPast: compareMonths(c.month, now) < 0,
      editable: canChange && c.status === 'draft',
      publishable: canChange && c.month === firstDraft,
      carryOverNote: previous
        ? `${stays} of ${c.members.length} stay on from ${monthLabel(previous.month)}`
        : 'first month: no carry-over',
      members: c.members.map((m) => ({
        ...m,
        carryOver: before.has(m.personId),
        tagList: [...m.tags.filter((t) => t !== 'carry-over'), ...(before.has(m.personId) ? ['carry-over'] : [])].map(
          (t) => ({
            tag: t,
            label: Object.hasOwn(TAG_LABELS, t) ? TAG_LABELS[t] : t.replace(/^skill:/, 'skill: '),
            kind: t.startsWith('skill:') ? 'skill' : t,
          }),
        ),
        pinnedIn: pins.some((p) => p.month === c.month && p.person === m.personId && p.mode === 'include'),
      })),
      pins: pins.filter((p) => p.month === c.month),
    };
  });
  const drafted = new Set(cabals.map((c) => c.month));
  const upcoming =
    canChange && problem.status === 'active'
      ? monthRange(page.nextMonth, 12).filter((m) => isActiveIn(problem, m) && !drafted.has(m))
      : [];
  const closed = problem.status === 'closed';
  return {
    title: problem.title,
    // A closed problem is history: it is not planned, so whether it could be staffed is beside the point.
    unreachableSkills: closed ? [] : page.unreachableSkills,
    closed,
    canReopen,
    closedAt: closed ? page.audit.find((e) => e.action === 'problem.close') : undefined,
    upcoming,
    pinsAhead: pins.filter((p) => !drafted.has(p.month)),
    problem,
    timeline,
    pins,
    audit: groupAudit(audit).slice(0, 40),
    canChange,
  };
}

/** One line of the audit trail: entries of one action at one moment by one person, with everyone it moved. */
interface AuditLine extends AuditView {
  people: string[];
}

/** Folds the entries a single action wrote (a plan run seats many people at once) into one line per month. */
function groupAudit(entries: AuditView[]): AuditLine[] {
  const lines: AuditLine[] = [];
  for (const e of entries) {
    const last = lines.at(-1);
    const same =
      last &&
      last.at === e.at &&
      last.actorName === e.actorName &&
      last.action === e.action &&
      last.detail === e.detail &&
      last.month === e.month;
    if (same) {
      if (e.personName) last.people.push(e.personName);
    } else lines.push({ ...e, people: e.personName ? [e.personName] : [] });
  }
  return lines;
}

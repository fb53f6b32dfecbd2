import { streakEndingAt } from './streaks.ts';
import { addMonths, type Month } from './month.ts';

/** One of a person's cabal seats, as their rotation page starts from. */
export interface MySeat {
  month: Month;
  status: 'draft' | 'published';
  problemId: string;
  problemTitle: string;
  leadId: string | null;
  leadName: string | null;
  tags: string[];
  why: string;
}

/** A member of a cabal, as a roster lists them. */
export interface RosterMember {
  id: string;
  name: string;
  departmentName: string;
  tags: string[];
}

/** The members of one problem's cabal in one month. */
export interface Roster {
  problemId: string;
  month: Month;
  members: RosterMember[];
}

/** A co-member on a person's rotation page, with whether they stay on from last month. */
export interface CoMember extends RosterMember {
  staysOn: boolean;
}

/** Where a person goes the month after a cabal month. */
export type NextMonth =
  | { kind: 'stays' }
  | { kind: 'moves'; problemId: string; problemTitle: string }
  | { kind: 'rests' }
  | { kind: 'unplanned' };

/** One month of a person's rotation, with everything the page shows about it. */
export interface RotationMonth extends MySeat {
  coMembers: CoMember[];
  /** Whether the person was in this problem's cabal the month before. */
  iStayOn: boolean;
  next: NextMonth;
}

/** When a person rests next: a month of the schedule, or the policy's latest month when the schedule ends first. */
export interface NextRest {
  month: Month;
  /** True when the schedule shows the rest; false when it is only the latest the policy allows. */
  planned: boolean;
  now: boolean;
}

/** A person's whole rotation: this month, upcoming months (oldest first), past months (newest first). */
export interface Rotation {
  current: RotationMonth | undefined;
  /** Whether the schedule reaches this month (drafted or published for anyone). */
  currentPlanned: boolean;
  upcoming: RotationMonth[];
  past: RotationMonth[];
  consecutive: number;
  limit: number;
  nextRest: NextRest;
}

/**
 * When a person next rests: the first month from `current` on without a seat, if the schedule reaches it;
 * otherwise (the schedule ends first) the latest month the consecutive-month limit allows, counting earlier months.
 */
export function nextRest(
  served: ReadonlySet<Month>,
  current: Month,
  lastScheduled: Month | undefined,
  limit: number,
): NextRest {
  let m = current;
  while (served.has(m)) m = addMonths(m, 1);
  if (lastScheduled !== undefined && m <= lastScheduled) return { month: m, planned: true, now: m === current };
  const runStart = addMonths(m, -streakEndingAt(served, addMonths(m, -1)));
  const latest = addMonths(runStart, limit);
  return { month: latest > m ? latest : m, planned: false, now: false };
}

/**
 * The consecutive months served so far: the run that includes this month, or, while this month is not planned
 * yet, the run that ended last month (it may still go on).
 */
export function consecutiveSoFar(served: ReadonlySet<Month>, current: Month, lastScheduled: Month | undefined): number {
  const planned = lastScheduled !== undefined && current <= lastScheduled;
  return served.has(current) || planned
    ? streakEndingAt(served, current)
    : streakEndingAt(served, addMonths(current, -1));
}

const key = (problemId: string, month: Month) => `${problemId}\u0000${month}`;

/** Annotates a person's seats with co-members, who stays on from last month, and where the person goes next. */
export function annotateSeats(input: {
  personId: string;
  seats: MySeat[];
  rosters: Roster[];
  lastScheduled: Month | undefined;
}): RotationMonth[] {
  const { personId, seats, lastScheduled } = input;
  const rosters = new Map(input.rosters.map((r) => [key(r.problemId, r.month), r.members]));
  const byMonth = new Map(seats.map((s) => [s.month, s]));
  return seats.map((s): RotationMonth => {
    const previous = new Set((rosters.get(key(s.problemId, addMonths(s.month, -1))) ?? []).map((m) => m.id));
    const nextMonth = addMonths(s.month, 1);
    const nextSeat = byMonth.get(nextMonth);
    const next: NextMonth = nextSeat
      ? nextSeat.problemId === s.problemId
        ? { kind: 'stays' }
        : { kind: 'moves', problemId: nextSeat.problemId, problemTitle: nextSeat.problemTitle }
      : lastScheduled !== undefined && nextMonth <= lastScheduled
        ? { kind: 'rests' }
        : { kind: 'unplanned' };
    const coMembers = (rosters.get(key(s.problemId, s.month)) ?? [])
      .filter((m) => m.id !== personId)
      .map((m) => ({ ...m, staysOn: previous.has(m.id) }));
    return { ...s, coMembers, iStayOn: previous.has(personId), next };
  });
}

/** Builds a person's rotation as of a month: this month, what comes, what was, the streak and the next rest. */
export function buildRotation(input: {
  personId: string;
  seats: MySeat[];
  rosters: Roster[];
  current: Month;
  lastScheduled: Month | undefined;
  limit: number;
}): Rotation {
  const { current, lastScheduled, limit } = input;
  const months = annotateSeats(input);
  const served = new Set(input.seats.map((s) => s.month));
  return {
    current: months.find((m) => m.month === current),
    currentPlanned: lastScheduled !== undefined && current <= lastScheduled,
    upcoming: months.filter((m) => m.month > current).sort((a, b) => a.month.localeCompare(b.month)),
    past: months.filter((m) => m.month < current).sort((a, b) => b.month.localeCompare(a.month)),
    consecutive: consecutiveSoFar(served, current, lastScheduled),
    limit,
    nextRest: nextRest(served, current, lastScheduled, limit),
  };
}

/** The months around a set of months (each, the one before and the one after), for loading the rosters a rotation needs. */
export function monthsAround(months: Month[]): Month[] {
  return [...new Set(months.flatMap((m) => [addMonths(m, -1), m, addMonths(m, 1)]))].sort();
}

import { DateTime } from 'luxon';
import type { Db } from '../../db/client.ts';
import { findPerson, type PersonRecord } from '../../db/repos/people.ts';
import { rostersOf, seatsOf } from '../../db/repos/rotation.ts';
import { canSeeDraftSeatOf } from '../../domain/access.ts';
import type { Account } from '../../domain/account.ts';
import { currentMonth, type Clock } from '../../domain/clock.ts';
import type { Month } from '../../domain/month.ts';
import type { RosterMember } from '../../domain/rotation.ts';

/** One cabal seat on a person's page: the month, the problem and who else sat in it. */
export interface PersonSeat {
  month: Month;
  status: 'draft' | 'published';
  problemId: string;
  problemTitle: string;
  coMembers: RosterMember[];
}

/** Everything /people/:id shows, already cut to what the viewer may see. */
export interface PersonPage {
  person: PersonRecord;
  /** When HR last updated the person, for people to read. */
  hrUpdated: string | undefined;
  /** The viewer is this person (they get a link to edit their profile). */
  isSelf: boolean;
  skills: { skill: string; level: number }[];
  /** Every published month, newest first. */
  history: PersonSeat[];
  /** Draft seats from this month on that the viewer may see, soonest first. */
  upcoming: PersonSeat[];
}

/**
 * Builds a person's page for a viewer: HR fields with their source, skills and interests, every published cabal
 * month with its co-members, and the upcoming draft seats only when the viewer is the person, the lead of the seat's
 * problem or an admin. Undefined when there is no such person.
 */
export function personPage(db: Db, clock: Clock, viewer: Account, personId: string): PersonPage | undefined {
  const person = findPerson(db, personId);
  if (!person) return undefined;
  const month = currentMonth(clock);
  const seats = seatsOf(db, personId);
  const published = seats.filter((s) => s.status === 'published');
  const drafts = seats.filter(
    (s) => s.status === 'draft' && s.month >= month && canSeeDraftSeatOf(viewer, { personId, problemLead: s.leadId }),
  );
  const shown = [...published, ...drafts];
  const rosters = new Map(
    rostersOf(db, [...new Set(shown.map((s) => s.problemId))], [...new Set(shown.map((s) => s.month))]).map((r) => [
      `${r.problemId}\u0000${r.month}`,
      r.members,
    ]),
  );
  const seat = (s: (typeof seats)[number]): PersonSeat => ({
    month: s.month,
    status: s.status,
    problemId: s.problemId,
    problemTitle: s.problemTitle,
    coMembers: (rosters.get(`${s.problemId}\u0000${s.month}`) ?? []).filter((m) => m.id !== personId),
  });
  const hrUpdated = person.hrUpdatedAt ? DateTime.fromISO(person.hrUpdatedAt, { zone: 'utc' }) : undefined;
  return {
    person,
    hrUpdated: hrUpdated?.isValid ? hrUpdated.toFormat('d LLLL yyyy') : undefined,
    isSelf: viewer.personId === personId,
    skills: Object.entries(person.skills)
      .map(([skill, level]) => ({ skill, level }))
      .sort((a, b) => b.level - a.level || a.skill.localeCompare(b.skill)),
    history: published.map(seat).reverse(),
    upcoming: drafts.map(seat),
  };
}

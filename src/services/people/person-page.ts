import { DateTime } from 'luxon';
import type { Db } from '../../db/client.ts';
import { findPerson, type PersonRecord } from '../../db/repos/people.ts';
import { rostersOf, seatsOf } from '../../db/repos/rotation.ts';
import { canSeeDraftSeatOf } from '../../domain/access.ts';
import type { Account } from '../../domain/account.ts';
import { currentMonth, type Clock } from '../../domain/clock.ts';
import type { Month } from '../../domain/month.ts';
import type { RosterMember } from '../../domain/rotation.ts';
import type { StudioCache } from '../studio-cache.ts';
import type { CommonContact, Contact } from '../../domain/network.ts';
import type { NetworkService } from '../network.ts';

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

/** What a person's page reads from the database, the same for every viewer: the person, their seats, and rosters. */
interface PersonFacts {
  person: PersonRecord;
  seats: ReturnType<typeof seatsOf>;
  /** Every roster of every seat of theirs, keyed by problem and month. */
  rosters: Map<string, RosterMember[]>;
}

function personFacts(db: Db, personId: string): PersonFacts | undefined {
  const person = findPerson(db, personId);
  if (!person) return undefined;
  const seats = seatsOf(db, personId);
  const rosters = new Map(
    rostersOf(db, [...new Set(seats.map((s) => s.problemId))], [...new Set(seats.map((s) => s.month))]).map((r) => [
      `${r.problemId}\u0000${r.month}`,
      r.members,
    ]),
  );
  return { person, seats, rosters };
}

/**
 * Builds a person's page for a viewer: HR fields with their source, skills and interests, every published cabal
 * month with its co-members, and the upcoming draft seats only when the viewer is the person, the lead of the seat's
 * problem or an admin. Undefined when there is no such person. With a cache, what it reads from the database is
 * read once per person and version of the studio's data; only what the viewer may see is decided per request.
 */
export function personPage(
  db: Db,
  clock: Clock,
  viewer: Account,
  personId: string,
  cache?: StudioCache,
): PersonPage | undefined {
  const facts = cache
    ? cache.get(`person-facts:${personId}`, () => personFacts(db, personId))
    : personFacts(db, personId);
  if (!facts) return undefined;
  const { person, seats, rosters } = facts;
  const month = currentMonth(clock);
  const published = seats.filter((s) => s.status === 'published');
  const drafts = seats.filter(
    (s) => s.status === 'draft' && s.month >= month && canSeeDraftSeatOf(viewer, { personId, problemLead: s.leadId }),
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

/** How many of a person's contacts their page lists; the count says how many there are in all. */
export const NEIGHBOURS_SHOWN = 30;

/** The network part of a person's page, for one viewer. */
export interface PersonNetwork {
  /** The people they served with in published cabals, most months together first (at most NEIGHBOURS_SHOWN). */
  neighbours: Contact[];
  /** How many people they served with in all. */
  neighbourCount: number;
  /** The viewer is this person: no shared contacts or introduction to show. */
  isSelf: boolean;
  /** Months the viewer served with this person (0 when never). */
  monthsWithViewer: number;
  /** The viewer's contacts this person also served with, best known to both first. */
  shared: CommonContact[];
  /** The introduction page from the viewer to this person (names, strong ties first). */
  pathHref?: string;
}

/**
 * A person's place in the cabal network as their page shows it to a viewer: their neighbours weighted by months
 * together, and the contacts the viewer shares with them with a link to the introduction path. Reads the cached
 * network (src/services/network.ts), never the database; a person outside the network (inactive) has none.
 */
export function personNetwork(network: NetworkService, viewer: Account, personId: string): PersonNetwork {
  const all = network.neighbours(personId);
  const isSelf = viewer.personId === personId;
  const withViewer = all.find((c) => c.id === viewer.personId);
  const inNetwork = network.person(personId) !== undefined && network.person(viewer.personId) !== undefined;
  return {
    neighbours: all.slice(0, NEIGHBOURS_SHOWN),
    neighbourCount: all.length,
    isSelf,
    monthsWithViewer: withViewer?.months ?? 0,
    shared: isSelf ? [] : network.commonContacts(viewer.personId, personId),
    pathHref:
      isSelf || !inNetwork
        ? undefined
        : `/network/path?${new URLSearchParams({ from: viewer.personId, to: personId }).toString()}`,
  };
}

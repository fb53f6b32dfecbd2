import { randomBytes } from 'node:crypto';
import { createEvents, type EventAttributes } from 'ics';
import type { Db } from '../db/client.ts';
import { calendarTokenOf, personByCalendarToken, replaceCalendarToken } from '../db/repos/calendar-tokens.ts';
import { rostersOf, seatsOf } from '../db/repos/rotation.ts';
import type { Clock } from '../domain/clock.ts';
import { addMonths, monthLabel, monthStart, type Month } from '../domain/month.ts';
import { annotateSeats, monthsAround } from '../domain/rotation.ts';
import type { StudioCache } from './studio-cache.ts';

/** A new feed token: 32 random bytes, URL-safe, so it cannot be guessed. */
function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A person's feed token, or undefined until they create one. */
export function feedTokenOf(db: Db, personId: string): string | undefined {
  return calendarTokenOf(db, personId);
}

/** Creates a person's feed token, or replaces it: the old URL stops working at once. */
export function regenerateFeedToken(db: Db, clock: Clock, personId: string): string {
  const token = newToken();
  db.transaction((tx) => replaceCalendarToken(tx, personId, token, clock.now().toISO()!));
  return token;
}

const dateOf = (month: Month): [number, number, number] => {
  const d = monthStart(month);
  return [d.year, d.month, d.day];
};

/**
 * The ICS feed behind a token: one all-day event spanning each month the person holds a seat, with the
 * problem, its lead, the co-members and a link. Undefined for an unknown or revoked token. The token is checked on
 * every request; the feed itself comes from the cache until the studio's data changes (calendar apps poll).
 */
export function calendarFeed(db: Db, cache: StudioCache, token: string, baseUrl: string): string | undefined {
  const person = personByCalendarToken(db, token);
  if (!person) return undefined;
  return cache.get(`feed:${person.id}:${baseUrl}`, () => buildFeed(db, person, baseUrl));
}

function buildFeed(db: Db, person: { id: string; name: string }, baseUrl: string): string {
  const found = db.transaction((tx) => {
    const seats = seatsOf(tx, person.id);
    const rosters = rostersOf(tx, [...new Set(seats.map((s) => s.problemId))], monthsAround(seats.map((s) => s.month)));
    return { months: annotateSeats({ personId: person.id, seats, rosters, lastScheduled: undefined }) };
  });
  const { months } = found;
  const events: EventAttributes[] = months.map((m) => {
    const withWhom = m.coMembers.map((c) => `${c.name} (${c.departmentName}${c.staysOn ? ', stays on' : ''})`);
    const link = `${baseUrl}/problems/${encodeURIComponent(m.problemId)}`;
    return {
      uid: `cabal-${m.month}-${m.problemId}-${person.id}@cabal`,
      title: `Cabal: ${m.problemTitle}`,
      start: dateOf(m.month),
      end: dateOf(addMonths(m.month, 1)),
      status: m.status === 'published' ? 'CONFIRMED' : 'TENTATIVE',
      transp: 'TRANSPARENT',
      url: link,
      categories: ['cabal'],
      description: [
        `${m.problemTitle}, ${monthLabel(m.month)}${m.status === 'draft' ? ' (draft: may change until the lead publishes it)' : ''}`,
        m.leadName ? `Lead: ${m.leadName}` : undefined,
        `With: ${withWhom.join(', ') || 'nobody else yet'}`,
        m.tags.length ? `Your tags: ${m.tags.join(', ')}` : undefined,
        m.why ? `Why you: ${m.why}` : undefined,
        link,
      ]
        .filter(Boolean)
        .join('\n'),
    };
  });
  const { error, value } = createEvents(events, {
    productId: 'cabal/rotation',
    calName: `Cabal rotation: ${person.name}`,
  });
  if (error || value === null) throw new Error('calendar: unable to build the feed', { cause: error });
  return foldIcsLines(value);
}

/** The longest content line RFC 5545 (section 3.1) allows, in octets, not counting the line break. */
const ICS_LINE_OCTETS = 75;

/**
 * Refolds an iCalendar text so that no line is longer than 75 octets of UTF-8, as RFC 5545 section 3.1 requires: the
 * `ics` library folds at 75 characters, which a CJK or emoji title turns into lines of 100 octets and more. Lines
 * are unfolded first, then broken only between code points (never inside a UTF-8 sequence), each continuation line
 * starting with one space. Lines end in CRLF.
 */
export function foldIcsLines(text: string): string {
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  const out: string[] = [];
  for (const line of lines) {
    let current = '';
    let octets = 0;
    let limit = ICS_LINE_OCTETS;
    for (const char of line) {
      const size = Buffer.byteLength(char, 'utf8');
      if (octets + size > limit) {
        out.push(current);
        current = ' ';
        octets = 1;
        limit = ICS_LINE_OCTETS;
      }
      current += char;
      octets += size;
    }
    out.push(current);
  }
  return out.join('\r\n');
}

import { and, eq } from 'drizzle-orm';
import type { Conn } from '../client.ts';
import { calendarTokens, people } from '../schema.ts';

/** A person's current calendar feed token, or undefined when they have none yet. */
export function calendarTokenOf(db: Conn, personId: string): string | undefined {
  return db
    .select({ token: calendarTokens.token })
    .from(calendarTokens)
    .where(eq(calendarTokens.personId, personId))
    .get()?.token;
}

/** The person a feed token belongs to, or undefined for an unknown or revoked token (and for inactive people). */
export function personByCalendarToken(db: Conn, token: string): { id: string; name: string } | undefined {
  return db
    .select({ id: people.id, name: people.name })
    .from(calendarTokens)
    .innerJoin(people, eq(people.id, calendarTokens.personId))
    .where(and(eq(calendarTokens.token, token), eq(people.active, true)))
    .get();
}

/** Stores a person's feed token, replacing (and so revoking) any earlier one. */
export function replaceCalendarToken(db: Conn, personId: string, token: string, at: string): void {
  db.insert(calendarTokens)
    .values({ personId, token, createdAt: at })
    .onConflictDoUpdate({ target: calendarTokens.personId, set: { token, createdAt: at } })
    .run();
}

import type { Db } from '../../db/client.ts';
import { rostersOf } from '../../db/repos/rotation.ts';
import { currentMonth, type Clock } from '../../domain/clock.ts';
import type { RosterMember } from '../../domain/rotation.ts';

/** Who sits in each of some problems' cabals this month (drafts included, as problem pages show them): problem id → members. */
export function membersThisMonth(db: Db, clock: Clock, problemIds: string[]): Map<string, RosterMember[]> {
  return new Map(rostersOf(db, problemIds, [currentMonth(clock)]).map((r) => [r.problemId, r.members]));
}

import type { Db } from '../../db/client.ts';
import { tagCounts } from '../../db/repos/search.ts';
import { cloudStep } from '../../domain/people-search.ts';
import type { StudioCache } from '../studio-cache.ts';

/** At most this many interests are shown (the most held); skills are few enough to show all. */
export const MAX_CLOUD_INTERESTS = 60;

/** One tag of the cloud: its name, how many people hold it, and its size step (1..5). */
export interface CloudTag {
  tag: string;
  count: number;
  step: number;
}

/** The studio's tag cloud: skills and interests, each sized by how many active people hold it, in name order. */
export interface TagCloud {
  skills: CloudTag[];
  interests: CloudTag[];
  /** Interests left out because the cloud shows only the most held. */
  moreInterests: number;
}

/** Builds the tag cloud of /people from who holds which skill and interest. */
export function tagCloud(db: Db): TagCloud {
  const counts = tagCounts(db);
  const shown = counts.interests.slice(0, MAX_CLOUD_INTERESTS);
  const all = [...counts.skills, ...shown].map((t) => t.count);
  const min = Math.min(...all);
  const max = Math.max(...all);
  const sized = (tags: { tag: string; count: number }[]) =>
    tags.map((t) => ({ ...t, step: cloudStep(t.count, min, max) })).sort((a, b) => a.tag.localeCompare(b.tag));
  return {
    skills: sized(counts.skills),
    interests: sized(shown),
    moreInterests: counts.interests.length - shown.length,
  };
}

/**
 * The tag cloud as /people shows it, computed once per version of the studio's data (a profile edit or an HR import
 * bumps it through the person_skills, person_interests and people triggers) rather than on every request.
 */
export function cachedTagCloud(db: Db, cache: StudioCache): TagCloud {
  return cache.get('people:tag-cloud', () => tagCloud(db));
}

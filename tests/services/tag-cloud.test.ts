import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock.ts';
import { cachedTagCloud } from '../../src/services/people/tag-cloud.ts';
import { updateOwnProfile } from '../../src/services/profile.ts';
import { StudioCache } from '../../src/services/studio-cache.ts';
import { freshDb, TEST_NOW, tinyStudio } from '../helpers/test-app.ts';

describe('the cached tag cloud', () => {
  it('is computed once per data version, and again as soon as a profile changes a skill or an interest', async () => {
    const db = freshDb();
    await tinyStudio(db);
    const cache = new StudioCache(db);
    const first = cachedTagCloud(db, cache);
    expect(first.skills.map((t) => t.tag)).toEqual(['netcode']);
    // Same data, same object: nothing was counted again.
    expect(cachedTagCloud(db, cache)).toBe(first);
    updateOwnProfile(db, fixedClock(TEST_NOW), 'p1', {
      timeZone: 'UTC',
      skills: { rigging: 3, netcode: 2 },
      interests: ['climbing'],
      unavailable: [],
    });
    const after = cachedTagCloud(db, cache);
    expect(after).not.toBe(first);
    expect(after.skills.map((t) => `${t.tag} ${t.count}`)).toEqual(['netcode 6', 'rigging 1']);
    expect(after.interests.map((t) => t.tag)).toEqual(['climbing', 'ui']);
  });
});

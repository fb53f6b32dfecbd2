import { describe, expect, it } from 'vitest';
import { StudioCache } from '../../src/services/studio-cache.ts';
import { freshDb, tinyStudio } from '../helpers/test-app.ts';

describe('studio cache', () => {
  it('computes once per data version and again after a write to the studio data', async () => {
    const db = freshDb();
    await tinyStudio(db);
    const cache = new StudioCache(db);
    let runs = 0;
    const names = () =>
      cache.get('names:all', () => {
        runs++;
        return (db.$client.prepare('select name from people order by id').all() as { name: string }[]).map(
          (r) => r.name,
        );
      });
    expect(names()[0]).toBe('Ada Moss');
    expect(names()[0]).toBe('Ada Moss');
    expect(runs).toBe(1);
    db.$client.prepare(`update people set name = 'Ada Moss-Lind' where id = 'p1'`).run();
    expect(names()[0]).toBe('Ada Moss-Lind');
    expect(runs).toBe(2);
  });

  it('keeps at most the limit of each space, dropping the oldest first', () => {
    const cache = new StudioCache(freshDb(), 3, { big: 1 });
    let runs = 0;
    const get = (key: string) => cache.get(key, () => ++runs);
    get('small:a');
    get('small:b');
    get('big:x');
    get('big:y');
    expect(runs).toBe(4);
    // big:x was dropped for big:y; the small space kept both of its entries.
    get('big:x');
    get('small:a');
    get('small:b');
    expect(runs).toBe(5);
  });
});

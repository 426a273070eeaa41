import { describe, expect, it } from 'vitest';
import { ttlCache } from './ttl-cache.ts';

describe('ttlCache', () => {
  it('loads a key once for concurrent misses and serves it until it expires', async () => {
    const cache = ttlCache<number>(60_000);
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 5));
      return 42;
    };
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([42, 42]);
    expect(await cache.get('a', load)).toBe(42);
    expect(loads).toBe(1);
    cache.delete('a');
    await cache.get('a', load);
    expect(loads).toBe(2);
  });

  it('does not keep what keepIf refuses: an assistant not found yet is looked up again', async () => {
    const cache = ttlCache<{ id: string } | undefined>(60_000, 100, { keepIf: Boolean });
    const table: { row?: { id: string } } = {};
    let loads = 0;
    const load = async () => (loads++, table.row);
    expect(await cache.get('asst', load)).toBeUndefined();
    table.row = { id: 'asst' };
    expect(await cache.get('asst', load)).toEqual({ id: 'asst' });
    expect(await cache.get('asst', load)).toEqual({ id: 'asst' });
    expect(loads).toBe(2);
  });

  it('expires entries after their time to live', async () => {
    const cache = ttlCache<number>(20);
    let n = 0;
    const load = async () => ++n;
    expect(await cache.get('k', load)).toBe(1);
    await new Promise((r) => setTimeout(r, 40));
    expect(await cache.get('k', load)).toBe(2);
  });
});

/**
 * A small per-process cache with expiry, for lookups on latency-critical paths (a caller is waiting).
 * Entries expire quickly, so a change made on another instance shows within the TTL.
 */
export function ttlCache<V>(ttlMs: number, maxEntries = 10_000) {
  const entries = new Map<string, { value: V; expires: number }>();
  return {
    async get(key: string, load: () => Promise<V>): Promise<V> {
      const hit = entries.get(key);
      if (hit && hit.expires > Date.now()) return hit.value;
      const value = await load();
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, { value, expires: Date.now() + ttlMs });
      return value;
    },
    delete(key: string) {
      entries.delete(key);
    },
  };
}

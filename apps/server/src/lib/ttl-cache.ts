/**
 * A small per-process cache with expiry, for lookups on latency-critical paths (a caller is waiting).
 * Entries expire quickly, so a change made on another instance shows within the TTL.
 *
 * Under steady traffic no request waits for a reload: concurrent misses share one load, and an entry in
 * the last fifth of its life is reloaded in the background while it is still served (never past its
 * expiry). Loaders that may run inside a caller's transaction pass `independentLoads`: each miss then
 * loads on its own and nothing runs in the background, because a load shared with another transaction
 * could make one transaction wait for the other (PGlite has a single connection).
 */
export function ttlCache<V>(
  ttlMs: number,
  maxEntries = 10_000,
  options: {
    independentLoads?: boolean;
    /** values failing this are returned but not kept (e.g. "not found", which may exist a moment later) */
    keepIf?: (value: V) => boolean;
  } = {},
) {
  const entries = new Map<string, { value: V; expires: number }>();
  const loading = new Map<string, Promise<V>>();
  const shared = !options.independentLoads;

  function store(key: string, value: V) {
    if (options.keepIf && !options.keepIf(value)) return;
    if (!entries.has(key) && entries.size >= maxEntries)
      entries.delete(entries.keys().next().value as string);
    entries.set(key, { value, expires: Date.now() + ttlMs });
  }

  function load(key: string, loader: () => Promise<V>): Promise<V> {
    if (!shared) return loader().then((value) => (store(key, value), value));
    const pending = loading.get(key);
    if (pending) return pending;
    const p = loader()
      .then((value) => {
        // A delete() while loading wins: the value read before it may be the stale one.
        if (loading.get(key) === p) store(key, value);
        return value;
      })
      .finally(() => {
        if (loading.get(key) === p) loading.delete(key);
      });
    loading.set(key, p);
    return p;
  }

  return {
    async get(key: string, loader: () => Promise<V>): Promise<V> {
      const hit = entries.get(key);
      const now = Date.now();
      if (hit && hit.expires > now) {
        if (shared && hit.expires - now < ttlMs / 5 && !loading.has(key))
          load(key, loader).catch(() => undefined); // the entry simply expires; the next miss reports it
        return hit.value;
      }
      return load(key, loader);
    },
    delete(key: string) {
      entries.delete(key);
      loading.delete(key);
    },
  };
}

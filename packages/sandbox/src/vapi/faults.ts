// Fault injection for the Vapi emulator. Rates are shares in [0, 1]; the random source is injectable
// (and seeded by default) so a test that turns faults on still gets a reproducible sequence.

export interface VapiFaultConfig {
  /** Share of API requests answered with an error instead of being processed. */
  apiErrorRate: number;
  /** Which status the injected API errors use; `mixed` alternates 429 and 500 at random. */
  apiErrorStatus: 429 | 500 | 'mixed';
  /** Extra latency added to every API request. */
  apiLatencyMs: number;
  /** Share of informational webhooks that are never delivered. */
  webhookDropRate: number;
  /** Share of informational webhooks that are delivered twice. */
  webhookDuplicateRate: number;
  /** Delay before each webhook is sent. */
  webhookLatencyMs: number;
}

export const noFaults: VapiFaultConfig = {
  apiErrorRate: 0,
  apiErrorStatus: 'mixed',
  apiLatencyMs: 0,
  webhookDropRate: 0,
  webhookDuplicateRate: 0,
  webhookLatencyMs: 0,
};

/** mulberry32: tiny, fast and good enough for picking which request fails. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

export function mergeFaults(base: VapiFaultConfig, patch: Partial<VapiFaultConfig>): VapiFaultConfig {
  const clampRate = (value: number): number => Math.min(1, Math.max(0, value));
  const merged = { ...base, ...patch };
  return {
    ...merged,
    apiErrorRate: clampRate(merged.apiErrorRate),
    webhookDropRate: clampRate(merged.webhookDropRate),
    webhookDuplicateRate: clampRate(merged.webhookDuplicateRate),
    apiLatencyMs: Math.max(0, merged.apiLatencyMs),
    webhookLatencyMs: Math.max(0, merged.webhookLatencyMs),
  };
}

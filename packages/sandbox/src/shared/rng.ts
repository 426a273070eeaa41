import { createHash } from 'node:crypto';

/**
 * Small seeded PRNG (mulberry32). Emulators must be reproducible run to run, so every "random" choice
 * (generated inventories, SIDs, fault dice) goes through one of these instead of Math.random.
 */
export interface Rng {
  /** Float in [0, 1). */
  next(): number;
  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** `length` lowercase hex characters. */
  hex(length: number): string;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick() from an empty array');
      return items[Math.floor(next() * items.length)] as T;
    },
    hex: (length) => {
      let out = '';
      while (out.length < length) out += Math.floor(next() * 16).toString(16);
      return out;
    },
  };
}

/** Derives a stable 32-bit seed from any label, so sub-generators don't shift when others change. */
export function seedFrom(...parts: Array<string | number>): number {
  return createHash('sha256').update(parts.join('\u0000')).digest().readUInt32BE(0);
}

/** Stable hex string derived from labels (e.g. deterministic SIDs/tokens). */
export function stableHex(length: number, ...parts: Array<string | number>): string {
  let out = '';
  let counter = 0;
  while (out.length < length) {
    out += createHash('sha256')
      .update([...parts, counter++].join('\u0000'))
      .digest('hex');
  }
  return out.slice(0, length);
}

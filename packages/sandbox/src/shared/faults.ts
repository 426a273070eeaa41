import type { Rng } from './rng.ts';

/**
 * Fault injection knobs shared by the emulators. Rates are probabilities in [0, 1]; the dice come from
 * the emulator's seeded RNG so a failing test replays identically.
 */
export interface FaultConfig {
  /** Share of API requests answered with HTTP 429 (provider's rate-limit error). */
  rate429?: number;
  /** Share of API requests answered with HTTP 500. */
  rate500?: number;
  /** Extra latency added to every API response, in milliseconds (real time, not the virtual clock). */
  latencyMs?: number;
  /** Share of outbound webhooks silently never sent. */
  dropWebhookRate?: number;
  /** Share of outbound webhooks sent twice (at-least-once delivery). */
  duplicateWebhookRate?: number;
}

export type RequestFault = { kind: 'none' } | { kind: 'http429' } | { kind: 'http500' };

export type WebhookFault = 'deliver' | 'drop' | 'duplicate';

const clampRate = (rate: number | undefined): number => Math.min(1, Math.max(0, rate ?? 0));

export function rollRequestFault(config: FaultConfig | undefined, rng: Rng): RequestFault {
  if (!config) return { kind: 'none' };
  const r429 = clampRate(config.rate429);
  const r500 = clampRate(config.rate500);
  if (r429 === 0 && r500 === 0) return { kind: 'none' };
  const roll = rng.next();
  if (roll < r429) return { kind: 'http429' };
  if (roll < r429 + r500) return { kind: 'http500' };
  return { kind: 'none' };
}

export function rollWebhookFault(config: FaultConfig | undefined, rng: Rng): WebhookFault {
  if (!config) return 'deliver';
  const drop = clampRate(config.dropWebhookRate);
  const dup = clampRate(config.duplicateWebhookRate);
  if (drop === 0 && dup === 0) return 'deliver';
  const roll = rng.next();
  if (roll < drop) return 'drop';
  if (roll < drop + dup) return 'duplicate';
  return 'deliver';
}

/** Per-scope fault configuration: a global default plus overrides keyed by tenant/account id. */
export interface FaultRegistry {
  set(config: FaultConfig, scope?: string): void;
  clear(scope?: string): void;
  /** The override for `scope` if any, else the global config. */
  get(scope?: string): FaultConfig | undefined;
}

export function createFaultRegistry(initial?: FaultConfig): FaultRegistry {
  let global: FaultConfig | undefined = initial;
  const scoped = new Map<string, FaultConfig>();
  return {
    set(config, scope) {
      if (scope === undefined) global = config;
      else scoped.set(scope, config);
    },
    clear(scope) {
      if (scope === undefined) {
        global = undefined;
        scoped.clear();
      } else scoped.delete(scope);
    },
    get: (scope) => (scope !== undefined ? (scoped.get(scope) ?? global) : global),
  };
}

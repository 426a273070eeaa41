import { z } from 'zod';
import { defineJob } from '../../jobs/queue.ts';
import type { RateLimitRepository } from './rate-limit.repository.ts';

/** Drops expired rate-limit windows so the table stays as small as the number of recent attempts. */
export const PRUNE_RATE_LIMITS = 'auth.prune-rate-limits';

export const pruneRateLimitsJob = (repo: RateLimitRepository) =>
  defineJob({
    name: PRUNE_RATE_LIMITS,
    schema: z.object({ olderThanSeconds: z.number().int().min(60).default(3600) }),
    handler: async ({ olderThanSeconds }) => repo.prune(olderThanSeconds),
  });

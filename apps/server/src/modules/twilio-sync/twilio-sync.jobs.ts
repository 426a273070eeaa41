import { z } from 'zod';
import { defineJob } from '../../jobs/queue.ts';
import type { TwilioSyncService } from './twilio-sync.service.ts';

/** One page of a sync run; the handler queues the next page itself (see TwilioSyncService.runPage). */
export const SYNC_PAGE = 'twilio-sync.page';
export const syncPageJob = (sync: () => TwilioSyncService) =>
  defineJob({
    name: SYNC_PAGE,
    schema: z.object({
      orgId: z.string(),
      runId: z.string(),
      pageSize: z.number().int().min(1).max(1000),
      attempt: z.number().int().min(0),
    }),
    handler: (payload) => sync().runPage(payload),
  });

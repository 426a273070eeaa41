import { z } from 'zod';
import { idParam } from './orgs.ts';

// ---- Sync from Twilio (issue E §10): the account's message history and call log, imported page by page --

export const twilioSyncKinds = ['messages', 'calls'] as const;
export type TwilioSyncKind = (typeof twilioSyncKinds)[number];

export const twilioSyncParamsSchema = z.object({ orgId: idParam, kind: z.enum(twilioSyncKinds) });

export const startTwilioSyncBodySchema = z
  .object({
    /** records per Twilio page (default 100); smaller pages show progress sooner */
    pageSize: z.number().int().min(1).max(1000).optional(),
  })
  .nullish();
export type StartTwilioSyncBody = z.infer<typeof startTwilioSyncBodySchema>;

export const twilioSyncRunSchema = z.object({
  id: z.string(),
  kind: z.enum(twilioSyncKinds),
  status: z.enum(['running', 'completed', 'failed']),
  /** pages read so far */
  pages: z.number(),
  /** records new to AVA */
  imported: z.number(),
  /** records AVA already had (or that cannot be threaded, e.g. a short code) */
  skipped: z.number(),
  /**
   * Why a failed run stopped, as an i18n key: `provider.twilio.*` for Twilio's refusals (the same keys
   * as API errors), `twilioSync.errors.internal` otherwise.
   */
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type TwilioSyncRun = z.infer<typeof twilioSyncRunSchema>;

/** The latest run of each kind (null: never synced). */
export const twilioSyncStatusSchema = z.object({
  messages: twilioSyncRunSchema.nullable(),
  calls: twilioSyncRunSchema.nullable(),
});
export type TwilioSyncStatus = z.infer<typeof twilioSyncStatusSchema>;

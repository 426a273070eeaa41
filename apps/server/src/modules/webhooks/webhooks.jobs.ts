import { z } from 'zod';
import { defineJob } from '../../jobs/queue.ts';
import type { CallsService } from '../calls/calls.service.ts';
import type { MessagingService } from '../messaging/messaging.service.ts';
import type { WebhooksRepository } from './webhooks.repository.ts';

/** Processes a stored Vapi message after it was acknowledged; safe to run twice (calls upsert by id). */
export const PROCESS_VAPI_EVENT = 'webhooks.process-vapi-event';
export const processVapiEventJob = (events: WebhooksRepository, calls: CallsService) =>
  defineJob({
    name: PROCESS_VAPI_EVENT,
    schema: z.object({ orgId: z.string(), eventId: z.string() }),
    handler: async ({ orgId, eventId }) => {
      const event = await events.get(orgId, eventId);
      if (!event || event.processedAt) return;
      try {
        await calls.handle(
          orgId,
          (event.payload as { message: Parameters<CallsService['handle']>[1] }).message,
        );
        await events.markProcessed(orgId, eventId);
      } catch (err) {
        await events.markProcessed(orgId, eventId, err instanceof Error ? err.message : String(err));
        throw err;
      }
    },
  });

/** Processes a stored Twilio webhook (inbound SMS, status callback) after it was acknowledged. */
export const PROCESS_TWILIO_EVENT = 'webhooks.process-twilio-event';
export const processTwilioEventJob = (events: WebhooksRepository, messaging: MessagingService) =>
  defineJob({
    name: PROCESS_TWILIO_EVENT,
    schema: z.object({ orgId: z.string(), eventId: z.string() }),
    handler: async ({ orgId, eventId }) => {
      const event = await events.get(orgId, eventId);
      if (!event || event.processedAt) return;
      try {
        const params = event.payload as Record<string, string>;
        if (event.kind === 'message.inbound') await messaging.inbound(orgId, params);
        else if (event.kind === 'message.status') await messaging.status(orgId, params);
        await events.markProcessed(orgId, eventId);
      } catch (err) {
        await events.markProcessed(orgId, eventId, err instanceof Error ? err.message : String(err));
        throw err;
      }
    },
  });

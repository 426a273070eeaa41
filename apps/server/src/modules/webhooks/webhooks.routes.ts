import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { VAPI_SECRET_HEADER } from '../../providers/voice-agent/vapi.adapter.ts';
import type { WebhooksService } from './webhooks.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** the provider sent an event AVA had already stored (counted as `replayed` in /metrics) */
    webhookReplay: boolean;
  }
}

const formParams = z.record(z.string(), z.string());
/**
 * A provider's servers, not a browser, read these answers: the browser security headers helmet adds to
 * every response are skipped on the busiest routes AVA has (issue F, ingest).
 */
const forMachines = { helmet: false } as const;
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * Fixed webhook endpoints numbers and assistants are wired to. Twilio signs the exact URL it called, so
 * the URL is rebuilt from PUBLIC_URL (what Twilio was given), not from the Host header.
 */
export function webhooksRoutes(app: FastifyInstance, service: WebhooksService, publicUrl: string) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  app.decorateRequest('webhookReplay', false);
  const twilioInput = (req: FastifyRequest, params: Record<string, string>) => ({
    url: `${publicUrl}${req.url}`,
    params,
    signature: req.headers['x-twilio-signature'] as string | undefined,
  });

  r.post(
    '/webhooks/twilio/messages',
    {
      ...forMachines,
      schema: { tags: ['webhooks'], summary: 'Inbound SMS from Twilio (signed form post)', body: formParams },
    },
    async (req, reply) => {
      const result = await service.twilioInboundMessage(twilioInput(req, req.body));
      req.webhookReplay = result.duplicate;
      req.log.info({ orgId: result.orgId, duplicate: result.duplicate }, 'twilio inbound message stored');
      return reply.type('text/xml').send(EMPTY_TWIML);
    },
  );
  r.post(
    '/webhooks/twilio/status',
    {
      ...forMachines,
      schema: {
        tags: ['webhooks'],
        summary: 'Message status callback from Twilio (signed form post)',
        body: formParams,
      },
    },
    async (req, reply) => {
      const result = await service.twilioStatus(twilioInput(req, req.body));
      req.webhookReplay = result.duplicate;
      req.log.info({ orgId: result.orgId, duplicate: result.duplicate }, 'twilio status stored');
      return reply.status(204).send();
    },
  );
  r.post(
    '/webhooks/vapi',
    {
      ...forMachines,
      schema: {
        tags: ['webhooks'],
        summary: 'Server messages from Vapi (X-Vapi-Secret)',
        body: z.object({ message: z.looseObject({ type: z.string() }) }),
      },
    },
    async (req) => {
      const result = await service.vapi({
        secret: req.headers[VAPI_SECRET_HEADER] as string | undefined,
        body: req.body,
      });
      req.webhookReplay = result.duplicate;
      req.log.info(
        { orgId: result.orgId, type: result.type, duplicate: result.duplicate },
        'vapi message stored',
      );
      return result.reply;
    },
  );
}

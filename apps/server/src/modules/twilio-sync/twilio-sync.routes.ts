import {
  orgParamsSchema,
  startTwilioSyncBodySchema,
  twilioSyncParamsSchema,
  twilioSyncRunSchema,
  twilioSyncStatusSchema,
} from '@ava/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { SessionResolver } from '../../http/session.ts';
import type { TwilioSyncService } from './twilio-sync.service.ts';

const tags = ['twilio-sync'];

export function twilioSyncRoutes(
  app: FastifyInstance,
  service: TwilioSyncService,
  sessions: SessionResolver,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/orgs/:orgId/twilio-sync';

  r.get(
    base,
    {
      schema: {
        tags,
        summary: 'The latest message-history and call-log sync, with progress',
        params: orgParamsSchema,
        response: { 200: twilioSyncStatusSchema },
      },
    },
    async (req) => service.status(await sessions.requireMember(req, req.params.orgId)),
  );

  r.post(
    `${base}/:kind`,
    {
      schema: {
        tags,
        summary:
          "Import the Twilio account's message history (`messages`) or call log (`calls`); answers the run already going if there is one (owner, admin)",
        params: twilioSyncParamsSchema,
        body: startTwilioSyncBodySchema,
        response: { 202: twilioSyncRunSchema },
      },
    },
    async (req, reply) => {
      const ctx = await sessions.requireMember(req, req.params.orgId);
      return reply.status(202).send(await service.start(ctx, req.params.kind, req.body));
    },
  );
}

import { outboxItemSchema } from '@ava/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OutboxRepository } from './outbox.repository.ts';

/**
 * The sandbox mailbox: mail and SMS that stayed on this machine. Mounted only in sandbox mode
 * (SANDBOX=off removes it), because it shows sign-in links to whoever can reach the server.
 */
export function outboxRoutes(app: FastifyInstance, outbox: OutboxRepository) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/sandbox/outbox',
    {
      schema: {
        tags: ['sandbox'],
        summary: 'Sandbox mailbox: emails and SMS kept locally',
        querystring: z.object({
          to: z.string().trim().toLowerCase().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.array(outboxItemSchema) },
      },
    },
    async (req) => {
      const rows = await outbox.list(req.query.limit, req.query.to);
      return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
    },
  );
}

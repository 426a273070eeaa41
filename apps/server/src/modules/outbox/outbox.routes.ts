import { outboxItemSchema } from '@ava/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Sandbox } from '@ava/sandbox';
import type { OutboxRepository } from './outbox.repository.ts';

/**
 * The sandbox mailbox: mail that stayed on this machine, and the SMS AVA sent through the Twilio
 * emulator (sign-in codes), newest first. Mounted only in sandbox mode
 * (SANDBOX=off removes it), because it shows sign-in links to whoever can reach the server.
 */
export function outboxRoutes(app: FastifyInstance, outbox: OutboxRepository, sandbox: Sandbox) {
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
      const { limit, to } = req.query;
      const mails = (await outbox.list(limit, to)).map((r) => ({
        ...r,
        createdAt: r.createdAt.toISOString(),
      }));
      const texts = sandbox.twilio
        .listMessages()
        .filter((m) => m.direction !== 'inbound' && (!to || m.to === to))
        .map((m) => ({
          id: m.sid,
          channel: 'sms' as const,
          to: m.to,
          subject: null,
          text: m.body,
          html: null,
          createdAt: m.dateCreated.toISOString(),
        }));
      return [...mails, ...texts].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
    },
  );
}

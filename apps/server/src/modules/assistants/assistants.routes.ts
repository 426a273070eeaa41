import {
  assistantBodySchema,
  assistantParamsSchema,
  assistantSchema,
  orgParamsSchema,
  updateAssistantBodySchema,
} from '@ava/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SessionResolver } from '../../http/session.ts';
import type { AssistantsService } from './assistants.service.ts';

const tags = ['assistants'];

export function assistantsRoutes(
  app: FastifyInstance,
  service: AssistantsService,
  sessions: SessionResolver,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/orgs/:orgId/assistants';
  r.get(
    base,
    {
      schema: {
        tags,
        summary: "The organisation's receptionists",
        params: orgParamsSchema,
        response: { 200: z.array(assistantSchema) },
      },
    },
    async (req) => service.list(await sessions.requireMember(req, req.params.orgId)),
  );
  r.post(
    base,
    {
      schema: {
        tags,
        summary: 'Create a receptionist and push it to Vapi (owner, admin)',
        params: orgParamsSchema,
        body: assistantBodySchema,
        response: { 201: assistantSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await service.create(await sessions.requireMember(req, req.params.orgId), req.body)),
  );
  r.get(
    `${base}/:assistantId`,
    {
      schema: {
        tags,
        summary: 'One receptionist',
        params: assistantParamsSchema,
        response: { 200: assistantSchema },
      },
    },
    async (req) => service.get(await sessions.requireMember(req, req.params.orgId), req.params.assistantId),
  );
  r.patch(
    `${base}/:assistantId`,
    {
      schema: {
        tags,
        summary: 'Edit a receptionist and re-sync it to Vapi (owner, admin)',
        params: assistantParamsSchema,
        body: updateAssistantBodySchema,
        response: { 200: assistantSchema },
      },
    },
    async (req) =>
      service.update(await sessions.requireMember(req, req.params.orgId), req.params.assistantId, req.body),
  );
  r.delete(
    `${base}/:assistantId`,
    {
      schema: {
        tags,
        summary: 'Delete a receptionist here and at Vapi (owner, admin)',
        params: assistantParamsSchema,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      await service.remove(await sessions.requireMember(req, req.params.orgId), req.params.assistantId);
      return { ok: true as const };
    },
  );
}

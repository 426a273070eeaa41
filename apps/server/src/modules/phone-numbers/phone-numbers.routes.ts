import {
  availableNumberSchema,
  buyNumberBodySchema,
  freeVapiNumberBodySchema,
  importBodySchema,
  numberParamsSchema,
  orgParamsSchema,
  phoneNumberSchema,
  phoneNumbersListSchema,
  searchNumbersQuerySchema,
  syncResultSchema,
  updatePhoneNumberBodySchema,
} from '@ava/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SessionResolver } from '../../http/session.ts';
import type { PhoneNumbersService } from './phone-numbers.service.ts';

const tags = ['phone-numbers'];

export function phoneNumbersRoutes(
  app: FastifyInstance,
  service: PhoneNumbersService,
  sessions: SessionResolver,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/orgs/:orgId/numbers';
  const member = (req: { params: { orgId: string } } & Parameters<SessionResolver['requireUser']>[0]) =>
    sessions.requireMember(req, req.params.orgId);

  r.get(
    base,
    {
      schema: {
        tags,
        summary: "The organisation's numbers, how each is wired, and the last sync",
        params: orgParamsSchema,
        response: { 200: phoneNumbersListSchema },
      },
    },
    async (req) => service.list(await member(req)),
  );
  r.get(
    `${base}/available`,
    {
      schema: {
        tags,
        summary: 'Search numbers to buy in the Twilio account (country, area code, digits)',
        params: orgParamsSchema,
        querystring: searchNumbersQuerySchema,
        response: { 200: z.array(availableNumberSchema) },
      },
    },
    async (req) => service.search(await member(req), req.query),
  );
  r.post(
    `${base}`,
    {
      schema: {
        tags,
        summary: 'Buy a number; its SMS and status webhooks point at AVA at once (owner, admin)',
        params: orgParamsSchema,
        body: buyNumberBodySchema,
        response: { 201: phoneNumberSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await service.buy(await member(req), req.body)),
  );
  r.post(
    `${base}/vapi`,
    {
      schema: {
        tags,
        summary: 'Get a free Vapi US number by area code (owner, admin)',
        params: orgParamsSchema,
        body: freeVapiNumberBodySchema,
        response: { 201: phoneNumberSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await service.freeVapiNumber(await member(req), req.body)),
  );
  r.post(
    `${base}/sync`,
    {
      schema: {
        tags,
        summary: "Mirror the Twilio account's numbers (added, updated, released)",
        params: orgParamsSchema,
        response: { 200: syncResultSchema },
      },
    },
    async (req) => service.sync(await member(req)),
  );
  r.get(
    `${base}/:numberId`,
    {
      schema: {
        tags,
        summary: 'One number',
        params: numberParamsSchema,
        response: { 200: phoneNumberSchema },
      },
    },
    async (req) => service.get(await member(req), req.params.numberId),
  );
  r.patch(
    `${base}/:numberId`,
    {
      schema: {
        tags,
        summary: 'Label, rotation, AI replies, business hours, fallback, voicemail, assistant (owner, admin)',
        params: numberParamsSchema,
        body: updatePhoneNumberBodySchema,
        response: { 200: phoneNumberSchema },
      },
    },
    async (req) => service.update(await member(req), req.params.numberId, req.body),
  );
  r.post(
    `${base}/:numberId/rewire`,
    {
      schema: {
        tags,
        summary: "Point the number's SMS and status webhooks at AVA (owner, admin)",
        params: numberParamsSchema,
        response: { 200: phoneNumberSchema },
      },
    },
    async (req) => service.rewire(await member(req), req.params.numberId),
  );
  r.post(
    `${base}/:numberId/import`,
    {
      schema: {
        tags,
        summary:
          'Connect the number to the receptionist: import it into Vapi (SMS stays on AVA), or say what is missing (owner, admin)',
        params: numberParamsSchema,
        body: importBodySchema,
        response: { 200: phoneNumberSchema },
      },
    },
    async (req) => service.import(await member(req), req.params.numberId, req.body.assistantId),
  );
  r.delete(
    `${base}/:numberId`,
    {
      schema: {
        tags,
        summary: 'Release the number at the provider and remove it (owner, admin)',
        params: numberParamsSchema,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      await service.release(await member(req), req.params.numberId);
      return { ok: true as const };
    },
  );
}

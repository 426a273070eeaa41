import {
  credentialsOverviewSchema,
  deleteCredentialsResponseSchema,
  orgParamsSchema,
  providerParamsSchema,
  saveCredentialsResponseSchema,
  twilioCredentialsBodySchema,
  vapiCredentialsBodySchema,
  verificationSchema,
} from '@ava/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { SessionResolver } from '../../http/session.ts';
import type { CredentialsService } from './credentials.service.ts';

const tags = ['credentials'];

export function credentialsRoutes(
  app: FastifyInstance,
  service: CredentialsService,
  sessions: SessionResolver,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/orgs/:orgId/credentials';

  r.get(
    base,
    {
      schema: {
        tags,
        summary: 'Provider credentials of the organisation (secrets masked)',
        params: orgParamsSchema,
        response: { 200: credentialsOverviewSchema },
      },
    },
    async (req) => service.overview(await sessions.requireMember(req, req.params.orgId)),
  );
  r.put(
    `${base}/twilio`,
    {
      schema: {
        tags,
        summary: 'Save the Twilio Account SID and Auth Token (owner, admin), then check them with Twilio',
        params: orgParamsSchema,
        body: twilioCredentialsBodySchema,
        response: { 200: saveCredentialsResponseSchema },
      },
    },
    async (req) => service.saveTwilio(await sessions.requireMember(req, req.params.orgId), req.body),
  );
  r.put(
    `${base}/vapi`,
    {
      schema: {
        tags,
        summary: 'Save the Vapi private key (and public key) (owner, admin), then check it with Vapi',
        params: orgParamsSchema,
        body: vapiCredentialsBodySchema,
        response: { 200: saveCredentialsResponseSchema },
      },
    },
    async (req) => service.saveVapi(await sessions.requireMember(req, req.params.orgId), req.body),
  );
  r.post(
    `${base}/:provider/verify`,
    {
      schema: {
        tags,
        summary: 'Ask the provider whether the saved credentials work',
        params: providerParamsSchema,
        response: { 200: verificationSchema },
      },
    },
    async (req) => service.verify(await sessions.requireMember(req, req.params.orgId), req.params.provider),
  );
  r.delete(
    `${base}/:provider`,
    {
      schema: {
        tags,
        summary: 'Delete the credentials and say what stops working (owner, admin)',
        params: providerParamsSchema,
        response: { 200: deleteCredentialsResponseSchema },
      },
    },
    async (req) => service.remove(await sessions.requireMember(req, req.params.orgId), req.params.provider),
  );
  r.post(
    `${base}/:provider/sandbox`,
    {
      schema: {
        tags: [...tags, 'sandbox'],
        summary: 'Sandbox mode: create emulator credentials and save them, labelled sandbox (owner, admin)',
        params: providerParamsSchema,
        response: { 200: saveCredentialsResponseSchema },
      },
    },
    async (req) =>
      service.connectSandbox(await sessions.requireMember(req, req.params.orgId), req.params.provider),
  );
}

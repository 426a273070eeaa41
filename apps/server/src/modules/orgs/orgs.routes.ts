import {
  createInvitationBodySchema,
  invitationIdParamsSchema,
  invitationParamsSchema,
  invitationPreviewSchema,
  invitationSchema,
  memberParamsSchema,
  memberSchema,
  meSchema,
  orgParamsSchema,
  orgSchema,
  updateMeBodySchema,
  updateMemberBodySchema,
  updateOrgBodySchema,
  updateOnboardingBodySchema,
} from '@ava/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SessionResolver } from '../../http/session.ts';
import type { OrgsService } from './orgs.service.ts';

const ok = z.object({ ok: z.literal(true) });
const tags = ['organisations'];

export function orgsRoutes(app: FastifyInstance, service: OrgsService, sessions: SessionResolver) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['me'],
        summary: 'The signed-in user and their organisations',
        response: { 200: meSchema },
      },
    },
    async (req) => service.me(await sessions.requireUser(req)),
  );
  r.patch(
    '/api/v1/me',
    {
      schema: {
        tags: ['me'],
        summary: 'Update name, language or newsletter choice',
        body: updateMeBodySchema,
        response: { 200: meSchema },
      },
    },
    async (req) => {
      const s = await sessions.requireUser(req);
      await service.updateMe(s, req.body);
      return service.me(await sessions.requireUser(req));
    },
  );

  r.patch(
    '/api/v1/me/onboarding',
    {
      schema: {
        tags: ['me'],
        summary: 'Save onboarding progress (step, completed, skipped steps)',
        body: updateOnboardingBodySchema,
        response: { 200: meSchema },
      },
    },
    async (req) => {
      const s = await sessions.requireUser(req);
      await service.updateOnboarding(s, req.body);
      return service.me(s);
    },
  );
  r.post(
    '/api/v1/orgs/:orgId/activate',
    {
      schema: {
        tags,
        summary: 'Switch the active organisation',
        params: orgParamsSchema,
        response: { 200: ok },
      },
    },
    async (req) => {
      await service.activate(await sessions.requireMember(req, req.params.orgId));
      return { ok: true as const };
    },
  );
  r.get(
    '/api/v1/orgs/:orgId',
    { schema: { tags, summary: 'One organisation', params: orgParamsSchema, response: { 200: orgSchema } } },
    async (req) => service.getOrg(await sessions.requireMember(req, req.params.orgId)),
  );
  r.patch(
    '/api/v1/orgs/:orgId',
    {
      schema: {
        tags,
        summary: 'Rename or set country and time zone (owner, admin)',
        params: orgParamsSchema,
        body: updateOrgBodySchema,
        response: { 200: orgSchema },
      },
    },
    async (req) => service.updateOrg(await sessions.requireMember(req, req.params.orgId), req.body),
  );

  r.get(
    '/api/v1/orgs/:orgId/members',
    {
      schema: {
        tags,
        summary: 'Members of an organisation',
        params: orgParamsSchema,
        response: { 200: z.array(memberSchema) },
      },
    },
    async (req) => service.listMembers(await sessions.requireMember(req, req.params.orgId)),
  );
  r.patch(
    '/api/v1/orgs/:orgId/members/me',
    {
      schema: {
        tags,
        summary: 'My preferences in this organisation (an email after each call)',
        params: orgParamsSchema,
        body: z.object({ callEmails: z.boolean() }),
        response: { 200: z.object({ callEmails: z.boolean() }) },
      },
    },
    async (req) =>
      service.setMyCallEmails(await sessions.requireMember(req, req.params.orgId), req.body.callEmails),
  );
  r.patch(
    '/api/v1/orgs/:orgId/members/:memberId',
    {
      schema: {
        tags,
        summary: "Change a member's role (owner, admin)",
        params: memberParamsSchema,
        body: updateMemberBodySchema,
        response: { 200: ok },
      },
    },
    async (req) => {
      await service.updateMemberRole(
        await sessions.requireMember(req, req.params.orgId),
        req.params.memberId,
        req.body.role,
      );
      return { ok: true as const };
    },
  );
  r.delete(
    '/api/v1/orgs/:orgId/members/:memberId',
    {
      schema: {
        tags,
        summary: 'Remove a member, or leave',
        params: memberParamsSchema,
        response: { 200: ok },
      },
    },
    async (req) => {
      await service.removeMember(await sessions.requireMember(req, req.params.orgId), req.params.memberId);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/orgs/:orgId/invitations',
    {
      schema: {
        tags,
        summary: 'Invitations of an organisation',
        params: orgParamsSchema,
        response: { 200: z.array(invitationSchema) },
      },
    },
    async (req) => service.listInvitations(await sessions.requireMember(req, req.params.orgId)),
  );
  r.post(
    '/api/v1/orgs/:orgId/invitations',
    {
      schema: {
        tags,
        summary: 'Invite someone by email with a role (owner, admin)',
        params: orgParamsSchema,
        body: createInvitationBodySchema,
        response: { 201: invitationSchema },
      },
    },
    async (req, reply) => {
      const inv = await service.invite(
        await sessions.requireMember(req, req.params.orgId),
        req.body.email,
        req.body.role,
      );
      return reply.status(201).send(inv);
    },
  );
  r.delete(
    '/api/v1/orgs/:orgId/invitations/:invitationId',
    {
      schema: {
        tags,
        summary: 'Cancel an invitation (owner, admin)',
        params: invitationParamsSchema,
        response: { 200: ok },
      },
    },
    async (req) => {
      await service.cancelInvitation(
        await sessions.requireMember(req, req.params.orgId),
        req.params.invitationId,
      );
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/invitations/:invitationId',
    {
      schema: {
        tags,
        summary: 'An invitation addressed to the signed-in user',
        params: invitationIdParamsSchema,
        response: { 200: invitationPreviewSchema },
      },
    },
    async (req) => service.previewInvitation(await sessions.requireUser(req), req.params.invitationId),
  );
  r.post(
    '/api/v1/invitations/:invitationId/accept',
    {
      schema: {
        tags,
        summary: 'Accept an invitation and join the organisation',
        params: invitationIdParamsSchema,
        response: { 200: z.object({ orgId: z.string() }) },
      },
    },
    async (req) => service.acceptInvitation(await sessions.requireUser(req), req.params.invitationId),
  );
}

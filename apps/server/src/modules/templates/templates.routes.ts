import {
  createTemplateBodySchema,
  duplicateTemplateBodySchema,
  enhanceTemplateBodySchema,
  enhanceTemplateResultSchema,
  listTemplatesQuerySchema,
  orgParamsSchema,
  templateCategoriesSchema,
  templateParamsSchema,
  templateSchema,
  templatesListSchema,
  templateVariablesInfoSchema,
  updateTemplateBodySchema,
} from '@ava/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SessionResolver } from '../../http/session.ts';
import type { TemplatesService } from './templates.service.ts';

const tags = ['templates'];

export function templatesRoutes(app: FastifyInstance, service: TemplatesService, sessions: SessionResolver) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/orgs/:orgId/templates';
  const member = (req: { params: { orgId: string } } & Parameters<SessionResolver['requireUser']>[0]) =>
    sessions.requireMember(req, req.params.orgId);

  r.get(
    base,
    {
      schema: {
        tags,
        summary: 'Templates, by category then name; filter by category or search name and text',
        params: orgParamsSchema,
        querystring: listTemplatesQuerySchema,
        response: { 200: templatesListSchema },
      },
    },
    async (req) => service.list(await member(req), req.query),
  );
  r.get(
    `${base}/categories`,
    {
      schema: {
        tags,
        summary: 'The categories in use, with how many templates each holds',
        params: orgParamsSchema,
        response: { 200: templateCategoriesSchema },
      },
    },
    async (req) => service.categories(await member(req)),
  );
  r.get(
    `${base}/variables`,
    {
      schema: {
        tags,
        summary: 'Variables a template can use: the standard ones and the fields imported on contacts',
        params: orgParamsSchema,
        response: { 200: templateVariablesInfoSchema },
      },
    },
    async (req) => service.variables(await member(req)),
  );
  r.post(
    `${base}/enhance`,
    {
      schema: {
        tags,
        summary:
          'AI rewrite of a text, keeping its {variables} and language; a suggestion only, nothing is saved. 422 when the model drops a variable or writes too much',
        params: orgParamsSchema,
        body: enhanceTemplateBodySchema,
        response: { 200: enhanceTemplateResultSchema },
      },
    },
    async (req) => service.enhance(await member(req), req.body),
  );
  r.post(
    base,
    {
      schema: {
        tags,
        summary: 'Create a template (owner, admin)',
        params: orgParamsSchema,
        body: createTemplateBodySchema,
        response: { 201: templateSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(
        await service.create(await member(req), {
          name: req.body.name,
          body: req.body.body,
          category: req.body.category ?? null,
        }),
      ),
  );
  r.get(
    `${base}/:templateId`,
    {
      schema: {
        tags,
        summary: 'One template, with its variables and the ones no contact can fill',
        params: templateParamsSchema,
        response: { 200: templateSchema },
      },
    },
    async (req) => service.get(await member(req), req.params.templateId),
  );
  r.patch(
    `${base}/:templateId`,
    {
      schema: {
        tags,
        summary: 'Rename, rewrite or recategorise a template (owner, admin)',
        params: templateParamsSchema,
        body: updateTemplateBodySchema,
        response: { 200: templateSchema },
      },
    },
    async (req) => service.update(await member(req), req.params.templateId, req.body),
  );
  r.post(
    `${base}/:templateId/duplicate`,
    {
      schema: {
        tags,
        summary: 'Copy a template; named "<name> (2)" unless a name is given (owner, admin)',
        params: templateParamsSchema,
        body: duplicateTemplateBodySchema,
        response: { 201: templateSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await service.duplicate(await member(req), req.params.templateId, req.body?.name)),
  );
  r.delete(
    `${base}/:templateId`,
    {
      schema: {
        tags,
        summary: 'Delete a template (owner, admin); messages already sent keep their text',
        params: templateParamsSchema,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      await service.remove(await member(req), req.params.templateId);
      return { ok: true as const };
    },
  );
}

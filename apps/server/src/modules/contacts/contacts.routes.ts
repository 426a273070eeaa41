import {
  CONTACTS_CSV_MAX_CHARS,
  contactParamsSchema,
  contactSchema,
  contactsPageSchema,
  contactTagsSchema,
  createContactBodySchema,
  importCsvBodySchema,
  importPreviewSchema,
  importResultSchema,
  listContactsQuerySchema,
  orgParamsSchema,
  updateContactBodySchema,
} from '@ava/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SessionResolver } from '../../http/session.ts';
import type { ContactsService } from './contacts.service.ts';

const tags = ['contacts'];
// JSON escaping can double a CSV full of quotes; the service enforces the 2 MB of text itself.
const importBodyLimit = CONTACTS_CSV_MAX_CHARS * 2 + 64 * 1024;

export function contactsRoutes(app: FastifyInstance, service: ContactsService, sessions: SessionResolver) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/orgs/:orgId/contacts';
  const member = (req: { params: { orgId: string } } & Parameters<SessionResolver['requireUser']>[0]) =>
    sessions.requireMember(req, req.params.orgId);

  r.get(
    base,
    {
      schema: {
        tags,
        summary:
          'Contacts, newest first or by name; search over name, number and email; filter by tag or opt-out',
        params: orgParamsSchema,
        querystring: listContactsQuerySchema,
        response: { 200: contactsPageSchema },
      },
    },
    async (req) => service.list(await member(req), req.query),
  );
  r.get(
    `${base}/tags`,
    {
      schema: {
        tags,
        summary: 'Every tag in use, with how many contacts carry it',
        params: orgParamsSchema,
        response: { 200: contactTagsSchema },
      },
    },
    async (req) => service.tags(await member(req)),
  );
  r.post(
    base,
    {
      schema: {
        tags,
        summary:
          'Add a contact; the number is stored as E.164 (read in the organisation’s country when it has no country code); a number already in the org answers 409',
        params: orgParamsSchema,
        body: createContactBodySchema,
        response: { 201: contactSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await service.create(await member(req), req.body)),
  );
  r.post(
    `${base}/import/preview`,
    {
      bodyLimit: importBodyLimit,
      schema: {
        tags,
        summary:
          'Read a CSV (up to 2 MB, 10,000 rows) and say what each row would do, with per-row errors; nothing is saved (owner, admin)',
        params: orgParamsSchema,
        body: importCsvBodySchema,
        response: { 200: importPreviewSchema },
      },
    },
    async (req) => service.previewImport(await member(req), req.body.csv),
  );
  r.post(
    `${base}/import`,
    {
      bodyLimit: importBodyLimit,
      schema: {
        tags,
        summary:
          'Import a CSV: rows with errors are skipped, the others create or update contacts in one transaction (owner, admin)',
        params: orgParamsSchema,
        body: importCsvBodySchema,
        response: { 200: importResultSchema },
      },
    },
    async (req) => service.commitImport(await member(req), req.body.csv),
  );
  r.get(
    `${base}/:contactId`,
    {
      schema: {
        tags,
        summary: 'One contact',
        params: contactParamsSchema,
        response: { 200: contactSchema },
      },
    },
    async (req) => service.get(await member(req), req.params.contactId),
  );
  r.patch(
    `${base}/:contactId`,
    {
      schema: {
        tags,
        summary:
          'Edit a contact, or mark it opted out (`optedOut: true`); opting back in is refused: only the contact can, by texting START',
        params: contactParamsSchema,
        body: updateContactBodySchema,
        response: { 200: contactSchema },
      },
    },
    async (req) => service.update(await member(req), req.params.contactId, req.body),
  );
  r.delete(
    `${base}/:contactId`,
    {
      schema: {
        tags,
        summary: 'Delete a contact; an opted-out contact is kept so it is never texted again (owner, admin)',
        params: contactParamsSchema,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      await service.delete(await member(req), req.params.contactId);
      return { ok: true as const };
    },
  );
}

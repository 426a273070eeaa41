import {
  bulkBodySchema,
  bulkPreviewSchema,
  bulkSendSchema,
  conversationSchema,
  conversationsPageSchema,
  conversationsQuerySchema,
  messageSchema,
  messagingSettingsSchema,
  sendMessageBodySchema,
  threadSchema,
  updateBulkBodySchema,
  updateConversationBodySchema,
  updateMessagingSettingsBodySchema,
  type BulkSend,
  type Conversation,
  type Message,
} from '@ava/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import type { SessionResolver } from '../../http/session.ts';
import type { ContactRow, ConversationRow, ConversationsRepository } from './conversations.repository.ts';
import type { MessageRow, MessagingRepository } from './messaging.repository.ts';
import type { MessagingService } from './messaging.service.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toMessage = (m: MessageRow): Message => ({
  id: m.id,
  conversationId: m.conversationId,
  contactId: m.contactId,
  direction: m.direction,
  from: m.from,
  to: m.to,
  body: m.body,
  mediaUrls: m.mediaUrls ?? [],
  status: m.status,
  errorCode: m.errorCode,
  errorReason: m.errorReason,
  segments: m.segments,
  price: m.price === null ? null : Number(m.price),
  ai: m.ai,
  source: m.source,
  phoneNumberId: m.phoneNumberId,
  sendAt: iso(m.sendAt),
  createdAt: m.createdAt.toISOString(),
});

const toConversation = (r: { conversation: ConversationRow; contact: ContactRow }): Conversation => ({
  id: r.conversation.id,
  contact: {
    id: r.contact.id,
    e164: r.contact.e164,
    name: r.contact.name,
    optedOut: Boolean(r.contact.optedOutAt),
  },
  phoneNumberId: r.conversation.phoneNumberId,
  lastMessageAt: r.conversation.lastMessageAt.toISOString(),
  lastPreview: r.conversation.lastPreview,
  lastDirection: r.conversation.lastDirection,
  unreadCount: r.conversation.unreadCount,
});

type BulkRows = Awaited<ReturnType<MessagingRepository['bulks']>>;
const toBulk = ({ bulk, counts }: BulkRows[number]): BulkSend => {
  const pending = counts.pending ?? 0;
  // The stored status says what the user did (scheduled / canceled); progress comes from the texts.
  const status =
    bulk.status === 'canceled'
      ? 'canceled'
      : pending === 0
        ? 'completed'
        : bulk.startsAt.getTime() > Date.now()
          ? 'scheduled'
          : 'sending';
  return {
    id: bulk.id,
    name: bulk.name,
    body: bulk.body,
    status,
    requestedAt: bulk.requestedAt.toISOString(),
    startsAt: bulk.startsAt.toISOString(),
    shiftedByQuietHours: bulk.shiftedByQuietHours,
    phoneNumberId: bulk.phoneNumberId,
    total: bulk.total,
    skipped: bulk.skipped as BulkSend['skipped'],
    counts,
    createdAt: bulk.createdAt.toISOString(),
  };
};

/** The SMS hub's API: inbox, sending, scheduled texts, bulk sends and texting settings. */
export function messagingRoutes(
  app: FastifyInstance,
  deps: {
    service: MessagingService;
    repo: MessagingRepository;
    conversations: ConversationsRepository;
    sessions: SessionResolver;
  },
) {
  const { service, repo, conversations, sessions } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const org = z.object({ orgId: z.string().min(1).max(64) });
  const withId = org.extend({ id: z.string().min(1).max(64) });
  const tags = ['messaging'];

  r.get(
    '/api/v1/orgs/:orgId/conversations',
    {
      schema: {
        tags,
        summary: 'The inbox: one conversation per contact, newest first',
        params: org,
        querystring: conversationsQuerySchema,
        response: { 200: conversationsPageSchema },
      },
    },
    async (req) => {
      const ctx = await sessions.requireMember(req, req.params.orgId);
      const page = await conversations.list(ctx.orgId, {
        ...(req.query.q ? { q: req.query.q } : {}),
        ...(req.query.unread ? { unread: true } : {}),
        ...(req.query.before ? { before: new Date(req.query.before) } : {}),
        limit: req.query.limit,
      });
      return {
        conversations: page.rows.map(toConversation),
        unreadTotal: page.unreadTotal,
        hasMore: page.hasMore,
      };
    },
  );

  r.post(
    '/api/v1/orgs/:orgId/conversations',
    {
      schema: {
        tags,
        summary: "Opens a contact's conversation (created empty if they have none)",
        params: org,
        body: z.object({ contactId: z.string().min(1).max(64) }),
        response: { 200: conversationSchema },
      },
    },
    async (req) => {
      const ctx = await sessions.requireMember(req, req.params.orgId);
      const row = await conversations.forContact(ctx.orgId, req.body.contactId).catch(() => undefined);
      if (!row) throw new AppError('NOT_FOUND');
      return toConversation(row);
    },
  );

  r.get(
    '/api/v1/orgs/:orgId/conversations/:id',
    {
      schema: {
        tags,
        summary: 'A conversation with its messages, oldest first',
        params: withId,
        response: { 200: threadSchema },
      },
    },
    async (req) => {
      const ctx = await sessions.requireMember(req, req.params.orgId);
      const row = await conversations.get(ctx.orgId, req.params.id);
      if (!row) throw new AppError('NOT_FOUND');
      return {
        conversation: toConversation(row),
        messages: (await repo.thread(ctx.orgId, row.conversation.id)).map(toMessage),
      };
    },
  );

  r.patch(
    '/api/v1/orgs/:orgId/conversations/:id',
    {
      schema: {
        tags,
        summary: 'Mark read, or change the number replies go out from',
        params: withId,
        body: updateConversationBodySchema,
        response: { 200: conversationSchema },
      },
    },
    async (req) => {
      const ctx = await sessions.requireMember(req, req.params.orgId);
      const found = await conversations.get(ctx.orgId, req.params.id);
      if (!found) throw new AppError('NOT_FOUND');
      if (req.body.read) await repo.markRead(ctx.orgId, found.conversation.id);
      await conversations.update(ctx.orgId, found.conversation.id, {
        ...(req.body.read ? { unreadCount: 0 } : {}),
        ...(req.body.phoneNumberId ? { phoneNumberId: req.body.phoneNumberId } : {}),
      });
      return toConversation((await conversations.get(ctx.orgId, found.conversation.id))!);
    },
  );

  r.post(
    '/api/v1/orgs/:orgId/messages',
    {
      schema: {
        tags,
        summary: 'Send (or schedule) a text to a conversation, a contact or a number; idempotent on its key',
        params: org,
        body: sendMessageBodySchema,
        response: { 202: messageSchema },
      },
    },
    async (req, reply) => {
      const ctx = await sessions.requireMember(req, req.params.orgId);
      return reply.status(202).send(toMessage(await service.send(ctx, req.body)));
    },
  );

  r.get(
    '/api/v1/orgs/:orgId/messages/scheduled',
    {
      schema: {
        tags,
        summary: 'Single texts scheduled for later',
        params: org,
        response: { 200: z.object({ messages: z.array(messageSchema) }) },
      },
    },
    async (req) => {
      const ctx = await sessions.requireMember(req, req.params.orgId);
      return { messages: (await service.scheduled(ctx)).map(toMessage) };
    },
  );

  r.patch(
    '/api/v1/orgs/:orgId/messages/:id',
    {
      schema: {
        tags,
        summary: 'Edit a scheduled text (before it leaves)',
        params: withId,
        body: updateBulkBodySchema,
        response: { 200: messageSchema },
      },
    },
    async (req) => {
      const ctx = await sessions.requireMember(req, req.params.orgId);
      return toMessage(await service.editScheduled(ctx, req.params.id, req.body));
    },
  );

  r.post(
    '/api/v1/orgs/:orgId/messages/:id/cancel',
    {
      schema: { tags, summary: 'Cancel a scheduled text', params: withId, response: { 200: messageSchema } },
    },
    async (req) => {
      const ctx = await sessions.requireMember(req, req.params.orgId);
      return toMessage(await service.cancelScheduled(ctx, req.params.id));
    },
  );

  r.post(
    '/api/v1/orgs/:orgId/bulk/preview',
    {
      schema: {
        tags,
        summary: 'Who will get a bulk send, who is skipped and why, segments, cost and timing',
        params: org,
        body: bulkBodySchema,
        response: { 200: bulkPreviewSchema },
      },
    },
    async (req) => {
      const ctx = await sessions.requireMember(req, req.params.orgId);
      const { plan: _plan, ...preview } = await service.previewBulk(ctx, req.body);
      return preview;
    },
  );

  r.post(
    '/api/v1/orgs/:orgId/bulk',
    {
      schema: {
        tags,
        summary: 'Plan and queue a bulk send (now or at a time), paced per sender',
        params: org,
        body: bulkBodySchema,
        response: { 201: bulkSendSchema },
      },
    },
    async (req, reply) => {
      const ctx = await sessions.requireMember(req, req.params.orgId);
      const id = await service.createBulk(ctx, req.body);
      const [row] = await service.bulks(ctx, id);
      return reply.status(201).send(toBulk(row!));
    },
  );

  r.get(
    '/api/v1/orgs/:orgId/bulk',
    {
      schema: {
        tags,
        summary: 'Bulk and scheduled sends, newest first, with progress',
        params: org,
        response: { 200: z.object({ sends: z.array(bulkSendSchema) }) },
      },
    },
    async (req) => {
      const ctx = await sessions.requireMember(req, req.params.orgId);
      return { sends: (await service.bulks(ctx)).map(toBulk) };
    },
  );

  r.get(
    '/api/v1/orgs/:orgId/bulk/:id',
    {
      schema: {
        tags,
        summary: 'One bulk send with its recipients and their delivery status',
        params: withId,
        querystring: z.object({
          status: z.string().max(20).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: {
          200: z.object({
            send: bulkSendSchema,
            recipients: z.array(messageSchema.extend({ name: z.string().nullable() })),
            hasMore: z.boolean(),
          }),
        },
      },
    },
    async (req) => {
      const ctx = await sessions.requireMember(req, req.params.orgId);
      const [row] = await service.bulks(ctx, req.params.id);
      if (!row) throw new AppError('NOT_FOUND');
      const page = await service.bulkRecipients(ctx, req.params.id, req.query);
      return {
        send: toBulk(row),
        recipients: page.rows.map((r) => ({ ...toMessage(r.message), name: r.name })),
        hasMore: page.hasMore,
      };
    },
  );

  r.patch(
    '/api/v1/orgs/:orgId/bulk/:id',
    {
      schema: {
        tags,
        summary: 'Rename, or change the text or time of a send that has not started',
        params: withId,
        body: updateBulkBodySchema,
        response: { 200: bulkSendSchema },
      },
    },
    async (req) => {
      const ctx = await sessions.requireMember(req, req.params.orgId);
      await service.editBulk(ctx, req.params.id, req.body);
      return toBulk((await service.bulks(ctx, req.params.id))[0]!);
    },
  );

  r.post(
    '/api/v1/orgs/:orgId/bulk/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel the texts of a bulk send that have not left yet',
        params: withId,
        response: { 200: bulkSendSchema.extend({ canceled: z.number() }) },
      },
    },
    async (req) => {
      const ctx = await sessions.requireMember(req, req.params.orgId);
      const canceled = await service.cancelBulk(ctx, req.params.id);
      return { ...toBulk((await service.bulks(ctx, req.params.id))[0]!), canceled };
    },
  );

  r.get(
    '/api/v1/orgs/:orgId/messaging/settings',
    {
      schema: {
        tags,
        summary: 'Quiet hours, HELP text and AI reply rules',
        params: org,
        response: { 200: messagingSettingsSchema },
      },
    },
    async (req) => {
      const ctx = await sessions.requireMember(req, req.params.orgId);
      return service.settings(ctx.orgId);
    },
  );

  r.patch(
    '/api/v1/orgs/:orgId/messaging/settings',
    {
      schema: {
        tags,
        summary: 'Change quiet hours, HELP text and AI reply rules (owner, admin)',
        params: org,
        body: updateMessagingSettingsBodySchema,
        response: { 200: messagingSettingsSchema },
      },
    },
    async (req) => {
      const ctx = await sessions.requireMember(req, req.params.orgId);
      return service.updateSettings(ctx, req.body);
    },
  );
}

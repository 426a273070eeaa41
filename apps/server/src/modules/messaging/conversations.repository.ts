import { and, desc, eq, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { prepared } from '../../db/prepared.ts';
import { withOrg, withOrgEach } from '../../db/tenant.ts';
import { contacts, conversations } from '../../db/schema/index.ts';

export type ConversationRow = typeof conversations.$inferSelect;
export type ContactRow = typeof contacts.$inferSelect;
export type ConversationsRepository = ReturnType<typeof conversationsRepository>;

const preview = (body: string) => body.replace(/\s+/g, ' ').trim().slice(0, 140);

/** The conversation upsert of touchConversation, built once (it runs for every text in and out). */
const upsertConversation = prepared('conversations.touch', (db) =>
  db
    .insert(conversations)
    .values({
      id: sql.placeholder('id'),
      orgId: sql.placeholder('orgId'),
      contactId: sql.placeholder('contactId'),
      phoneNumberId: sql.placeholder('phoneNumberId'),
      lastPreview: sql.placeholder('preview'),
      lastDirection: sql.placeholder('direction'),
      unreadCount: sql.placeholder('unread'),
    })
    .onConflictDoUpdate({
      target: [conversations.orgId, conversations.contactId],
      set: {
        lastMessageAt: sql`now()`,
        lastPreview: sql`excluded.last_preview`,
        lastDirection: sql`excluded.last_direction`,
        unreadCount: sql`${conversations.unreadCount} + excluded.unread_count`,
        // Inbound: the number the contact wrote to becomes the reply number. Outbound keeps the one set.
        phoneNumberId: sql`CASE WHEN excluded.last_direction = 'inbound'
          THEN coalesce(excluded.phone_number_id, ${conversations.phoneNumberId})
          ELSE coalesce(${conversations.phoneNumberId}, excluded.phone_number_id) END`,
        updatedAt: sql`now()`,
      },
    })
    .returning({ id: conversations.id }),
);

/**
 * Threads the message into its contact's one conversation (created on first message): newest preview,
 * unread count for inbound, and for inbound the number the contact wrote to becomes the reply number.
 * Runs inside the caller's transaction so the message and its thread change together.
 */
export async function touchConversation(
  tx: Db,
  orgId: string,
  m: { contactId: string; phoneNumberId: string | null; body: string; direction: 'inbound' | 'outbound' },
): Promise<string> {
  const [row] = await upsertConversation(tx, {
    id: randomUUID(),
    orgId,
    contactId: m.contactId,
    phoneNumberId: m.phoneNumberId,
    preview: preview(m.body),
    direction: m.direction,
    unread: m.direction === 'inbound' ? 1 : 0,
  });
  return row!.id;
}

export function conversationsRepository(db: Db) {
  const withContact = { conversation: conversations, contact: contacts };
  return {
    async list(orgId: string, q: { q?: string; unread?: boolean; before?: Date; limit: number }) {
      return withOrg(db, orgId, async (tx) => {
        const where: (SQL | undefined)[] = [eq(conversations.orgId, orgId)];
        if (q.unread) where.push(sql`${conversations.unreadCount} > 0`);
        if (q.before) where.push(lt(conversations.lastMessageAt, q.before));
        if (q.q) {
          const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
          where.push(
            or(
              ilike(contacts.name, like),
              ilike(contacts.e164, `%${q.q.replace(/[^\d+]/g, '') || q.q}%`),
              ilike(conversations.lastPreview, like),
            ),
          );
        }
        const rows = await tx
          .select(withContact)
          .from(conversations)
          .innerJoin(contacts, eq(contacts.id, conversations.contactId))
          .where(and(...where))
          .orderBy(desc(conversations.lastMessageAt))
          .limit(q.limit + 1);
        const [unread] = await tx
          .select({ n: sql<number>`coalesce(sum(${conversations.unreadCount}), 0)::int` })
          .from(conversations)
          .where(eq(conversations.orgId, orgId));
        return { rows: rows.slice(0, q.limit), hasMore: rows.length > q.limit, unreadTotal: unread?.n ?? 0 };
      });
    },

    async get(orgId: string, id: string) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .select(withContact)
          .from(conversations)
          .innerJoin(contacts, eq(contacts.id, conversations.contactId))
          .where(and(eq(conversations.orgId, orgId), eq(conversations.id, id)));
        return row;
      });
    },

    /** The contact's conversation, created empty when they have none yet (opening a thread from Contacts). */
    async forContact(orgId: string, contactId: string) {
      return withOrg(db, orgId, async (tx) => {
        const [own] = await tx
          .select({ id: contacts.id })
          .from(contacts)
          .where(and(eq(contacts.orgId, orgId), eq(contacts.id, contactId)));
        if (!own) return undefined;
        await tx.insert(conversations).values({ orgId, contactId }).onConflictDoNothing();
        const [row] = await tx
          .select(withContact)
          .from(conversations)
          .innerJoin(contacts, eq(contacts.id, conversations.contactId))
          .where(and(eq(conversations.orgId, orgId), eq(conversations.contactId, contactId)));
        return row;
      });
    },

    async update(orgId: string, id: string, values: { phoneNumberId?: string; unreadCount?: number }) {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .update(conversations)
          .set(values)
          .where(and(eq(conversations.orgId, orgId), eq(conversations.id, id)))
          .returning({ id: conversations.id });
        return row;
      });
    },
  };
}

import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withOrg } from '../../db/tenant.ts';
import { contacts, messages } from '../../db/schema/index.ts';

export type MessageRow = typeof messages.$inferSelect;
export type MessagingRepository = ReturnType<typeof messagingRepository>;

// Twilio may deliver callbacks out of order: a status only ever moves forward.
const RANK: Record<string, number> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  receiving: 3,
  received: 4,
  delivered: 5,
  undelivered: 5,
  failed: 5,
  canceled: 5,
};

export function messagingRepository(db: Db) {
  return {
    /** Stores an inbound message once (unique SID); returns undefined for a replay. */
    async insertInbound(
      orgId: string,
      values: {
        contactId: string;
        phoneNumberId: string | null;
        from: string;
        to: string;
        body: string;
        twilioSid: string;
        segments: number | null;
      },
    ) {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .insert(messages)
          .values({ orgId, direction: 'inbound', status: 'received', ...values })
          .onConflictDoNothing()
          .returning();
        return row;
      });
    },

    async applyStatus(
      orgId: string,
      twilioSid: string,
      update: { status: string; errorCode: number | null; errorReason: string | null; price?: string | null },
    ) {
      const rank = RANK[update.status] ?? 0;
      return withOrg(db, orgId, async (tx) => {
        const rows = await tx
          .update(messages)
          .set({
            status: update.status,
            errorCode: update.errorCode,
            errorReason: update.errorReason,
            ...(update.price ? { price: update.price } : {}),
          })
          .where(
            and(
              eq(messages.orgId, orgId),
              eq(messages.twilioSid, twilioSid),
              sql`(CASE ${messages.status} ${sql.raw(
                Object.entries(RANK)
                  .map(([k, v]) => `WHEN '${k}' THEN ${v}`)
                  .join(' '),
              )} ELSE 0 END) < ${rank}`,
            ),
          )
          .returning({ id: messages.id });
        return rows.length > 0;
      });
    },

    async setOptOut(orgId: string, contactId: string, optedOut: boolean) {
      await withOrg(db, orgId, (tx) =>
        tx
          .update(contacts)
          .set({ optedOutAt: optedOut ? new Date() : null })
          .where(and(eq(contacts.orgId, orgId), eq(contacts.id, contactId))),
      );
    },

    listForContact(orgId: string, contactId: string) {
      return withOrg(db, orgId, (tx) =>
        tx
          .select()
          .from(messages)
          .where(and(eq(messages.orgId, orgId), eq(messages.contactId, contactId)))
          .orderBy(messages.createdAt),
      );
    },
  };
}

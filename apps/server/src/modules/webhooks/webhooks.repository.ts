import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withOrg } from '../../db/tenant.ts';
import { webhookEvents } from '../../db/schema/index.ts';

export type WebhooksRepository = ReturnType<typeof webhooksRepository>;
export type NewWebhookEvent = {
  provider: 'twilio' | 'vapi';
  kind: string;
  eventKey: string;
  payload: unknown;
};

export function webhooksRepository(db: Db) {
  return {
    /** Stores the event once; a provider's retry of the same event returns { duplicate: true }. */
    async record(orgId: string, event: NewWebhookEvent) {
      return withOrg(db, orgId, async (tx) => {
        const rows = await tx
          .insert(webhookEvents)
          .values({ orgId, ...event })
          .onConflictDoNothing({ target: [webhookEvents.provider, webhookEvents.eventKey] })
          .returning({ id: webhookEvents.id });
        return rows[0] ? { id: rows[0].id, duplicate: false } : { id: null, duplicate: true };
      });
    },

    async get(orgId: string, id: string) {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .select()
          .from(webhookEvents)
          .where(and(eq(webhookEvents.orgId, orgId), eq(webhookEvents.id, id)));
        return row;
      });
    },

    async markProcessed(orgId: string, id: string, error?: string) {
      await withOrg(db, orgId, (tx) =>
        tx
          .update(webhookEvents)
          .set(
            error
              ? { attempts: sql`${webhookEvents.attempts} + 1`, lastError: error }
              : { processedAt: new Date(), attempts: sql`${webhookEvents.attempts} + 1`, lastError: null },
          )
          .where(and(eq(webhookEvents.orgId, orgId), eq(webhookEvents.id, id))),
      );
    },

    list(orgId: string, opts: { unprocessedOnly?: boolean } = {}) {
      return withOrg(db, orgId, (tx) =>
        tx
          .select()
          .from(webhookEvents)
          .where(
            and(
              eq(webhookEvents.orgId, orgId),
              opts.unprocessedOnly ? isNull(webhookEvents.processedAt) : undefined,
            ),
          )
          .orderBy(webhookEvents.receivedAt),
      );
    },
  };
}

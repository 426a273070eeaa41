import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withOrg, withOrgEach } from '../../db/tenant.ts';
import { orgSecrets, providerCredentials } from '../../db/schema/index.ts';

export type CredentialsRepository = ReturnType<typeof credentialsRepository>;
export type CredentialRow = typeof providerCredentials.$inferSelect;
type Provider = CredentialRow['provider'];

export function credentialsRepository(db: Db) {
  return {
    async get(orgId: string, provider: Provider) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .select()
          .from(providerCredentials)
          .where(and(eq(providerCredentials.orgId, orgId), eq(providerCredentials.provider, provider)));
        return row;
      });
    },

    async upsert(
      orgId: string,
      values: Omit<typeof providerCredentials.$inferInsert, 'id' | 'orgId' | 'createdAt' | 'updatedAt'>,
    ) {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .insert(providerCredentials)
          .values({ ...values, orgId })
          .onConflictDoUpdate({
            target: [providerCredentials.orgId, providerCredentials.provider],
            set: { ...values, updatedAt: new Date() },
          })
          .returning();
        return row!;
      });
    },

    async markChecked(
      orgId: string,
      provider: Provider,
      result: { verifiedAt: Date | null; accountName?: string },
    ) {
      await withOrg(db, orgId, (tx) =>
        tx
          .update(providerCredentials)
          .set(result)
          .where(and(eq(providerCredentials.orgId, orgId), eq(providerCredentials.provider, provider))),
      );
    },

    async setSyncResult(orgId: string, result: unknown, at: Date) {
      await withOrg(db, orgId, (tx) =>
        tx
          .update(providerCredentials)
          .set({ lastSyncAt: at, lastSyncResult: result })
          .where(and(eq(providerCredentials.orgId, orgId), eq(providerCredentials.provider, 'twilio'))),
      );
    },

    async remove(orgId: string, provider: Provider) {
      return withOrg(db, orgId, async (tx) => {
        const rows = await tx
          .delete(providerCredentials)
          .where(and(eq(providerCredentials.orgId, orgId), eq(providerCredentials.provider, provider)))
          .returning({ id: providerCredentials.id });
        return rows.length > 0;
      });
    },

    /**
     * Twilio webhooks name their account, not our org: this lookup (by the unique Account SID) is how
     * a webhook finds its organisation, before any org context exists.
     */
    async findTwilioAccount(accountSid: string) {
      const [row] = await db
        .select({ orgId: providerCredentials.orgId, secretEncrypted: providerCredentials.secretEncrypted })
        .from(providerCredentials)
        .where(
          and(eq(providerCredentials.provider, 'twilio'), eq(providerCredentials.accountId, accountSid)),
        );
      return row;
    },

    async getWebhookSecret(orgId: string) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx.select().from(orgSecrets).where(eq(orgSecrets.orgId, orgId));
        return row?.vapiWebhookSecretEncrypted;
      });
    },

    /** Inserts the org's secret unless one exists; returns whichever is stored (safe under races). */
    async ensureWebhookSecret(orgId: string, sealed: string) {
      return withOrg(db, orgId, async (tx) => {
        await tx
          .insert(orgSecrets)
          .values({ orgId, vapiWebhookSecretEncrypted: sealed })
          .onConflictDoNothing();
        const [row] = await tx.select().from(orgSecrets).where(eq(orgSecrets.orgId, orgId));
        return row!.vapiWebhookSecretEncrypted;
      });
    },
  };
}

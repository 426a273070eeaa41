import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withOrg, withOrgEach } from '../../db/tenant.ts';
import { assistants } from '../../db/schema/index.ts';

export type AssistantRow = typeof assistants.$inferSelect;
export type NewAssistant = Omit<typeof assistants.$inferInsert, 'id' | 'orgId' | 'createdAt' | 'updatedAt'>;
export type AssistantsRepository = ReturnType<typeof assistantsRepository>;

export function assistantsRepository(db: Db) {
  return {
    list(orgId: string) {
      return withOrgEach(db, orgId, (tx) =>
        tx.select().from(assistants).where(eq(assistants.orgId, orgId)).orderBy(asc(assistants.createdAt)),
      );
    },
    async get(orgId: string, id: string) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .select()
          .from(assistants)
          .where(and(eq(assistants.orgId, orgId), eq(assistants.id, id)));
        return row;
      });
    },
    async findByVapiId(orgId: string, vapiAssistantId: string) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .select()
          .from(assistants)
          .where(and(eq(assistants.orgId, orgId), eq(assistants.vapiAssistantId, vapiAssistantId)));
        return row;
      });
    },
    async insert(orgId: string, values: NewAssistant) {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .insert(assistants)
          .values({ ...values, orgId })
          .returning();
        return row!;
      });
    },
    async update(orgId: string, id: string, values: Partial<NewAssistant>) {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .update(assistants)
          .set(values)
          .where(and(eq(assistants.orgId, orgId), eq(assistants.id, id)))
          .returning();
        return row;
      });
    },
    async remove(orgId: string, id: string) {
      await withOrg(db, orgId, (tx) =>
        tx.delete(assistants).where(and(eq(assistants.orgId, orgId), eq(assistants.id, id))),
      );
    },
  };
}

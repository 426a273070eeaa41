import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withOrg } from '../../db/tenant.ts';
import { contacts } from '../../db/schema/index.ts';

export type ContactRow = typeof contacts.$inferSelect;
export type ContactsRepository = ReturnType<typeof contactsRepository>;

export function contactsRepository(db: Db) {
  return {
    /** The contact with this number, created on first contact; a name is filled in when we learn it. */
    async matchOrCreate(orgId: string, e164: string, name?: string | null): Promise<ContactRow> {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .insert(contacts)
          .values({ orgId, e164, name: name ?? null })
          .onConflictDoUpdate({
            target: [contacts.orgId, contacts.e164],
            set: { name: sql`coalesce(${contacts.name}, excluded.name)` },
          })
          .returning();
        return row!;
      });
    },
    async get(orgId: string, id: string) {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .select()
          .from(contacts)
          .where(and(eq(contacts.orgId, orgId), eq(contacts.id, id)));
        return row;
      });
    },
  };
}

import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { prepared } from '../../db/prepared.ts';
import { withOrg, withOrgEach } from '../../db/tenant.ts';
import { phoneNumbers } from '../../db/schema/index.ts';

export type PhoneNumberRow = typeof phoneNumbers.$inferSelect;
export type NewPhoneNumber = Omit<
  typeof phoneNumbers.$inferInsert,
  'id' | 'orgId' | 'createdAt' | 'updatedAt'
>;
export type PhoneNumbersRepository = ReturnType<typeof phoneNumbersRepository>;

/** The org's numbers, oldest first; built once (every inbound text looks up the number it came to). */
const listNumbers = prepared('phone-numbers.list', (db) =>
  db
    .select()
    .from(phoneNumbers)
    .where(eq(phoneNumbers.orgId, sql.placeholder('orgId')))
    .orderBy(asc(phoneNumbers.createdAt)),
);

export function phoneNumbersRepository(db: Db) {
  return {
    list(orgId: string) {
      return withOrgEach(db, orgId, (each) => listNumbers(each, { orgId }));
    },

    async get(orgId: string, id: string) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .select()
          .from(phoneNumbers)
          .where(and(eq(phoneNumbers.orgId, orgId), eq(phoneNumbers.id, id)));
        return row;
      });
    },

    async findByVapiId(orgId: string, vapiPhoneNumberId: string) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .select()
          .from(phoneNumbers)
          .where(and(eq(phoneNumbers.orgId, orgId), eq(phoneNumbers.vapiPhoneNumberId, vapiPhoneNumberId)));
        return row;
      });
    },

    async insert(orgId: string, values: NewPhoneNumber) {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .insert(phoneNumbers)
          .values({ ...values, orgId })
          .returning();
        return row!;
      });
    },

    async update(orgId: string, id: string, values: Partial<NewPhoneNumber>) {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .update(phoneNumbers)
          .set(values)
          .where(and(eq(phoneNumbers.orgId, orgId), eq(phoneNumbers.id, id)))
          .returning();
        return row;
      });
    },

    async remove(orgId: string, ids: string[]) {
      if (ids.length === 0) return;
      await withOrg(db, orgId, (tx) =>
        tx.delete(phoneNumbers).where(and(eq(phoneNumbers.orgId, orgId), inArray(phoneNumbers.id, ids))),
      );
    },

    /**
     * Which of these numbers another organisation already holds. A number belongs to one organisation,
     * and RLS hides other orgs' rows, so this global check runs as the owner and returns only numbers.
     */
    async takenElsewhere(orgId: string, e164s: string[]) {
      if (e164s.length === 0) return new Set<string>();
      const rows = await db
        .select({ e164: phoneNumbers.e164, orgId: phoneNumbers.orgId })
        .from(phoneNumbers)
        .where(inArray(phoneNumbers.e164, e164s));
      return new Set(rows.filter((r) => r.orgId !== orgId).map((r) => r.e164));
    },
  };
}

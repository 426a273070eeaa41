import { and, asc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { contacts, templates } from '../../db/schema/index.ts';
import { withOrg, withOrgEach } from '../../db/tenant.ts';

export type TemplateRow = typeof templates.$inferSelect;
export type NewTemplate = Pick<typeof templates.$inferInsert, 'name' | 'body' | 'category'>;
export type TemplatesRepository = ReturnType<typeof templatesRepository>;

/** A search term as a LIKE pattern that matches it literally. */
const contains = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** How many contact field keys the editor offers; imports rarely have more columns. */
const MAX_FIELD_KEYS = 200;

export function templatesRepository(db: Db) {
  return {
    list(orgId: string, filter: { category?: string | undefined; q?: string | undefined } = {}) {
      return withOrgEach(db, orgId, (tx) =>
        tx
          .select()
          .from(templates)
          .where(
            and(
              eq(templates.orgId, orgId),
              filter.category ? eq(templates.category, filter.category) : undefined,
              filter.q
                ? or(ilike(templates.name, contains(filter.q)), ilike(templates.body, contains(filter.q)))
                : undefined,
            ),
          )
          .orderBy(sql`${templates.category} ASC NULLS LAST`, asc(sql`lower(${templates.name})`)),
      );
    },

    async get(orgId: string, id: string): Promise<TemplateRow | undefined> {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .select()
          .from(templates)
          .where(and(eq(templates.orgId, orgId), eq(templates.id, id)));
        return row;
      });
    },

    async insert(orgId: string, values: NewTemplate): Promise<TemplateRow> {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .insert(templates)
          .values({ ...values, orgId })
          .returning();
        return row!;
      });
    },

    async update(orgId: string, id: string, values: Partial<NewTemplate>): Promise<TemplateRow | undefined> {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .update(templates)
          .set(values)
          .where(and(eq(templates.orgId, orgId), eq(templates.id, id)))
          .returning();
        return row;
      });
    },

    async remove(orgId: string, id: string): Promise<boolean> {
      return withOrg(db, orgId, async (tx) => {
        const rows = await tx
          .delete(templates)
          .where(and(eq(templates.orgId, orgId), eq(templates.id, id)))
          .returning({ id: templates.id });
        return rows.length > 0;
      });
    },

    /**
     * Counts one more use (a message or a bulk send made from it). Leaves updated_at alone: using a
     * template is not editing it. False when the template no longer exists (deleted meanwhile).
     */
    async incrementUsage(orgId: string, id: string, by = 1): Promise<boolean> {
      return withOrg(db, orgId, async (tx) => {
        const rows = await tx
          .update(templates)
          .set({ usageCount: sql`${templates.usageCount} + ${by}`, updatedAt: sql`${templates.updatedAt}` })
          .where(and(eq(templates.orgId, orgId), eq(templates.id, id)))
          .returning({ id: templates.id });
        return rows.length > 0;
      });
    },

    /** Names already taken among `candidates`, to pick a free one for a copy. */
    async namesTaken(orgId: string, candidates: string[]): Promise<Set<string>> {
      if (candidates.length === 0) return new Set();
      return withOrgEach(db, orgId, async (tx) => {
        const rows = await tx
          .select({ name: templates.name })
          .from(templates)
          .where(and(eq(templates.orgId, orgId), inArray(templates.name, candidates)));
        return new Set(rows.map((r) => r.name));
      });
    },

    categories(orgId: string) {
      return withOrgEach(db, orgId, (tx) =>
        tx
          .select({ name: templates.category, count: sql<number>`count(*)::int` })
          .from(templates)
          .where(eq(templates.orgId, orgId))
          .groupBy(templates.category)
          .orderBy(sql`${templates.category} ASC NULLS LAST`),
      );
    },

    /**
     * Keys of the org's contacts' imported fields, lower-cased as contactVariables reads them. With
     * `only`, just which of those candidates exist (the check for unknown variables).
     */
    async fieldKeys(orgId: string, only?: string[]): Promise<string[]> {
      if (only && only.length === 0) return [];
      return withOrgEach(db, orgId, async (tx) => {
        const key = sql<string>`lower(k)`;
        const rows = await tx
          .selectDistinct({ key })
          .from(sql`${contacts}, jsonb_object_keys(${contacts.fields}) AS k`)
          .where(
            and(
              eq(contacts.orgId, orgId),
              only
                ? sql`lower(k) IN (${sql.join(
                    only.map((o) => sql`${o}`),
                    sql`, `,
                  )})`
                : undefined,
            ),
          )
          .orderBy(key)
          .limit(MAX_FIELD_KEYS);
        return rows.map((r) => r.key);
      });
    },
  };
}

import { and, asc, count, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { rowsOf, type Db } from '../../db/client.ts';
import { prepared } from '../../db/prepared.ts';
import { withOrg, withOrgEach } from '../../db/tenant.ts';
import { contacts } from '../../db/schema/index.ts';

export type ContactRow = typeof contacts.$inferSelect;
export type ContactsRepository = ReturnType<typeof contactsRepository>;

export type ContactFilter = {
  /** matched against name and email (case-insensitive) */
  text?: string;
  /** digit strings matched anywhere in the E.164 number */
  digits?: string[];
  tag?: string;
  optedOut?: boolean;
  sort: 'newest' | 'name';
  limit: number;
  offset: number;
};

export type ContactValues = {
  e164: string;
  name: string | null;
  email: string | null;
  notes: string | null;
  tags: string[];
  fields: Record<string, string>;
};

export type ContactPatch = Partial<ContactValues> & { optedOut?: true };

// Upserts are sent in chunks: each row is 8 parameters and PostgreSQL allows 65,535 per statement.
const UPSERT_CHUNK = 1000;

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** matchOrCreate's upsert, built once: every inbound text and every send to a typed number runs it. */
const upsertContact = prepared('contacts.match-or-create', (db) =>
  db
    .insert(contacts)
    .values({
      id: sql.placeholder('id'),
      orgId: sql.placeholder('orgId'),
      e164: sql.placeholder('e164'),
      name: sql.placeholder('name'),
    })
    .onConflictDoUpdate({
      target: [contacts.orgId, contacts.e164],
      set: { name: sql`coalesce(${contacts.name}, excluded.name)`, updatedAt: sql`now()` },
    })
    .returning(),
);

export function contactsRepository(db: Db) {
  return {
    /** The contact with this number, created on first contact; a name is filled in when we learn it. */
    async matchOrCreate(orgId: string, e164: string, name?: string | null): Promise<ContactRow> {
      // One statement, so no transaction around it: one round trip with the organisation's context.
      return withOrgEach(db, orgId, async (each) => {
        const [row] = await upsertContact(each, { id: randomUUID(), orgId, e164, name: name ?? null });
        return row!;
      });
    },
    async get(orgId: string, id: string) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .select()
          .from(contacts)
          .where(and(eq(contacts.orgId, orgId), eq(contacts.id, id)));
        return row;
      });
    },

    async list(orgId: string, f: ContactFilter): Promise<{ rows: ContactRow[]; total: number }> {
      const where: SQL[] = [eq(contacts.orgId, orgId)];
      const search: SQL[] = [];
      if (f.text) {
        search.push(
          sql`${contacts.name} ILIKE ${like(f.text)}`,
          sql`${contacts.email} ILIKE ${like(f.text)}`,
        );
      }
      for (const d of f.digits ?? []) search.push(sql`${contacts.e164} LIKE ${like(d)}`);
      if (search.length) where.push(or(...search)!);
      if (f.tag) where.push(sql`${f.tag} = ANY(${contacts.tags})`);
      if (f.optedOut !== undefined)
        where.push(f.optedOut ? isNotNull(contacts.optedOutAt) : isNull(contacts.optedOutAt));
      const order =
        f.sort === 'name'
          ? [sql`lower(${contacts.name}) ASC NULLS LAST`, asc(contacts.e164)]
          : [desc(contacts.createdAt), desc(contacts.id)];
      return withOrg(db, orgId, async (tx) => {
        const rows = await tx
          .select()
          .from(contacts)
          .where(and(...where))
          .orderBy(...order)
          .limit(f.limit)
          .offset(f.offset);
        const [total] = await tx
          .select({ n: count() })
          .from(contacts)
          .where(and(...where));
        return { rows, total: total?.n ?? 0 };
      });
    },

    /** Every tag in use, with how many contacts carry it, most used first. */
    async tags(orgId: string): Promise<{ tag: string; count: number }[]> {
      return withOrg(db, orgId, async (tx) => {
        const result = await tx.execute(sql`
          SELECT t.tag, count(*)::int AS count
          FROM ${contacts}, unnest(${contacts.tags}) AS t(tag)
          WHERE ${contacts.orgId} = ${orgId}
          GROUP BY t.tag
          ORDER BY count(*) DESC, t.tag ASC`);
        return rowsOf<{ tag: string; count: number }>(result);
      });
    },

    /** Throws a unique violation when the number is already a contact of the org. */
    async insert(orgId: string, values: ContactValues): Promise<ContactRow> {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .insert(contacts)
          .values({ orgId, ...values })
          .returning();
        return row!;
      });
    },

    /** Undefined when there is no such contact; a unique violation when the new number is taken. */
    async update(orgId: string, id: string, patch: ContactPatch): Promise<ContactRow | undefined> {
      const { optedOut, ...values } = patch;
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .update(contacts)
          .set({
            ...values,
            // The first opt-out's date is the one that counts.
            ...(optedOut ? { optedOutAt: sql`coalesce(${contacts.optedOutAt}, now())` } : {}),
            updatedAt: new Date(),
          })
          .where(and(eq(contacts.orgId, orgId), eq(contacts.id, id)))
          .returning();
        return row;
      });
    },

    async delete(orgId: string, id: string): Promise<boolean> {
      return withOrg(db, orgId, async (tx) => {
        const rows = await tx
          .delete(contacts)
          .where(and(eq(contacts.orgId, orgId), eq(contacts.id, id)))
          .returning({ id: contacts.id });
        return rows.length > 0;
      });
    },

    /** The org's contacts among these numbers (for an import's "will update"). */
    async byNumbers(orgId: string, e164s: string[]): Promise<{ id: string; e164: string }[]> {
      if (e164s.length === 0) return [];
      return withOrgEach(db, orgId, (tx) =>
        tx
          .select({ id: contacts.id, e164: contacts.e164 })
          .from(contacts)
          .where(and(eq(contacts.orgId, orgId), inArray(contacts.e164, e164s))),
      );
    },

    /**
     * Creates or updates every row in one transaction: all or nothing. An existing contact keeps its
     * values where the row has none, gains the row's tags and fields, and never changes its opt-out.
     */
    async upsertMany(orgId: string, rows: ContactValues[]): Promise<{ created: number; updated: number }> {
      return withOrg(db, orgId, async (tx) => {
        let created = 0;
        let updated = 0;
        for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
          const result = await tx
            .insert(contacts)
            .values(rows.slice(i, i + UPSERT_CHUNK).map((r) => ({ orgId, ...r })))
            .onConflictDoUpdate({
              target: [contacts.orgId, contacts.e164],
              set: {
                name: sql`coalesce(excluded.name, ${contacts.name})`,
                email: sql`coalesce(excluded.email, ${contacts.email})`,
                notes: sql`coalesce(excluded.notes, ${contacts.notes})`,
                tags: sql`${contacts.tags} || ARRAY(SELECT t FROM unnest(excluded.tags) AS t WHERE NOT t = ANY(${contacts.tags}))`,
                fields: sql`${contacts.fields} || excluded.fields`,
                updatedAt: sql`now()`,
              },
            })
            // xmax is 0 only for a freshly inserted row: how PostgreSQL tells an insert from an update.
            .returning({ inserted: sql<boolean>`(xmax = 0)` });
          for (const r of result) {
            if (r.inserted) created++;
            else updated++;
          }
        }
        return { created, updated };
      });
    },
  };
}

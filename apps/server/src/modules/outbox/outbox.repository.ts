import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { outbox } from '../../db/schema/index.ts';

// The outbox is system-wide (it holds mail for people who have no organisation yet), so it has no org_id.
export type OutboxRepository = ReturnType<typeof outboxRepository>;

export function outboxRepository(db: Db) {
  return {
    async add(item: Omit<typeof outbox.$inferInsert, 'id' | 'createdAt'>) {
      const [row] = await db.insert(outbox).values(item).returning({ id: outbox.id });
      return row!.id;
    },
    list(limit = 50, to?: string) {
      return db
        .select()
        .from(outbox)
        .where(to ? eq(outbox.to, to) : undefined)
        .orderBy(desc(outbox.createdAt))
        .limit(limit);
    },
  };
}

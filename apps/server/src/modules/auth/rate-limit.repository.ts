import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rateLimits } from '../../db/schema/index.ts';

export type RateLimitRepository = ReturnType<typeof rateLimitRepository>;

export function rateLimitRepository(db: Db) {
  return {
    /**
     * Counts one hit in the key's fixed window and returns the count, atomically in one statement so
     * concurrent instances never both see "4".
     */
    async hit(key: string, windowSeconds: number): Promise<{ count: number; resetAt: Date }> {
      const rows = await db
        .insert(rateLimits)
        .values({ key, windowStart: sql`now()`, count: 1 })
        .onConflictDoUpdate({
          target: rateLimits.key,
          set: {
            count: sql`CASE WHEN ${rateLimits.windowStart} <= now() - make_interval(secs => ${windowSeconds}) THEN 1 ELSE ${rateLimits.count} + 1 END`,
            windowStart: sql`CASE WHEN ${rateLimits.windowStart} <= now() - make_interval(secs => ${windowSeconds}) THEN now() ELSE ${rateLimits.windowStart} END`,
          },
        })
        .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart });
      const row = rows[0]!;
      return { count: row.count, resetAt: new Date(row.windowStart.getTime() + windowSeconds * 1000) };
    },
    /** Old windows are useless; a periodic job keeps the table small. */
    async prune(windowSeconds: number) {
      await db
        .delete(rateLimits)
        .where(sql`${rateLimits.windowStart} < now() - make_interval(secs => ${windowSeconds})`);
    },
  };
}

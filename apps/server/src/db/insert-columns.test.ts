import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driverName, freshDatabase } from '../../test/helpers.ts';
import { rowsOf, type Database } from './client.ts';
import { insertByColumns } from './insert-columns.ts';
import { messages, organizations } from './schema/index.ts';

type NewMessage = typeof messages.$inferInsert;

describe(`insertByColumns stores what drizzle's insert stores on ${driverName}`, () => {
  let database: Database & { dispose(): Promise<void> };
  beforeAll(async () => {
    database = await freshDatabase();
    await database.db.insert(organizations).values({ id: 'org-c', name: 'C', slug: 'c' });
  });
  afterAll(async () => database?.dispose());

  const rowsFor = (tag: string): NewMessage[] =>
    ["O'Brien \\ $1 שלום 🎉", '', 'line\nbreak', '{"json":"text"}'].map((body, i) => ({
      orgId: 'org-c',
      direction: 'outbound',
      status: 'pending',
      from: '+33612345678',
      to: `+3361234567${i}`,
      body,
      // Some rows leave out columns without a default (NULL there), as drizzle's insert does.
      ...(i % 2 ? { mediaUrls: ['https://x.test/a.png', 'a "quoted" url'], price: '0.07900' } : {}),
      segments: i + 1,
      ai: i === 2,
      source: 'bulk',
      sendAt: new Date(Date.UTC(2026, 10, 22, 9, 30, i, 123)),
      idempotencyKey: `${tag}:${i}`,
      bulkId: tag,
    }));
  const stored = (tag: string) =>
    database.db
      .select()
      .from(messages)
      .where(eq(messages.bulkId, tag))
      .orderBy(messages.idempotencyKey)
      .then((rows) =>
        rows.map(({ id: _id, createdAt: _c, updatedAt: _u, idempotencyKey, bulkId: _b, ...rest }) => ({
          ...rest,
          key: idempotencyKey!.split(':')[1],
        })),
      );

  it('the same rows, values and defaults; ids generated; conflicts skipped', async () => {
    await database.db.insert(messages).values(rowsFor('drizzle'));
    const returned = rowsOf<{ id: string }>(
      await database.db.execute(
        sql`${insertByColumns(messages, rowsFor('arrays'))} ON CONFLICT DO NOTHING RETURNING id`,
      ),
    );
    expect(new Set(returned.map((r) => r.id)).size).toBe(4);
    expect(await stored('arrays')).toEqual(await stored('drizzle'));
    // Replayed: the idempotency keys are taken, nothing is inserted.
    const again = rowsOf(
      await database.db.execute(
        sql`${insertByColumns(messages, rowsFor('arrays'))} ON CONFLICT DO NOTHING RETURNING id`,
      ),
    );
    expect(again).toHaveLength(0);
  });

  it('refuses rows that leave out a column with a database default only some of the time', () => {
    const rows = rowsFor('partial');
    delete rows[1]!.source;
    expect(() => insertByColumns(messages, rows)).toThrow(/source/);
  });
});

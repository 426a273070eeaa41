import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driverName, freshDatabase } from '../../../test/helpers.ts';
import type { Database } from '../../db/client.ts';
import { organizations, webhookEvents } from '../../db/schema/index.ts';
import { webhookEventProcessor } from './webhooks.processor.ts';
import { webhooksRepository, type PendingEvent } from './webhooks.repository.ts';

async function until(fn: () => Promise<boolean>, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe(`stored webhook events are the queue (ADR 20) on ${driverName}`, () => {
  let database: Database & { dispose(): Promise<void> };
  const log = pino({ level: 'silent' });
  const store = (orgId: string, key: string) =>
    webhooksRepository(database.db).record(orgId, {
      provider: 'twilio',
      kind: 'message.status',
      eventKey: key,
      payload: { MessageSid: key },
    });
  const pending = async () =>
    (
      await database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(webhookEvents)
        .where(sql`processed_at IS NULL`)
    )[0]!.n;

  beforeAll(async () => {
    database = await freshDatabase();
    await database.db.insert(organizations).values([
      { id: 'org-a', name: 'Clinic A', slug: 'a' },
      { id: 'org-b', name: 'Salon B', slug: 'b' },
    ]);
  });
  afterAll(() => database.dispose());

  it('two processors handle 300 events of two orgs exactly once, each org in arrival order', async () => {
    for (let i = 0; i < 300; i++)
      await store(i % 2 ? 'org-a' : 'org-b', `burst:${String(i).padStart(3, '0')}`);
    const seen: (PendingEvent & { by: number })[] = [];
    const events = webhooksRepository(database.db);
    const processors = [1, 2].map((by) =>
      webhookEventProcessor({
        events,
        log,
        concurrency: 4,
        handle: async (e) => {
          seen.push({ ...e, by });
          await new Promise((r) => setTimeout(r, 1));
        },
      }),
    );
    processors.forEach((p) => p.start());
    await until(async () => (await pending()) === 0);
    await Promise.all(processors.map((p) => p.stop()));
    const keys = seen.map((e) => (e.payload as { MessageSid: string }).MessageSid);
    expect(keys).toHaveLength(300);
    expect(new Set(keys).size).toBe(300);
    expect(new Set(seen.map((e) => e.by))).toEqual(new Set([1, 2]));
    // Each processor claims the oldest first and runs an org's events of a batch in order.
    for (const by of [1, 2])
      for (const org of ['org-a', 'org-b']) {
        const order = seen.filter((e) => e.orgId === org && e.by === by).map((e) => e.receivedAt.getTime());
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }
  });

  it('a failed event is tried again later with its error kept; then it is done', async () => {
    const { id } = await store('org-a', 'flaky:1');
    let calls = 0;
    const processor = webhookEventProcessor({
      events: webhooksRepository(database.db),
      log,
      concurrency: 4,
      handle: async () => {
        calls++;
        if (calls === 1) throw new Error('status before the send was recorded');
      },
    });
    processor.start();
    await until(async () => {
      const [row] = await database.db.select().from(webhookEvents).where(eq(webhookEvents.id, id!));
      return row?.lastError === 'status before the send was recorded' && row.processedAt === null;
    });
    // The first retry waits 1 s.
    await until(async () => {
      const [row] = await database.db.select().from(webhookEvents).where(eq(webhookEvents.id, id!));
      return row?.processedAt !== null;
    });
    await processor.stop();
    expect(calls).toBe(2);
    const [row] = await database.db.select().from(webhookEvents).where(eq(webhookEvents.id, id!));
    expect(row).toMatchObject({ attempts: 2, lastError: null });
  });

  it('an event claimed by a process that died is taken again once its claim is a minute old', async () => {
    const { id: dead } = await store('org-b', 'orphan:dead');
    const { id: fresh } = await store('org-b', 'orphan:busy');
    await database.db
      .update(webhookEvents)
      .set({ claimedAt: new Date(Date.now() - 61_000), attempts: 1 })
      .where(eq(webhookEvents.id, dead!));
    await database.db
      .update(webhookEvents)
      .set({ claimedAt: new Date(), attempts: 1 })
      .where(eq(webhookEvents.id, fresh!));
    const handled: string[] = [];
    const processor = webhookEventProcessor({
      events: webhooksRepository(database.db),
      log,
      concurrency: 4,
      handle: async (e) => void handled.push(e.id),
    });
    processor.start();
    await until(async () => handled.includes(dead!));
    await new Promise((r) => setTimeout(r, 600));
    await processor.stop();
    // The other one is still someone's (claimed seconds ago): left alone.
    expect(handled).toEqual([dead]);
  });

  it('sleeps until the soonest event: a retry, or a claim going stale; events given up on never wake it', async () => {
    const events = webhooksRepository(database.db);
    await database.db
      .update(webhookEvents)
      .set({ processedAt: new Date() })
      .where(sql`processed_at IS NULL`);
    expect(await events.nextDue(60_000)).toBeNull();
    const now = Date.now();
    const given = await store('org-a', 'next:given-up');
    const retry = await store('org-b', 'next:retry');
    const held = await store('org-a', 'next:held');
    await events.markFailed(given.id!, 'gave up', null);
    await events.markFailed(retry.id!, 'HTTP 500', new Date(now + 120_000));
    await database.db
      .update(webhookEvents)
      .set({ claimedAt: new Date(now - 30_000), availableAt: new Date(now - 40_000) })
      .where(eq(webhookEvents.id, held.id!));
    // The held event's claim goes stale 30 s from now (a minute after it was claimed), before the retry.
    expect((await events.nextDue(60_000))!.getTime()).toBeCloseTo(now + 30_000, -3);
    await events.markProcessed([held.id!]);
    expect((await events.nextDue(60_000))!.getTime()).toBe(now + 120_000);
    await events.markProcessed([retry.id!]);
    expect(await events.nextDue(60_000)).toBeNull();
  });
});

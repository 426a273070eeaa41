import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { driverName, freshDatabase } from '../../test/helpers.ts';
import type { Database } from '../db/client.ts';
import { rateLimits } from '../db/schema/index.ts';
import { createLogger } from '../lib/logger.ts';
import { pruneRateLimitsJob } from '../modules/auth/auth.jobs.ts';
import { rateLimitRepository } from '../modules/auth/rate-limit.repository.ts';
import { defineJob, JobQueue } from './queue.ts';

describe(`pg-boss job queue on ${driverName}`, () => {
  let database: Database & { dispose(): Promise<void> };
  let jobs: JobQueue;
  const attempts: number[] = [];
  const flaky = defineJob({
    name: 'test.flaky',
    schema: z.object({ n: z.number() }),
    retryLimit: 2,
    handler: async ({ n }) => {
      attempts.push(n);
      if (attempts.length === 1) throw new Error('first try fails');
    },
  });

  beforeAll(async () => {
    database = await freshDatabase();
    jobs = new JobQueue(database, createLogger('silent'), 0.5);
    jobs.register(pruneRateLimitsJob(rateLimitRepository(database.db)), flaky);
    await jobs.start();
  });
  afterAll(async () => {
    await jobs?.stop();
    await database?.dispose();
  });

  it('runs a real job: pruning expired rate-limit windows', async () => {
    const old = new Date(Date.now() - 2 * 3600_000);
    await database.db.insert(rateLimits).values([
      { key: 'ip:old', windowStart: old, count: 3 },
      { key: 'ip:new', windowStart: new Date(), count: 1 },
    ]);
    const id = await jobs.send(pruneRateLimitsJob(rateLimitRepository(database.db)), {
      olderThanSeconds: 3600,
    });
    const outcome = await jobs.waitFor(id);
    expect(outcome.ok).toBe(true);
    const left = await database.db.select().from(rateLimits);
    expect(left.map((r) => r.key)).toEqual(['ip:new']);
  });

  it('retries a failed job until it succeeds', async () => {
    const id = await jobs.send(flaky, { n: 7 });
    const first = await jobs.waitFor(id);
    expect(first.ok).toBe(false);
    const second = await jobs.waitFor(id, 30_000);
    expect(second.ok).toBe(true);
    expect(attempts).toEqual([7, 7]);
  });

  it('refuses a payload that does not match the job schema', async () => {
    await expect(jobs.send(flaky, { n: 'x' as unknown as number })).rejects.toThrow();
  });

  it('a restart finds its queues and schedules; a changed schedule is applied, an unchanged one kept', async () => {
    const scheduleRow = async () =>
      (
        await database.executeSql(`SELECT cron, data, updated_on FROM pgboss.schedule WHERE name = $1`, [
          flaky.name,
        ])
      ).rows[0];
    await jobs.schedule(flaky.name, '*/10 * * * *', { n: 1 });
    const first = await scheduleRow();
    expect(first?.cron).toBe('*/10 * * * *');

    // The next start of the process (a new queue on the same database) declares the same queues and schedule.
    await jobs.stop();
    jobs = new JobQueue(database, createLogger('silent'), 0.5);
    jobs.register(flaky);
    await jobs.start();
    await jobs.schedule(flaky.name, '*/10 * * * *', { n: 1 });
    expect(String((await scheduleRow())?.updated_on)).toBe(String(first?.updated_on));
    const id = await jobs.send(flaky, { n: 8 });
    expect((await jobs.waitFor(id)).ok).toBe(true);

    await jobs.schedule(flaky.name, '*/5 * * * *', { n: 2 });
    expect(await scheduleRow()).toMatchObject({ cron: '*/5 * * * *', data: { n: 2 } });
  });
});

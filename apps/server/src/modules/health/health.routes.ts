import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { AppError } from '../../http/errors.ts';
import { metrics, registerQueueGauges } from '../../lib/metrics.ts';
import { timingSafeEqual } from 'node:crypto';

const checks = z.object({ database: z.boolean(), migrations: z.boolean(), jobs: z.boolean() });

export function healthRoutes(
  app: FastifyInstance,
  deps: { database: Database; jobs: JobQueue; migrated: () => boolean; metricsToken: string | undefined },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  registerQueueGauges(async () => {
    // pg-boss 10 keeps waiting jobs in pgboss.job with state 'created' (or 'retry' while backing off);
    // stored webhooks and due texts wait in their own tables (ADR 17, ADR 20).
    const { rows } = await deps.database.executeSql(
      `SELECT name, count(*)::int AS waiting,
              coalesce(extract(epoch FROM now() - min(created_on)), 0)::float AS oldest
         FROM pgboss.job WHERE state IN ('created', 'retry') GROUP BY name
       UNION ALL
       SELECT 'webhook-events', count(*)::int, coalesce(extract(epoch FROM now() - min(received_at)), 0)::float
         FROM webhook_events WHERE processed_at IS NULL AND available_at < 'infinity'
       UNION ALL
       SELECT 'sms-outbox', count(*)::int, coalesce(extract(epoch FROM now() - min(send_at)), 0)::float
         FROM messages WHERE status = 'pending' AND send_at <= now()`,
    );
    return rows.map((r) => ({
      name: String(r.name),
      waiting: Number(r.waiting),
      oldestSeconds: Number(r.oldest),
    }));
  });
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const expected = deps.metricsToken ? Buffer.from(`Bearer ${deps.metricsToken}`) : null;
    const given = Buffer.from(request.headers.authorization ?? '');
    if (expected && (given.length !== expected.length || !timingSafeEqual(given, expected)))
      throw new AppError('UNAUTHENTICATED', 'A metrics token is required.');
    return reply.type(metrics.contentType).send(await metrics.metrics());
  });
  r.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'The process is up',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({
      status: 'ok' as const,
    }),
  );
  r.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'Database reachable, migrations applied, job queue started',
        response: {
          200: z.object({ status: z.literal('ready'), checks }),
          503: z.object({ status: z.literal('not_ready'), checks }),
        },
      },
    },
    async (_req, reply) => {
      let database = false;
      try {
        await deps.database.executeSql('SELECT 1', []);
        database = true;
      } catch {
        database = false;
      }
      const result = { database, migrations: deps.migrated(), jobs: deps.jobs.isStarted };
      if (result.database && result.migrations && result.jobs)
        return { status: 'ready' as const, checks: result };
      return reply.status(503).send({ status: 'not_ready' as const, checks: result });
    },
  );
}

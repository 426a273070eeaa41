import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { AppError } from '../../http/errors.ts';
import { metrics, registerQueueGauges } from '../../lib/metrics.ts';
import { timingSafeEqual } from 'node:crypto';
import { healthRepository } from './health.repository.ts';

const checks = z.object({ database: z.boolean(), migrations: z.boolean(), jobs: z.boolean() });

export function healthRoutes(
  app: FastifyInstance,
  deps: { database: Database; jobs: JobQueue; migrated: () => boolean; metricsToken: string | undefined },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const repo = healthRepository(deps.database);
  registerQueueGauges(() => repo.queueBacklog());
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
        await repo.ping();
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

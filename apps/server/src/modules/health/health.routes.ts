import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import type { JobQueue } from '../../jobs/queue.ts';

const checks = z.object({ database: z.boolean(), migrations: z.boolean(), jobs: z.boolean() });

export function healthRoutes(
  app: FastifyInstance,
  deps: { database: Database; jobs: JobQueue; migrated: () => boolean },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
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

import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { errorBody } from './http/errors.ts';
import { createLogger } from './lib/logger.ts';
import { loadKeyring } from './lib/secrets.ts';
import { PRUNE_RATE_LIMITS } from './modules/auth/auth.jobs.ts';

/** Any fixed number: the PostgreSQL advisory lock the processes of a fleet take to set up the database. */
const STARTUP_LOCK = 0x41_56_41_19;
/** What a worker answers on its port (ADR 19): health and metrics, never the API or the web app. */
const WORKER_PATHS = /^\/(healthz|readyz|metrics)(\?|$)/;

/**
 * The processes of a fleet start together on one database, and neither Drizzle's migrator nor pg-boss's
 * queue creation is safe to run concurrently on a fresh one (duplicate catalog rows; a deadlock between
 * two `create_queue` calls): the first process does the work while the others wait on the lock, then
 * find nothing left to do. The lock lives in a connection of its own, outside the pool, and ends with it.
 */
async function oneAtATime<T>(url: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!url) return work();
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK]);
    return await work();
  } finally {
    await lock.end();
  }
}

/** A worker keeps its port for health checks and scrapes only. */
function workerOnly(app: FastifyInstance) {
  app.addHook('onRequest', async (request, reply) => {
    if (!WORKER_PATHS.test(request.url))
      return reply
        .status(404)
        .send(errorBody('NOT_FOUND', 'This is a worker: it serves health checks and metrics only.'));
  });
}

const describeRole = (config: Config) =>
  ({
    all: 'web and jobs',
    web: 'web: HTTP only, jobs run on the workers',
    worker: 'worker: jobs and background loops, health on this port',
  })[config.role];

async function main() {
  let config;
  try {
    config = loadConfig(undefined, process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.logLevel).child({ role: config.role });
  // Milliseconds since the process started, per step: where a slow start spends its time (issue F).
  const startup: Record<string, number> = {};
  const step = (name: string) => (startup[name] = Math.round(process.uptime() * 1000));
  step('modulesLoaded');
  const database = await openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pgdata') });
  step('databaseOpened');
  log.info({ driver: database.kind }, 'database opened');
  let migrated = false;
  await oneAtATime(config.databaseUrl, () => database.migrate());
  migrated = true;
  step('migrated');
  const keyring = loadKeyring(config.encryptionKey, config.dataDir, log);
  const app = await buildApp({ config, database, log, keyring, migrated: () => migrated });
  const runsJobs = config.role !== 'web';
  step('appBuilt');
  if (config.role === 'worker') workerOnly(app);
  await oneAtATime(config.databaseUrl, () => app.ava.jobs.start({ handlers: runsJobs }));
  // An upsert on the name: the processes that run jobs all declare it, pg-boss keeps one schedule.
  if (runsJobs) await app.ava.jobs.schedule(PRUNE_RATE_LIMITS, '*/10 * * * *');
  step('jobsStarted');
  const address = await app.listen({ port: config.port, host: config.host });
  step('listening');
  log.info(
    { startup },
    `AVA (${describeRole(config)}) is ready on ${config.role === 'worker' ? address : config.publicUrl} (${config.sandbox ? 'sandbox on' : 'sandbox off'}, ${database.kind})`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // app.close() drains HTTP first, then (its onClose hook) stops the job queue: a worker's loops finish
    // the texts they hold and running jobs get up to 10 s; a web process has neither and stops at once.
    log.info({ signal }, 'shutting down: draining HTTP, stopping jobs, closing the database');
    const force = setTimeout(() => process.exit(1), 20_000).unref();
    try {
      await app.close();
      await database.close();
      clearTimeout(force);
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

void main();

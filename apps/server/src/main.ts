import { join } from 'node:path';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { createLogger } from './lib/logger.ts';
import { loadKeyring } from './lib/secrets.ts';
import { PRUNE_RATE_LIMITS } from './modules/auth/auth.jobs.ts';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pgdata') });
  log.info({ driver: database.kind }, 'database opened');
  let migrated = false;
  await database.migrate();
  migrated = true;
  const keyring = loadKeyring(config.encryptionKey, config.dataDir, log);
  const app = await buildApp({ config, database, log, keyring, migrated: () => migrated });
  await app.ava.jobs.start();
  await app.ava.jobs.schedule(PRUNE_RATE_LIMITS, '*/10 * * * *');
  await app.listen({ port: config.port, host: config.host });
  log.info(
    `AVA is ready on ${config.publicUrl} (${config.sandbox ? 'sandbox on' : 'sandbox off'}, ${database.kind})`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
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

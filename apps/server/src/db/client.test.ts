import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driverName, freshDatabase } from '../../test/helpers.ts';
import { type Database, migrationsPending } from './client.ts';

describe(`start-up migrations on ${driverName}`, () => {
  let database: Database & { dispose(): Promise<void> };
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('skips the migrator on an up-to-date database, and not when the newest migration is missing', async () => {
    expect(await migrationsPending(database.executeSql)).toBe(false);
    // The database as the previous release left it: its last recorded migration older than the newest.
    await database.executeSql(
      `UPDATE drizzle.__drizzle_migrations SET created_at = created_at - 1
        WHERE created_at = (SELECT max(created_at) FROM drizzle.__drizzle_migrations)`,
      [],
    );
    expect(await migrationsPending(database.executeSql)).toBe(true);
    await database.executeSql(
      `UPDATE drizzle.__drizzle_migrations SET created_at = created_at + 1
        WHERE created_at = (SELECT max(created_at) FROM drizzle.__drizzle_migrations)`,
      [],
    );
    expect(await migrationsPending(database.executeSql)).toBe(false);
  });

  it('has work to do on a database that was never migrated', async () => {
    await database.executeSql('ALTER SCHEMA drizzle RENAME TO drizzle_moved', []);
    try {
      expect(await migrationsPending(database.executeSql)).toBe(true);
    } finally {
      await database.executeSql('ALTER SCHEMA drizzle_moved RENAME TO drizzle', []);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driverName, freshDatabase } from '../../test/helpers.ts';
import pg from 'pg';
import { type Database, migrationsPending, startPgliteThread, ThreadStream } from './client.ts';

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

// PGlite has one backend behind every connection of the thread (ADR 25). The pool drops a connection after
// a failed query and opens another at once, and closes reach the thread in no fixed order against other
// connections' messages: the old one's close once rolled back the new one's transaction when it landed
// after its BEGIN, and the rest of that transaction's statements ran (and stayed) on their own.
describe.skipIf(driverName !== 'pglite')('the PGlite thread', () => {
  it('rolls back only the transaction of the connection that closed', async () => {
    const thread = await startPgliteThread();
    const connect = async () => {
      const client = new pg.Client({
        user: 'postgres',
        database: 'postgres',
        stream: () => new ThreadStream(thread),
      });
      await client.connect();
      return client;
    };
    const closed = (client: pg.Client) => client.end().then(() => new Promise((r) => setTimeout(r, 100)));
    try {
      const [a, b] = [await connect(), await connect()];
      await b.query('BEGIN');
      await b.query('CREATE TABLE kept (n int)');
      await closed(a);
      await b.query('INSERT INTO kept VALUES (1)');
      await b.query('COMMIT');

      const c = await connect();
      await c.query('BEGIN');
      await c.query('INSERT INTO kept VALUES (2)');
      await closed(c);
      expect((await b.query('SELECT n FROM kept')).rows).toEqual([{ n: 1 }]);
      await b.end();
    } finally {
      await thread.terminate();
    }
  });

  it('ignores what a connection sends after the database closed', async () => {
    const thread = await startPgliteThread();
    const errors: Error[] = [];
    thread.on('error', (err) => errors.push(err));
    try {
      const client = new pg.Client({
        user: 'postgres',
        database: 'postgres',
        stream: () => new ThreadStream(thread),
      });
      await client.connect();
      await new Promise((resolve) => {
        thread.once('message', resolve);
        thread.postMessage({ type: 'close' });
      });
      // A pool ending after the database: its connections' Terminate messages arrive at a closed PGlite.
      await client.end();
      await new Promise((r) => setTimeout(r, 100));
      expect(errors).toEqual([]);
    } finally {
      await thread.terminate();
    }
  });
});

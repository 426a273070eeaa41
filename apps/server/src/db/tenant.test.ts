import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driverName, freshDatabase, seedTwoOrgs } from '../../test/helpers.ts';
import { rowsOf, unprotectedTenantTables, type Database } from './client.ts';
import { invitations, members } from './schema/index.ts';
import { withOrg, withOrgEach } from './tenant.ts';

describe(`row-level security on ${driverName}`, () => {
  let database: Database & { dispose(): Promise<void> };

  beforeAll(async () => {
    // One connection on both drivers: what a transaction leaves on it, the next user would find.
    database = await freshDatabase({ poolSize: 1 });
    const { db } = database;
    await seedTwoOrgs(db);
    await db.insert(members).values({ organizationId: 'org-b', userId: 'u-a', role: 'member' });
    await db.insert(invitations).values([
      {
        organizationId: 'org-a',
        email: 'x@a.test',
        role: 'member',
        inviterId: 'u-a',
        expiresAt: new Date(Date.now() + 1e6),
      },
      {
        organizationId: 'org-b',
        email: 'y@b.test',
        role: 'member',
        inviterId: 'u-b',
        expiresAt: new Date(Date.now() + 1e6),
      },
    ]);
  });
  afterAll(async () => database?.dispose());

  it('an unfiltered query in org A sees only org A rows', async () => {
    const seen = await withOrg(database.db, 'org-a', (tx) => tx.select().from(members));
    expect(seen.map((m) => m.organizationId)).toEqual(['org-a']);
    const invites = await withOrg(database.db, 'org-b', (tx) => tx.select().from(invitations));
    expect(invites.map((i) => i.email)).toEqual(['y@b.test']);
  });

  it('refuses to write a row into another org', async () => {
    await expect(
      withOrg(database.db, 'org-a', (tx) =>
        tx.insert(members).values({ organizationId: 'org-b', userId: 'u-a', role: 'admin' }),
      ),
    ).rejects.toThrow();
    const count = await database.db
      .select()
      .from(members)
      .where(sql`org_id = 'org-b'`);
    expect(count).toHaveLength(2);
  });

  it('cannot update or delete another org rows, even by id', async () => {
    const deleted = await withOrg(database.db, 'org-a', (tx) =>
      tx
        .delete(members)
        .where(sql`org_id = 'org-b'`)
        .returning(),
    );
    expect(deleted).toHaveLength(0);
    const updated = await withOrg(database.db, 'org-a', (tx) =>
      tx
        .update(invitations)
        .set({ status: 'canceled' })
        .where(sql`org_id = 'org-b'`)
        .returning(),
    );
    expect(updated).toHaveLength(0);
  });

  it('without an org context the app role sees nothing', async () => {
    const rows = await database.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL ROLE ava_app`);
      return tx.select().from(members);
    });
    expect(rows).toHaveLength(0);
  });

  const leftOnTheConnection = async () =>
    (
      await database.executeSql(
        `SELECT coalesce(current_setting('app.org_id', true), '') AS org, current_user AS role`,
        [1].slice(1),
      )
    ).rows[0];

  it('the org setting and the role do not outlive the transaction, committed or failed', async () => {
    const before = await leftOnTheConnection();
    expect(before?.role).not.toBe('ava_app');
    await withOrg(database.db, 'org-a', (tx) => tx.select().from(members));
    expect(await leftOnTheConnection()).toEqual({ org: '', role: before?.role });
    await expect(
      withOrg(database.db, 'org-a', async (tx) => {
        await tx.select().from(members);
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(await leftOnTheConnection()).toEqual({ org: '', role: before?.role });
    await withOrgEach(database.db, 'org-a', (each) => each.select().from(members));
    expect(await leftOnTheConnection()).toEqual({ org: '', role: before?.role });
    await expect(
      withOrgEach(database.db, 'org-a', (each) => each.execute(sql`SELECT 1/0`)),
    ).rejects.toThrow();
    expect(await leftOnTheConnection()).toEqual({ org: '', role: before?.role });
  });

  it('a failed transaction keeps none of its writes, from its first statement on', async () => {
    await expect(
      withOrg(database.db, 'org-a', async (tx) => {
        await tx.insert(members).values({ organizationId: 'org-a', userId: 'u-b', role: 'admin' });
        await tx.execute(sql`SELECT 1/0`);
      }),
    ).rejects.toThrow();
    const rows = await withOrg(database.db, 'org-a', (tx) => tx.select().from(members));
    expect(rows.map((m) => m.userId)).toEqual(['u-a']);
  });

  it('each statement of withOrgEach sees and writes only its org', async () => {
    const [seen, invites] = await withOrgEach(database.db, 'org-b', (each) =>
      Promise.all([each.select().from(members), each.select().from(invitations)]),
    );
    expect(seen.map((m) => m.organizationId)).toEqual(['org-b', 'org-b']);
    expect(invites.map((i) => i.email)).toEqual(['y@b.test']);
    await expect(
      withOrgEach(database.db, 'org-a', (each) =>
        each.insert(members).values({ organizationId: 'org-b', userId: 'u-b', role: 'admin' }),
      ),
    ).rejects.toThrow();
    const deleted = await withOrgEach(database.db, 'org-a', (each) =>
      each
        .delete(members)
        .where(sql`org_id = 'org-b'`)
        .returning(),
    );
    expect(deleted).toHaveLength(0);
  });

  it('a statement whose values cannot be inlined still runs as its org', async () => {
    const bytes = Buffer.from([0, 1, 2]);
    const read = (db: typeof database.db) =>
      db.execute(sql`SELECT current_setting('app.org_id') AS org, current_user AS role,
                            length(${bytes}::bytea) AS n, (SELECT count(*) FROM members)::int AS members`);
    const expected = [{ org: 'org-b', role: 'ava_app', n: 3, members: 2 }];
    expect(rowsOf(await withOrgEach(database.db, 'org-b', read))).toEqual(expected);
    expect(rowsOf(await withOrg(database.db, 'org-b', read))).toEqual(expected);
    expect((await leftOnTheConnection())?.org).toBe('');
  });

  it('every table with an org_id column has RLS enabled and a policy', async () => {
    expect(await unprotectedTenantTables(database.executeSql)).toEqual([]);
  });
});

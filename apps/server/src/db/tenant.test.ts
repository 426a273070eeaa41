import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driverName, freshDatabase } from '../../test/helpers.ts';
import { unprotectedTenantTables, type Database } from './client.ts';
import { invitations, members, organizations, users } from './schema/index.ts';
import { withOrg } from './tenant.ts';

describe(`row-level security on ${driverName}`, () => {
  let database: Database & { dispose(): Promise<void> };

  beforeAll(async () => {
    database = await freshDatabase();
    const { db } = database;
    await db.insert(users).values([
      { id: 'u-a', name: 'Ana', email: 'ana@a.test' },
      { id: 'u-b', name: 'Ben', email: 'ben@b.test' },
    ]);
    await db.insert(organizations).values([
      { id: 'org-a', name: 'Clinic A', slug: 'a' },
      { id: 'org-b', name: 'Salon B', slug: 'b' },
    ]);
    await db.insert(members).values([
      { organizationId: 'org-a', userId: 'u-a', role: 'owner' },
      { organizationId: 'org-b', userId: 'u-b', role: 'owner' },
      { organizationId: 'org-b', userId: 'u-a', role: 'member' },
    ]);
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

  it('the org setting does not leak past the transaction', async () => {
    await withOrg(database.db, 'org-a', async () => undefined);
    const { rows } = await database.executeSql(
      `SELECT current_setting('app.org_id', true) AS v, current_user AS u`,
      [1].slice(1),
    );
    expect(rows[0]?.v ?? '').toBe('');
    expect(rows[0]?.u).not.toBe('ava_app');
  });

  it('every table with an org_id column has RLS enabled and a policy', async () => {
    expect(await unprotectedTenantTables(database.executeSql)).toEqual([]);
  });
});

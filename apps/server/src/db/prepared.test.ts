import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driverName, freshDatabase, seedTwoOrgs } from '../../test/helpers.ts';
import type { Database } from './client.ts';
import { prepared } from './prepared.ts';
import { invitations } from './schema/index.ts';
import { withOrg, withOrgEach } from './tenant.ts';

const invitesTo = prepared('test.invites-to', (db) =>
  db
    .select()
    .from(invitations)
    .where(sql`${invitations.email} LIKE ${sql.placeholder('pattern')}`)
    .orderBy(asc(invitations.email)),
);
const invite = prepared('test.invite', (db) =>
  db
    .insert(invitations)
    .values({
      id: sql.placeholder('id'),
      organizationId: sql.placeholder('orgId'),
      email: sql.placeholder('email'),
      role: sql`'member'`,
      inviterId: sql.placeholder('inviterId'),
      expiresAt: sql.placeholder('expiresAt'),
    })
    .returning(),
);

describe(`prepared statements on ${driverName}`, () => {
  let database: Database & { dispose(): Promise<void> };

  beforeAll(async () => {
    database = await freshDatabase();
    const { db } = database;
    await seedTwoOrgs(db);
    const expiresAt = new Date('2027-01-01T00:00:00Z');
    await db.insert(invitations).values([
      { organizationId: 'org-a', email: 'x@a.test', role: 'member', inviterId: 'u-a', expiresAt },
      { organizationId: 'org-a', email: 'y@a.test', role: 'member', inviterId: 'u-a', expiresAt },
      { organizationId: 'org-b', email: 'x@b.test', role: 'member', inviterId: 'u-b', expiresAt },
    ]);
  });
  afterAll(async () => database?.dispose());

  it('runs as the organisation it is given, with the values of each call', async () => {
    const emails = async (orgId: string, pattern: string) =>
      (await withOrgEach(database.db, orgId, (each) => invitesTo(each, { pattern }))).map((r) => r.email);
    expect(await emails('org-a', 'x@%')).toEqual(['x@a.test']);
    expect(await emails('org-b', 'x@%')).toEqual(['x@b.test']);
    expect(await emails('org-a', '%')).toEqual(['x@a.test', 'y@a.test']);
    // Rows are mapped as drizzle maps them: a timestamp column is a Date.
    const [row] = await withOrgEach(database.db, 'org-a', (each) => invitesTo(each, { pattern: 'y@%' }));
    expect(row?.expiresAt).toEqual(new Date('2027-01-01T00:00:00Z'));
  });

  it('runs in the transaction it is given: sees its writes, and is undone with it', async () => {
    const values = (email: string) => ({
      id: `inv-${email}`,
      orgId: 'org-a',
      email,
      inviterId: 'u-a',
      expiresAt: new Date('2027-02-01T00:00:00Z'),
    });
    await expect(
      withOrg(database.db, 'org-a', async (tx) => {
        const [made] = await invite(tx, values('z@a.test'));
        expect(made).toMatchObject({ id: 'inv-z@a.test', role: 'member', status: 'pending' });
        expect((await invitesTo(tx, { pattern: 'z@%' })).map((r) => r.email)).toEqual(['z@a.test']);
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    const left = await withOrgEach(database.db, 'org-a', (each) => invitesTo(each, { pattern: 'z@%' }));
    expect(left).toEqual([]);
    // Row-level security applies as it does to a statement built in place.
    await expect(
      withOrg(database.db, 'org-b', (tx) => invite(tx, { ...values('w@a.test'), orgId: 'org-a' })),
    ).rejects.toThrow();
  });

  it('refuses a statement with a value fixed at build time (a JS default would be computed once)', async () => {
    // invitations.id has a $defaultFn (a new uuid per row): left out, it would be built into the text.
    const noId = prepared('test.no-id', (db) =>
      db.insert(invitations).values({
        organizationId: sql.placeholder('orgId'),
        email: sql.placeholder('email'),
        role: sql`'member'`,
        inviterId: sql.placeholder('inviterId'),
        expiresAt: sql.placeholder('expiresAt'),
      }),
    );
    const constant = prepared('test.constant', (db) =>
      db.select().from(invitations).where(eq(invitations.status, 'pending')),
    );
    await withOrgEach(database.db, 'org-a', async (each) => {
      await expect(
        noId(each, { orgId: 'org-a', email: 'v@a.test', inviterId: 'u-a', expiresAt: new Date() }),
      ).rejects.toThrow(/"test.no-id": parameter 1 is fixed at build time/);
      await expect(constant(each, {})).rejects.toThrow(/fixed at build time/);
    });
  });
});

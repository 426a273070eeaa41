import { sql } from 'drizzle-orm';
import { openDatabase } from './src/db/client.ts';
import { withOrg } from './src/db/tenant.ts';
import { bookingSettings, organizations } from './src/db/schema/index.ts';
const database = await openDatabase({ url: process.env.PG });
await database.migrate();
const orgId = crypto.randomUUID();
await database.db
  .insert(organizations)
  .values({ id: orgId, name: 'Perf', slug: orgId, timezone: 'Europe/Paris' });
await database.db.insert(bookingSettings).values({ orgId, businessHours: [], icsToken: orgId });
const time = async (label: string, n: number, fn: () => Promise<unknown>) => {
  const ts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  console.log(label, 'p50', ts[Math.floor(n * 0.5)]!.toFixed(3), 'p99', ts[Math.floor(n * 0.99)]!.toFixed(3));
};
for (let k = 0; k < 2; k++) {
  await time('withOrg (2 setup stmts)', 1000, () => withOrg(database.db, orgId, async () => 1));
  await time('one setup stmt', 1000, () =>
    database.db.transaction(async (tx) => {
      await tx.execute(
        sql`SELECT set_config('role', 'ava_app', true), set_config('app.org_id', ${orgId}, true)`,
      );
    }),
  );
  await time('one setup + RLS select', 1000, () =>
    database.db.transaction(async (tx) => {
      await tx.execute(
        sql`SELECT set_config('role', 'ava_app', true), set_config('app.org_id', ${orgId}, true)`,
      );
      return tx.execute(sql`select * from booking_settings where org_id = ${orgId}`);
    }),
  );
}
const check = await database.db.transaction(async (tx) => {
  await tx.execute(sql`SELECT set_config('role', 'ava_app', true), set_config('app.org_id', 'other', true)`);
  return tx.execute(sql`select current_user, count(*) from booking_settings`);
});
console.log(JSON.stringify((check as unknown as { rows: unknown[] }).rows ?? check));
await database.close();
if (process.env.PG) process.exit(0);

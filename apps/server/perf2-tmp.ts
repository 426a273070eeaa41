import { sql } from 'drizzle-orm';
import { openDatabase } from './src/db/client.ts';
import { withOrg } from './src/db/tenant.ts';
import { organizations } from './src/db/schema/index.ts';
import { orgsRepository } from './src/modules/orgs/orgs.repository.ts';
const database = await openDatabase({ url: process.env.PG });
await database.migrate();
const orgId = crypto.randomUUID();
await database.db
  .insert(organizations)
  .values({ id: orgId, name: 'Perf', slug: orgId, timezone: 'Europe/Paris' });
const orgs = orgsRepository(database.db);
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
await time('empty withOrg', 500, () => withOrg(database.db, orgId, async () => 1));
await time('getOrg', 500, () => orgs.getOrg(orgId));
await time('select 1', 500, () => database.db.execute(sql`select 1`));
await time('tx select 1', 500, () => database.db.transaction(async (tx) => tx.execute(sql`select 1`)));
await database.close();
if (process.env.PG) process.exit(0);

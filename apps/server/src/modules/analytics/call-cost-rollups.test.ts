import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deleteCallsInSteps,
  driverName,
  freshDatabase,
  prng,
  updateCallsAtRandom,
  AWKWARD_ZONES,
} from '../../../test/helpers.ts';
import type { Database } from '../../db/client.ts';
import { withOrg } from '../../db/tenant.ts';
import { callsRepository } from '../calls/calls.repository.ts';
import { smsAnalyticsRepository, type SmsAnalyticsRepository } from './sms-analytics.repository.ts';

const HOUR = 3_600_000;
const ZONES = AWKWARD_ZONES;
// Vapi reports a number; anything else in the column counts 0 (but its call still makes a row).
const COSTS = ['0.1234', '0.05', '1', '-0.25', ' 0.3 ', '0.123456789', '0', 'n/a', '', '1e3', null];

/**
 * Call costs per local month from the daily rollup (migration 0015) equal the sums over every call that
 * otherCosts computed before it, whatever the writes and in any zone, months cut anywhere in a UTC day.
 */
describe(`call cost rollups on ${driverName}`, () => {
  let database: Database & { dispose(): Promise<void> };
  let repo: SmsAnalyticsRepository;
  const rand = prng(25);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  let n = 0;

  const rows = async (text: string, values?: unknown[]) => (await database.executeSql(text, values)).rows;
  const first = async <T>(text: string, values?: unknown[]) =>
    Object.values((await rows(text, values))[0]!)[0] as T;

  /** The rollup as the triggers left it must equal a rebuild from scratch. */
  async function expectExact() {
    const snapshot = () =>
      rows(
        `SELECT org_id, day, phone_number_id, calls, trim_scale(cost)::text AS cost FROM call_cost_rollups ORDER BY 1, 2, 3`,
      );
    const incremental = await snapshot();
    await rows('SELECT call_cost_rollups_rebuild()');
    expect(incremental).toEqual(await snapshot());
    return incremental;
  }

  /** The query otherCosts ran before the rollup, over every call, for the months the page shows. */
  const reference = (org: string, months: number, tz: string) =>
    first<{ month: string; num: string | null; price: number }[]>(
      `SELECT coalesce(json_agg(json_build_object('month', to_char(m, 'YYYY-MM'), 'num', num, 'price', price)), '[]')
       FROM (
         SELECT date_trunc('month', coalesce(started_at, created_at) AT TIME ZONE $2) AS m, phone_number_id AS num,
                sum(CASE WHEN trim(cost) ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN abs(trim(cost)::numeric) ELSE 0 END)::float8 AS price
         FROM calls
         WHERE org_id = $1 AND cost IS NOT NULL
           AND coalesce(started_at, created_at) >= (date_trunc('month', now() AT TIME ZONE $2) - make_interval(months => $3 - 1)) AT TIME ZONE $2
         GROUP BY 1, 2) c
       WHERE m <= date_trunc('month', now() AT TIME ZONE $2)`,
      [org, tz, months],
    );
  const sorted = <T>(xs: T[]) => [...xs].sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));

  /** Local month starts of the last `months` months in `tz` (and the next one), as epoch milliseconds. */
  const monthStarts = async (tz: string, months: number) =>
    (
      await first<string[]>(
        `SELECT json_agg(m AT TIME ZONE $1 ORDER BY m)
         FROM generate_series(date_trunc('month', now() AT TIME ZONE $1) - make_interval(months => $2 - 1),
                              date_trunc('month', now() AT TIME ZONE $1) + interval '1 month', interval '1 month') m`,
        [tz, months],
      )
    ).map((s) => Date.parse(s));

  /** Calls around every local month start of the zones (minutes to a day either side), and anywhere. */
  async function callsAround(org: string, count: number) {
    const starts = (await Promise.all(ZONES.map((tz) => monthStarts(tz, 4)))).flat();
    const values: string[] = [];
    for (let i = 0; i < count; i++) {
      const near =
        pick(starts) + pick([-1, 1]) * pick([60_000, 90 * 60_000, 11 * HOUR, 13 * HOUR, 23 * HOUR, 1]);
      const at = rand() < 0.7 ? near : Date.now() - Math.floor(rand() * 120 * 24 * HOUR);
      const started = rand() < 0.1 ? 'NULL' : `'${new Date(at).toISOString()}'`;
      const cost = pick(COSTS);
      values.push(
        `('cc${++n}', '${org}', 'v-cc${n}', ${rand() < 0.15 ? 'NULL' : `'${org}-n${Math.floor(rand() * 3)}'`},
          ${started}, '${new Date(at).toISOString()}', ${cost === null ? 'NULL' : `'${cost}'`})`,
      );
    }
    return `INSERT INTO calls (id, org_id, vapi_call_id, phone_number_id, started_at, created_at, cost) VALUES ${values.join(',\n')}`;
  }

  beforeAll(async () => {
    database = await freshDatabase();
    repo = smsAnalyticsRepository(database.db);
    await rows(`INSERT INTO organizations (id, name, slug) VALUES ('oa', 'A', 'oa'), ('ob', 'B', 'ob')`);
  });
  afterAll(async () => database?.dispose());

  it('stays exact through inserts, end-of-call reports, cost, time and number changes and deletes', async () => {
    await rows(await callsAround('oa', 150));
    // Drawn before the transaction: PGlite's one connection cannot serve another query inside it.
    const ob = await callsAround('ob', 60);
    await withOrg(database.db, 'ob', (tx) => tx.execute(sql.raw(ob)));
    expect((await expectExact()).length).toBeGreaterThan(20);

    // A call as Vapi's events write it: created without a cost, the end-of-call report sets it later.
    const calls = callsRepository(database.db);
    for (let i = 0; i < 8; i++) {
      const vapi = `report-${i}`;
      await calls.upsert('oa', vapi, {
        status: 'in-progress',
        startedAt: new Date(Date.now() - i * 9 * HOUR),
      });
      await calls.upsert('oa', vapi, {
        status: 'ended',
        startedAt: new Date(Date.now() - i * 9 * HOUR),
        cost: String(0.05 * (i + 1)),
        phoneNumberId: i % 2 ? 'oa-n1' : null,
      });
      if (i % 3 === 0) await calls.upsert('oa', vapi, { cost: '0.42' });
    }
    await expectExact();

    const changes = [
      () =>
        `cost = ${(() => {
          const c = pick(COSTS);
          return c === null ? 'NULL' : `'${c}'`;
        })()}`,
      () => `started_at = started_at + interval '${Math.floor(rand() * 30 - 15)} hours'`,
      () => `started_at = NULL`,
      () => `created_at = created_at - interval '${Math.floor(rand() * 40)} days'`,
      () => `phone_number_id = ${rand() < 0.3 ? 'NULL' : `'n${Math.floor(rand() * 3)}'`}`,
      () => `status = 'ended', transcript = 'AI: Hello'`,
    ];
    await updateCallsAtRandom(database, rand, changes, 120);
    await rows(
      `UPDATE calls SET started_at = started_at - interval '1 day' WHERE org_id = 'oa' AND id LIKE '%1'`,
    );
    await withOrg(database.db, 'ob', (tx) =>
      tx.execute(sql`UPDATE calls SET cost = '0.2' WHERE cost IS NULL`),
    );
    await expectExact();

    await deleteCallsInSteps(database, expectExact);
    expect((await expectExact()).every((r) => r.org_id === 'oa')).toBe(true);
  });

  it('gives the costs per local month and number that every call gives, in six zones', async () => {
    await rows(await callsAround('oa', 400));
    for (const tz of ZONES)
      for (const months of [1, 3, 12]) {
        const { calls } = await repo.otherCosts('oa', months, tz);
        const want = await reference('oa', months, tz);
        expect(want.length, `${tz} ${months}`).toBeGreaterThan(months === 1 ? 0 : 3);
        expect(sorted(calls), `${tz} ${months}`).toEqual(sorted(want));
      }
  });

  it('ends at zero: the rows of calls deleted go too', async () => {
    await rows(`DELETE FROM calls`);
    expect(await expectExact()).toEqual([]);
    expect((await repo.otherCosts('oa', 12, 'Europe/Paris')).calls).toEqual([]);
  });
});

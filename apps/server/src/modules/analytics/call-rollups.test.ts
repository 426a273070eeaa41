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
import { analyticsRepository, type AnalyticsRepository } from './analytics.repository.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ZONES = AWKWARD_ZONES;
const EVALUATIONS = ['true', 'false', 'Pass', 'fail', 'SUCCESS', 'yes', 'no', '', null];

/**
 * The dashboard's counts and calls per local day from the quarter-hour rollup (migration 0019) equal what
 * reading every call gave before it, whatever the writes, in any zone, windows cut anywhere in a quarter.
 */
describe(`call rollups on ${driverName}`, () => {
  let database: Database & { dispose(): Promise<void> };
  let repo: AnalyticsRepository;
  const rand = prng(27);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  let n = 0;

  const rows = async (text: string, values?: unknown[]) => (await database.executeSql(text, values)).rows;

  /** The rollup as the triggers left it must equal a rebuild from scratch. */
  async function expectExact() {
    const snapshot = () =>
      rows(`SELECT org_id, at, calls, answered, evaluated, successful FROM call_rollups ORDER BY 1, 2`);
    const incremental = await snapshot();
    await rows('SELECT call_rollups_rebuild()');
    expect(incremental).toEqual(await snapshot());
    return incremental;
  }

  /** The counts the dashboard read from every call of the window before the rollup. */
  const referenceStats = async (org: string, from: Date, to: Date) =>
    (
      await rows(
        `SELECT count(*)::int AS calls,
                count(*) FILTER (WHERE coalesce(duration_seconds, 0) > 0)::int AS answered,
                count(*) FILTER (WHERE success_evaluation IS NOT NULL)::int AS evaluated,
                count(*) FILTER (WHERE lower(success_evaluation) IN ('true', 'pass', 'success', 'yes'))::int AS successful
         FROM calls WHERE org_id = $1 AND coalesce(started_at, created_at) >= $2 AND coalesce(started_at, created_at) < $3`,
        [org, from, to],
      )
    )[0];
  const referencePerDay = async (org: string, days: number, tz: string) =>
    rows(
      `WITH d AS (
         SELECT generate_series((now() AT TIME ZONE $3)::date - ($2::int - 1), (now() AT TIME ZONE $3)::date, interval '1 day')::date AS day
       ), c AS (
         SELECT (coalesce(started_at, created_at) AT TIME ZONE $3)::date AS day, count(*)::int AS n
         FROM calls WHERE org_id = $1 GROUP BY 1
       )
       SELECT to_char(d.day, 'YYYY-MM-DD') AS date, coalesce(c.n, 0) AS calls FROM d LEFT JOIN c ON c.day = d.day ORDER BY d.day`,
      [org, days, tz],
    );

  /** Local midnights of the zones over the last 30 days, as epoch milliseconds. */
  const midnights = async () =>
    (
      await rows(
        `SELECT (d::timestamp AT TIME ZONE z) AS at
         FROM unnest($1::text[]) z,
              generate_series((now() AT TIME ZONE z)::date - 30, (now() AT TIME ZONE z)::date, interval '1 day') d`,
        [ZONES],
      )
    ).map((r) => new Date(r.at as string).getTime());

  /** Calls a second to a day from local midnights of every zone, and anywhere in the last year. */
  async function callsAround(org: string, count: number) {
    const starts = await midnights();
    const values: string[] = [];
    for (let i = 0; i < count; i++) {
      const near = pick(starts) + pick([-1, 1]) * pick([1000, 7 * MINUTE, 14 * MINUTE, HOUR, 11 * HOUR]);
      const at = rand() < 0.6 ? near : Date.now() - Math.floor(rand() * 365 * DAY);
      const started = rand() < 0.1 ? 'NULL' : `'${new Date(at).toISOString()}'`;
      const duration = pick(['NULL', '0', '42', '300']);
      const evaluation = pick(EVALUATIONS);
      values.push(
        `('cr${++n}', '${org}', 'v-cr${n}', ${started}, '${new Date(at).toISOString()}', ${duration},
          ${evaluation === null ? 'NULL' : `'${evaluation}'`})`,
      );
    }
    return `INSERT INTO calls (id, org_id, vapi_call_id, started_at, created_at, duration_seconds, success_evaluation) VALUES ${values.join(',\n')}`;
  }

  beforeAll(async () => {
    database = await freshDatabase();
    repo = analyticsRepository(database.db);
    await rows(`INSERT INTO organizations (id, name, slug) VALUES ('oa', 'A', 'oa'), ('ob', 'B', 'ob')`);
  });
  afterAll(async () => database?.dispose());

  it('stays exact through inserts, calls as Vapi reports them, time and outcome changes and deletes', async () => {
    await rows(await callsAround('oa', 200));
    // Drawn before the transaction: PGlite's one connection cannot serve another query inside it.
    const ob = await callsAround('ob', 80);
    await withOrg(database.db, 'ob', (tx) => tx.execute(sql.raw(ob)));
    expect((await expectExact()).length).toBeGreaterThan(50);

    // A call as Vapi's events write it: started, then ended with its duration and the analysis later.
    const calls = callsRepository(database.db);
    for (let i = 0; i < 8; i++) {
      const vapi = `report-${i}`;
      const startedAt = new Date(Date.now() - i * 9 * HOUR);
      await calls.upsert('oa', vapi, { status: 'in-progress', startedAt });
      await calls.upsert('oa', vapi, { status: 'ended', startedAt, durationSeconds: i * 30 });
      await calls.upsert('oa', vapi, { successEvaluation: pick(['true', 'false', 'pass']) });
    }
    await expectExact();

    const changes = [
      () => `started_at = started_at + interval '${Math.floor(rand() * 120 - 60)} minutes'`,
      () => `started_at = NULL`,
      () => `created_at = created_at - interval '${Math.floor(rand() * 40)} days'`,
      () => `duration_seconds = ${pick(['NULL', '0', '17'])}`,
      () =>
        `success_evaluation = ${(() => {
          const e = pick(EVALUATIONS);
          return e === null ? 'NULL' : `'${e}'`;
        })()}`,
      () => `status = 'ended', transcript = 'AI: Hello', cost = '0.1'`,
    ];
    await updateCallsAtRandom(database, rand, changes, 150);
    await rows(
      `UPDATE calls SET started_at = started_at - interval '1 day' WHERE org_id = 'oa' AND id LIKE '%1'`,
    );
    await withOrg(database.db, 'ob', (tx) =>
      tx.execute(sql`UPDATE calls SET success_evaluation = 'true' WHERE success_evaluation IS NULL`),
    );
    await expectExact();

    await deleteCallsInSteps(database, expectExact);
    expect((await expectExact()).every((r) => r.org_id === 'oa')).toBe(true);
  });

  it('counts every call of a window cut anywhere in a quarter hour, as reading each call did', async () => {
    await rows(await callsAround('oa', 600));
    const starts = await midnights();
    const windows: [number, number][] = [];
    for (let i = 0; i < 40; i++) {
      // Bounds on a midnight, a second or minutes off one, or anywhere; some shorter than a quarter hour.
      const bound = () => pick(starts) + pick([0, 0, 1000, -1000, 7 * MINUTE, -8 * MINUTE, rand() * DAY]);
      const from = bound();
      const to =
        rand() < 0.2 ? from + Math.floor(rand() * 20 * MINUTE) : from + Math.floor(rand() * 60 * DAY);
      windows.push([from, to]);
    }
    windows.push([Date.now() - 365 * DAY, Date.now()], [Date.now() - 730 * DAY, Date.now() - 365 * DAY]);
    for (const [from, to] of windows) {
      const w = { from: new Date(from), to: new Date(to) };
      const got = await repo.callStats('oa', w);
      const { appointments, ...counts } = got;
      expect(appointments).toBe(0);
      expect(counts, `${w.from.toISOString()} → ${w.to.toISOString()}`).toEqual(
        await referenceStats('oa', w.from, w.to),
      );
    }
  });

  it('gives the calls per local day that every call gives, in six zones', async () => {
    for (const tz of ZONES)
      for (const days of [7, 30, 365]) {
        const got = await repo.callsPerDay('oa', days, tz);
        expect(got).toHaveLength(days);
        expect(got, `${tz} ${days}`).toEqual(await referencePerDay('oa', days, tz));
        expect(got.some((d) => d.calls > 0)).toBe(true);
      }
  });

  it('ends at zero: the rows of calls deleted go too', async () => {
    await rows(`DELETE FROM calls`);
    expect(await expectExact()).toEqual([]);
    expect((await repo.callsPerDay('oa', 30, 'Europe/Paris')).every((d) => d.calls === 0)).toBe(true);
  });
});

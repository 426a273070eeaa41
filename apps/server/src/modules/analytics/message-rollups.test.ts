import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driverName, freshDatabase, prng, AWKWARD_ZONES } from '../../../test/helpers.ts';
import type { Database } from '../../db/client.ts';
import { withOrg } from '../../db/tenant.ts';
import {
  smsAnalyticsRepository,
  type Periods,
  type SmsAnalyticsRepository,
} from './sms-analytics.repository.ts';

const TABLES = {
  message_rollups: 'org_id, day, phone_number_id, direction, status, country',
  message_quarter_rollups: 'org_id, at',
  message_waits: 'message_id',
  message_wait_rollups: 'org_id, day, answered_day, bucket',
} as const;

const STATUSES = ['pending', 'queued', 'sent', 'delivered', 'undelivered', 'failed', 'canceled', 'scheduled'];
const SOURCES = ['inbox', 'inbox', 'inbox', 'bulk', 'ai', 'sync', 'scheduled'];
const HOUR = 3_600_000;

/**
 * The triggers keep the rollups equal to what message_rollups_rebuild() computes from messages, whatever
 * the shape of the writes: multi-row inserts out of time order, single-row and set updates of every
 * column the rollups read, deletes; as the owner and as ava_app under row-level security.
 */
describe(`message rollups stay exact on ${driverName}`, () => {
  let database: Database & { dispose(): Promise<void> };
  const rand = prng(18);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const now = Date.now();
  let n = 0;

  const rows = async (text: string) => (await database.executeSql(text)).rows;
  async function snapshot() {
    const out: Record<string, unknown[]> = {};
    for (const [table, key] of Object.entries(TABLES))
      out[table] = (await rows(`SELECT * FROM ${table} ORDER BY ${key}`)).map((r) =>
        JSON.parse(
          JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)),
        ),
      );
    return out;
  }
  /** The rollups as the triggers left them must equal a rebuild from scratch. */
  async function expectExact() {
    const incremental = await snapshot();
    await rows('SELECT message_rollups_rebuild()');
    expect(incremental).toEqual(await snapshot());
    return incremental;
  }

  function message(org: string) {
    const inbound = rand() < 0.45;
    const segments = rand() < 0.2 ? null : 1 + Math.floor(rand() * 3);
    return {
      id: `m${++n}`,
      org_id: org,
      contact_id: rand() < 0.05 ? null : `${org}-c${Math.floor(rand() * 6)}`,
      phone_number_id: rand() < 0.1 ? null : `${org}-n${Math.floor(rand() * 2)}`,
      direction: inbound ? 'inbound' : 'outbound',
      status: inbound ? 'received' : pick(STATUSES),
      country: rand() < 0.1 ? null : pick(['US', 'FR', 'IL']),
      segments,
      price: rand() < 0.4 ? null : (Math.round(rand() * 10_000) / 1e5).toFixed(5),
      ai: !inbound && rand() < 0.2,
      source: inbound ? 'inbox' : pick(SOURCES),
      // three days around midnights and quarter hours, to the millisecond
      created_at: new Date(now - Math.floor(rand() * 72 * HOUR)).toISOString(),
    };
  }
  const literal = (v: unknown) =>
    v === null ? 'NULL' : typeof v === 'boolean' || typeof v === 'number' ? String(v) : `'${v}'`;
  const insertSql = (ms: ReturnType<typeof message>[]) =>
    `INSERT INTO messages (id, org_id, contact_id, phone_number_id, direction, status, country, segments, price, ai, source,
       created_at, from_number, to_number, body)
     VALUES ${ms.map((m) => `(${[m.id, m.org_id, m.contact_id, m.phone_number_id, m.direction, m.status, m.country, m.segments, m.price, m.ai, m.source, m.created_at].map(literal).join(', ')}, '+1', '+2', 'x')`).join(',\n')}`;

  beforeAll(async () => {
    database = await freshDatabase();
    await rows(`INSERT INTO organizations (id, name, slug) VALUES ('oa', 'A', 'oa'), ('ob', 'B', 'ob')`);
  });
  afterAll(async () => database?.dispose());

  it('after multi-row inserts in any time order, as the owner and as ava_app', async () => {
    for (let i = 0; i < 6; i++)
      await rows(insertSql(Array.from({ length: 40 }, () => message(rand() < 0.5 ? 'oa' : 'ob'))));
    for (const org of ['oa', 'ob'])
      await withOrg(database.db, org, (tx) =>
        tx.execute(sql.raw(insertSql(Array.from({ length: 30 }, () => message(org))))),
      );
    const r = await expectExact();
    expect(r.message_waits!.length).toBeGreaterThan(10);
    expect(r.message_wait_rollups!.some((w) => (w as { bucket: number }).bucket === -1)).toBe(true);
  });

  it('after single-row updates of every column the rollups read, and updates that change none', async () => {
    const ids = (await rows(`SELECT id, org_id FROM messages ORDER BY id`)) as {
      id: string;
      org_id: string;
    }[];
    const changes = [
      () => `status = '${pick(STATUSES)}'`,
      () => `price = ${rand() < 0.3 ? 'NULL' : (rand() / 10).toFixed(5)}`,
      () => `segments = ${rand() < 0.3 ? 'NULL' : 1 + Math.floor(rand() * 4)}`,
      () => `created_at = created_at + interval '${Math.floor(rand() * 20 - 10)} hours'`,
      () => `contact_id = '${pick(['oa', 'ob'])}-c${Math.floor(rand() * 6)}'`,
      () => `phone_number_id = NULL, country = '${pick(['US', 'FR'])}'`,
      () => `source = '${pick(SOURCES)}', ai = NOT ai`,
      () => `direction = CASE direction WHEN 'inbound' THEN 'outbound' ELSE 'inbound' END`,
      () => `read_at = now(), claimed_at = now()`,
    ];
    for (let i = 0; i < 120; i++) {
      const m = pick(ids);
      const set = pick(changes)();
      // contact changes keep the row in its org (row-level security would refuse otherwise)
      const text = `UPDATE messages SET ${set.replace(/'o[ab]-c/, `'${m.org_id}-c`)} WHERE id = '${m.id}'`;
      if (i % 2) await rows(text);
      else await withOrg(database.db, m.org_id, (tx) => tx.execute(sql.raw(text)));
    }
    await expectExact();
  });

  // PGlite has one connection: writers cannot overlap there.
  it.runIf(driverName === 'postgres')(
    'when two transactions write the same conversation at once, the later rebuild sees the earlier one',
    async () => {
      const text = (direction: string, minutesAgo: number) => ({
        ...message('oa'),
        contact_id: 'oa-c9',
        direction,
        status: direction === 'inbound' ? 'received' : 'delivered',
        source: 'inbox',
        created_at: new Date(now - minutesAgo * 60_000).toISOString(),
      });
      const first = database.db.transaction(async (tx) => {
        await tx.execute(sql.raw(insertSql([text('inbound', 10)])));
        await new Promise((r) => setTimeout(r, 300));
      });
      await new Promise((r) => setTimeout(r, 100));
      const second = database.db.transaction((tx) => tx.execute(sql.raw(insertSql([text('outbound', 5)]))));
      await Promise.all([first, second]);
      const r = await expectExact();
      expect(r.message_waits!.filter((w) => (w as { contact_id: string }).contact_id === 'oa-c9')).toEqual([
        expect.objectContaining({ seconds: 300 }),
      ]);
    },
  );

  it('after set updates and deletes, down to an empty table', async () => {
    await rows(`UPDATE messages SET status = 'canceled' WHERE status = 'pending' AND org_id = 'oa'`);
    await rows(`UPDATE messages SET created_at = created_at - interval '1 day' WHERE contact_id LIKE '%c1'`);
    await withOrg(database.db, 'ob', (tx) =>
      tx.execute(
        sql`UPDATE messages SET status = 'delivered' WHERE direction = 'outbound' AND status = 'sent'`,
      ),
    );
    await expectExact();
    await rows(`DELETE FROM messages WHERE contact_id LIKE '%c2' OR id IN ('m3', 'm40', 'm77')`);
    await withOrg(database.db, 'oa', (tx) =>
      tx.execute(sql`DELETE FROM messages WHERE contact_id LIKE '%c3'`),
    );
    await expectExact();
    await rows(`DELETE FROM messages`);
    const empty = await expectExact();
    expect(Object.values(empty).every((t) => t.length === 0)).toBe(true);
  });
});

const NOT_SENT = `('pending', 'canceled', 'scheduled')`;
const NOT_BILLED = `('pending', 'canceled', 'scheduled', 'failed')`;

/** The same figures computed the slow way, from every message of the periods. */
const reference = {
  counters: (org: string, p: Periods, tz: string) => `
    WITH m AS (
      SELECT created_at >= '${p.curFrom}' AS cur, phone_number_id AS num, direction, status, country, ai,
             coalesce(segments, 1) AS seg, price, direction = 'inbound' OR status NOT IN ${NOT_BILLED} AS billed
      FROM messages WHERE org_id = '${org}' AND created_at >= '${p.prevFrom}' AND created_at < '${p.to}'
    ), t AS (
      SELECT created_at AT TIME ZONE '${tz}' AS local,
             CASE WHEN direction = 'inbound' THEN 'r' WHEN status NOT IN ${NOT_SENT} THEN 's' END AS kind
      FROM messages WHERE org_id = '${org}' AND created_at >= '${p.curFrom}' AND created_at < '${p.to}'
    )
    SELECT json_build_object(
      'groups', (SELECT coalesce(json_agg(g), '[]') FROM (
                   SELECT cur, num, direction, status, country, count(*)::int AS n,
                          coalesce(sum(seg) FILTER (WHERE billed), 0)::int AS segments,
                          coalesce(sum(price) FILTER (WHERE billed), 0)::float8 AS price,
                          coalesce(sum(seg) FILTER (WHERE billed AND price IS NULL), 0)::int AS unpriced,
                          count(*) FILTER (WHERE ai)::int AS ai
                   FROM m GROUP BY 1, 2, 3, 4, 5) g),
      'hours', (SELECT json_agg(json_build_object('hour', h, 'sent', (SELECT count(*) FROM t WHERE kind = 's' AND extract(hour FROM local) = h),
                  'received', (SELECT count(*) FROM t WHERE kind = 'r' AND extract(hour FROM local) = h)) ORDER BY h) FROM generate_series(0, 23) h),
      'weekdays', (SELECT json_agg(json_build_object('weekday', d, 'sent', (SELECT count(*) FROM t WHERE kind = 's' AND extract(dow FROM local) = d),
                  'received', (SELECT count(*) FROM t WHERE kind = 'r' AND extract(dow FROM local) = d)) ORDER BY d) FROM generate_series(0, 6) d),
      'perDay', (SELECT json_agg(json_build_object('date', to_char(day, 'YYYY-MM-DD'),
                  'sent', (SELECT count(*) FROM t WHERE kind = 's' AND local::date = day::date),
                  'received', (SELECT count(*) FROM t WHERE kind = 'r' AND local::date = day::date)) ORDER BY day)
                 FROM generate_series(('${p.curFrom}'::timestamptz AT TIME ZONE '${tz}')::date,
                                      (('${p.to}'::timestamptz - interval '1 microsecond') AT TIME ZONE '${tz}')::date, interval '1 day') day)
    )`,
  responses: (org: string, p: Periods) => `
    WITH w AS (
      SELECT created_at, inb, lag(inb) OVER win AS prev_inb,
             min(created_at) FILTER (WHERE NOT inb) OVER (win ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS answered_at
      FROM (SELECT contact_id, id, created_at, direction = 'inbound' AS inb FROM messages
            WHERE org_id = '${org}' AND contact_id IS NOT NULL
              AND (direction = 'inbound' OR (status NOT IN ${NOT_SENT} AND source <> 'bulk'))) m
      WINDOW win AS (PARTITION BY contact_id ORDER BY created_at, id)
    ), x AS (
      SELECT width_bucket(created_at, ARRAY['${p.prevFrom}', '${p.curFrom}', '${p.to}']::timestamptz[]) AS p, answered_at,
             extract(epoch FROM answered_at - created_at)::float8 AS secs
      FROM w WHERE inb AND prev_inb IS NOT TRUE
    ), y AS (
      SELECT p, answered_at < (ARRAY['${p.prevFrom}', '${p.curFrom}', '${p.to}']::timestamptz[])[p + 1] AS ok, secs FROM x WHERE p IN (1, 2)
    )
    SELECT coalesce(json_agg(r), '[]') FROM (
      SELECT p = 2 AS cur, count(*)::int AS waits, count(*) FILTER (WHERE ok)::int AS answered,
             avg(secs) FILTER (WHERE ok) AS average, percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) FILTER (WHERE ok) AS median
      FROM y GROUP BY p) r`,
  smsCosts: (org: string, months: number, tz: string) => `
    WITH b AS (SELECT array_agg(m AT TIME ZONE '${tz}' ORDER BY m) AS a
               FROM generate_series(date_trunc('month', now() AT TIME ZONE '${tz}') - make_interval(months => ${months} - 1),
                                    date_trunc('month', now() AT TIME ZONE '${tz}'), interval '1 month') m)
    SELECT coalesce(json_agg(json_build_object('month', to_char((SELECT a FROM b)[x.idx] AT TIME ZONE '${tz}', 'YYYY-MM'),
             'num', x.num, 'direction', x.direction, 'country', x.country, 'price', x.price, 'unpriced', x.unpriced, 'segments', x.segments)), '[]')
    FROM (
      SELECT width_bucket(created_at, (SELECT a FROM b)) AS idx, phone_number_id AS num, direction, country,
             coalesce(sum(price), 0)::float8 AS price,
             coalesce(sum(coalesce(segments, 1)) FILTER (WHERE price IS NULL), 0)::int AS unpriced,
             coalesce(sum(coalesce(segments, 1)), 0)::int AS segments
      FROM messages
      WHERE org_id = '${org}' AND created_at >= (SELECT a[1] FROM b) AND created_at < now()
        AND (direction = 'inbound' OR status NOT IN ${NOT_BILLED})
      GROUP BY 1, 2, 3, 4) x`,
};

/** Numbers rounded (float sums may differ in the last bits) and arrays of rows in a stable order. */
function normalized(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 1e6) / 1e6;
  if (Array.isArray(value)) {
    const items = value.map(normalized);
    return items.every((i) => i && typeof i === 'object' && !('hour' in i || 'weekday' in i || 'date' in i))
      ? items.sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1))
      : items;
  }
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalized(v)]));
  return value;
}

/**
 * The repository reads rollups plus the messages where a bound cuts a bucket: for any bounds, in any
 * zone, its figures equal the ones computed from every message.
 */
describe(`SMS analytics from rollups equal the figures from every message on ${driverName}`, () => {
  let database: Database & { dispose(): Promise<void> };
  let repo: SmsAnalyticsRepository;
  const rand = prng(2026);
  const now = Date.now();
  const ZONES = AWKWARD_ZONES;

  const first = async <T>(text: string) => Object.values((await database.executeSql(text)).rows[0]!)[0] as T;

  beforeAll(async () => {
    database = await freshDatabase();
    repo = smsAnalyticsRepository(database.db);
    await database.executeSql(
      `INSERT INTO organizations (id, name, slug) VALUES ('oz', 'Z', 'oz'), ('oy', 'Y', 'oy')`,
    );
    // 70 days of texts (more in the last 20), with exchanges: a contact writes, is answered or not
    const values: string[] = [];
    for (let i = 0; i < 900; i++) {
      const org = i % 10 === 0 ? 'oy' : 'oz';
      const days = i < 300 ? 70 : 20;
      const at = now - Math.floor(rand() * days * 86_400_000);
      const inbound = rand() < 0.5;
      const status = inbound
        ? 'received'
        : (['delivered', 'delivered', 'sent', 'undelivered', 'failed', 'pending', 'canceled'] as const)[
            Math.floor(rand() * 7)
          ];
      values.push(
        `('r${i}', '${org}', ${rand() < 0.05 ? 'NULL' : `'c${Math.floor(rand() * 12)}'`}, ${rand() < 0.1 ? 'NULL' : `'n${Math.floor(rand() * 3)}'`},
          '${inbound ? 'inbound' : 'outbound'}', '${status}', ${rand() < 0.1 ? 'NULL' : `'${['US', 'FR'][Math.floor(rand() * 2)]}'`},
          ${rand() < 0.2 ? 'NULL' : 1 + Math.floor(rand() * 3)}, ${rand() < 0.4 ? 'NULL' : (rand() / 10).toFixed(5)},
          ${!inbound && rand() < 0.2}, '${inbound || rand() < 0.8 ? 'inbox' : 'bulk'}', '${new Date(at).toISOString()}', '+1', '+2', 'x')`,
      );
    }
    for (let i = 0; i < values.length; i += 150)
      await database.executeSql(
        `INSERT INTO messages (id, org_id, contact_id, phone_number_id, direction, status, country, segments, price, ai, source,
           created_at, from_number, to_number, body) VALUES ${values.slice(i, i + 150).join(',\n')}`,
      );
  });
  afterAll(async () => database?.dispose());

  it('for periods ending now from local midnights, and for arbitrary instants, in six zones', async () => {
    for (const [i, tz] of ZONES.entries()) {
      await database.executeSql(`UPDATE organizations SET timezone = '${tz}' WHERE id = 'oz'`);
      const clock = await repo.clock('oz', [7, 30][i % 2]!);
      const curFrom = Date.parse(clock.curFrom);
      const to = Date.parse(clock.now);
      // the app's periods, then two with bounds anywhere (to the millisecond, and on whole hours)
      const odd = now - Math.floor(rand() * 12 * 86_400_000);
      const even = Math.floor((now - rand() * 12 * 86_400_000) / 3_600_000) * 3_600_000;
      for (const [from, end] of [
        [curFrom, to],
        [odd, odd + Math.floor(rand() * 5 * 86_400_000)],
        [even, even + 3 * 86_400_000],
      ] as const) {
        const p: Periods = {
          prevFrom: new Date(from - (end - from)).toISOString(),
          curFrom: new Date(from).toISOString(),
          to: new Date(end).toISOString(),
        };
        const c = await repo.counters('oz', p, tz);
        const want = await first<Record<string, unknown>>(reference.counters('oz', p, tz));
        expect(
          normalized({ ...c, numbers: undefined, optOuts: undefined }),
          `${tz} ${JSON.stringify(p)}`,
        ).toEqual(normalized({ ...want, numbers: undefined, optOuts: undefined }));
        expect(normalized(await repo.responses('oz', p)), `${tz} ${JSON.stringify(p)}`).toEqual(
          normalized(await first(reference.responses('oz', p))),
        );
      }
      expect(normalized(await repo.smsCosts('oz', 3, tz)), tz).toEqual(
        normalized(await first(reference.smsCosts('oz', 3, tz))),
      );
    }
  });
});

import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import { withOrg } from '../../db/tenant.ts';

export type SmsAnalyticsRepository = ReturnType<typeof smsAnalyticsRepository>;

/** Instants as ISO strings: [prevFrom, curFrom) is the previous period, [curFrom, to) the current one. */
export type Periods = { prevFrom: string; curFrom: string; to: string };

export type CounterGroup = {
  cur: boolean;
  num: string | null;
  direction: 'inbound' | 'outbound';
  status: string;
  country: string | null;
  n: number;
  segments: number;
  price: number;
  /** segments of billable messages Twilio has not priced yet */
  unpriced: number;
  ai: number;
};

export type Counters = {
  groups: CounterGroup[];
  hours: { hour: number; sent: number; received: number }[];
  weekdays: { weekday: number; sent: number; received: number }[];
  perDay: { date: string; sent: number; received: number }[];
  numbers: { id: string; e164: string; label: string | null; country: string | null }[];
  optOuts: { cur: number; prev: number };
};

export type ResponseStats = {
  cur: boolean;
  /** waits that started in the period */
  waits: number;
  /** of them, those answered before the period ended */
  answered: number;
  average: number | null;
  median: number | null;
};

export type CostRow = {
  month: string;
  num: string | null;
  direction?: 'inbound' | 'outbound';
  country?: string | null;
  price: number;
  unpriced: number;
  segments: number;
};

// Outbound texts that never reached Twilio are neither "sent" nor billed nor a reply.
const NOT_SENT = sql.raw(`('pending', 'canceled', 'scheduled')`);
// Twilio bills what it accepted; a failed message never left it.
const NOT_BILLED = sql.raw(`('pending', 'canceled', 'scheduled', 'failed')`);
// The rollups' buckets (UTC days and quarter hours from 2000-01-01), as in migration 0009.
const EPOCH = sql.raw(`timestamptz '2000-01-01 00:00:00+00'`);
const EPOCH_MS = Date.UTC(2000, 0, 1);
const DAY = { ms: 86_400_000, sql: sql.raw(`interval '1 day'`), half: sql.raw(`interval '12 hours'`) };
const QUARTER = {
  ms: 900_000,
  sql: sql.raw(`interval '15 minutes'`),
  half: sql.raw(`interval '450 seconds'`),
};
type Grain = typeof DAY;

/** The single value a query answers. */
async function one<T>(tx: Db, query: SQL): Promise<T> {
  return Object.values(rowsOf<Record<string, unknown>>(await tx.execute(query))[0]!)[0] as T;
}

/**
 * Reading rollups exactly (ADR 0018). A rollup bucket (a UTC day, a quarter hour) counts for the period
 * its midpoint falls in. Where a bound cuts a bucket, the slice between the bucket's edge and the bound
 * (at most half a bucket: before a bound in the first half, after one in the second) is read from the
 * detail rows, and each of those rows moves from its midpoint's period to its own. These are the
 * slices, merged where they overlap; a slice a little too wide costs nothing (a row whose own period is
 * its midpoint's moves nowhere), so they are widened to whole milliseconds.
 */
function cutSlices(bounds: string[], grain: Grain): [number, number][] {
  const slices = bounds
    .map((bound): [number, number] => {
      const t = Date.parse(bound);
      const start = EPOCH_MS + Math.floor((t - EPOCH_MS) / grain.ms) * grain.ms;
      return t <= start + grain.ms / 2 ? [start, t + 1] : [t, start + grain.ms];
    })
    .filter(([lo, hi]) => hi > lo)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [lo, hi] of slices) {
    const last = merged.at(-1);
    if (last && lo <= last[1]) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  return merged;
}

/**
 * `col` in one of the slices, as constants: the planner then knows how few rows that is and probes the
 * (org_id, col) index instead of scanning the table.
 */
function inSlices(col: SQL, bounds: string[], grain: Grain): SQL {
  const slices = cutSlices(bounds, grain);
  if (!slices.length) return sql`false`;
  const iso = (ms: number) => new Date(ms).toISOString();
  return sql`(${sql.join(
    slices.map(([lo, hi]) => sql`(${col} >= ${iso(lo)}::timestamptz AND ${col} < ${iso(hi)}::timestamptz)`),
    sql` OR `,
  )})`;
}

const array = (bounds: string[]) =>
  sql`ARRAY[${sql.join(
    bounds.map((b) => sql`${b}::timestamptz`),
    sql`, `,
  )}]`;

/** Message counters per period (1 = [bounds[0], bounds[1]), …) and dimensions, from the daily rollup. */
function dailyCounters(orgId: string, bounds: string[]) {
  const a = array(bounds);
  return sql`
    SELECT width_bucket(day + ${DAY.half}, ${a}) AS p, phone_number_id AS num, direction, status, country,
           messages AS n, segments AS seg, price, unpriced_segments AS unpriced, ai_messages AS ai
    FROM message_rollups
    WHERE org_id = ${orgId} AND day >= date_bin(${DAY.sql}, ${bounds[0]}::timestamptz, ${EPOCH})
      AND day < ${bounds.at(-1)}::timestamptz
    UNION ALL
    SELECT x.p, coalesce(m.phone_number_id, ''), m.direction, m.status, coalesce(m.country, ''),
           x.sign, x.sign * coalesce(m.segments, 1), x.sign * coalesce(m.price, 0),
           CASE WHEN m.price IS NULL THEN x.sign * coalesce(m.segments, 1) ELSE 0 END,
           CASE WHEN m.ai THEN x.sign ELSE 0 END
    FROM messages m
    CROSS JOIN LATERAL (VALUES (width_bucket(m.created_at, ${a}), 1),
                               (width_bucket(date_bin(${DAY.sql}, m.created_at, ${EPOCH}) + ${DAY.half}, ${a}), -1)) x(p, sign)
    WHERE m.org_id = ${orgId} AND ${inSlices(sql`m.created_at`, bounds, DAY)}`;
}

/**
 * Call costs per period (1 = [bounds[0], bounds[1]), …) and number ('' for none), as calls with a cost
 * (`n`) and their amounts summed, from the daily rollup and the calls where a bound cuts a day.
 */
function dailyCallCosts(orgId: string, bounds: string[]) {
  const a = array(bounds);
  const at = sql`coalesce(c.started_at, c.created_at)`;
  return sql`
    SELECT width_bucket(day + ${DAY.half}, ${a}) AS p, phone_number_id AS num, calls AS n, cost AS price
    FROM call_cost_rollups
    WHERE org_id = ${orgId} AND day >= date_bin(${DAY.sql}, ${bounds[0]}::timestamptz, ${EPOCH})
      AND day < ${bounds.at(-1)}::timestamptz
    UNION ALL
    SELECT x.p, coalesce(c.phone_number_id, ''), x.sign, x.sign * call_cost_amount(c.cost)
    FROM calls c
    CROSS JOIN LATERAL (VALUES (width_bucket(${at}, ${a}), 1),
                               (width_bucket(date_bin(${DAY.sql}, ${at}, ${EPOCH}) + ${DAY.half}, ${a}), -1)) x(p, sign)
    WHERE c.org_id = ${orgId} AND c.cost IS NOT NULL
      -- not coalesce(started_at, created_at): under row-level security a qual on coalesce cannot use an
      -- index (PostgreSQL cannot tell it leaks nothing), one on the column can (calls_org_started_idx)
      AND (${inSlices(sql`c.started_at`, bounds, DAY)} OR (c.started_at IS NULL AND ${inSlices(sql`c.created_at`, bounds, DAY)}))`;
}

/**
 * Every query here reads rollups that triggers on `messages` keep exact (migration 0009, ADR 0018), plus
 * the few messages where a period boundary cuts a rollup bucket; aggregates are answered as one JSON
 * value. The cost depends on the length of the period, not on how many messages it holds.
 */
export function smsAnalyticsRepository(db: Db) {
  /** JIT compilation costs more than it saves on queries this size. */
  const tuned = <T>(orgId: string, fn: (tx: Db) => Promise<T>) =>
    withOrg(db, orgId, async (tx) => {
      await tx.execute(sql`SELECT set_config('jit', 'off', true)`);
      return fn(tx);
    });

  return {
    /**
     * The org's time zone (UTC when unset), the database's clock, and the start of the current period:
     * local midnight `days - 1` days ago, so the period is `days` whole local dates ending today.
     */
    async clock(orgId: string, days: number): Promise<{ timezone: string; now: string; curFrom: string }> {
      return withOrg(db, orgId, (tx) =>
        one(
          tx,
          sql`SELECT json_build_object('timezone', z.tz, 'now', now(),
                'curFrom', (date_trunc('day', now() AT TIME ZONE z.tz) - make_interval(days => ${days}::int - 1)) AT TIME ZONE z.tz)
              FROM (SELECT coalesce(nullif((SELECT timezone FROM organizations WHERE id = ${orgId}), ''), 'UTC') AS tz) z`,
        ),
      );
    },

    /**
     * Counts for both periods per (number, direction, status, country) from the daily rollup, for
     * totals, statuses, delivery and per-number usage and cost; the current period per quarter hour for
     * the day, hour and weekday charts in the org's time zone (every zone's offset is whole quarters).
     */
    async counters(orgId: string, p: Periods, timezone: string): Promise<Counters> {
      const current = array([p.curFrom, p.to]);
      return tuned(orgId, (tx) =>
        one<Counters>(
          tx,
          sql`
          WITH g AS (
            SELECT p = 2 AS cur, nullif(num, '') AS num, direction, status, nullif(country, '') AS country,
                   direction = 'inbound' OR status NOT IN ${NOT_BILLED} AS billed,
                   sum(n)::int AS n, sum(seg)::int AS seg, sum(price)::float8 AS price,
                   sum(unpriced)::int AS unpriced, sum(ai)::int AS ai
            FROM (${dailyCounters(orgId, [p.prevFrom, p.curFrom, p.to])}) c
            WHERE p IN (1, 2)
            GROUP BY 1, 2, 3, 4, 5
            HAVING sum(n) <> 0
          ), q AS (
            SELECT at, sent, received FROM message_quarter_rollups
            -- the quarters whose midpoint is in the period
            WHERE org_id = ${orgId} AND at >= ${p.curFrom}::timestamptz - ${QUARTER.half}
              AND at < ${p.to}::timestamptz - ${QUARTER.half}
            UNION ALL
            SELECT date_bin(${QUARTER.sql}, m.created_at, ${EPOCH}),
                   x.sign * (m.direction = 'outbound' AND m.status NOT IN ${NOT_SENT})::int,
                   x.sign * (m.direction = 'inbound')::int
            FROM messages m
            CROSS JOIN LATERAL (VALUES (width_bucket(m.created_at, ${current}), 1),
                                       (width_bucket(date_bin(${QUARTER.sql}, m.created_at, ${EPOCH}) + ${QUARTER.half}, ${current}), -1)) x(p, sign)
            WHERE m.org_id = ${orgId} AND ${inSlices(sql`m.created_at`, [p.curFrom, p.to], QUARTER)} AND x.p = 1
          ), t AS MATERIALIZED (
            -- per local hour: the charts below then read a quarter of the rows
            SELECT date_trunc('hour', at AT TIME ZONE ${timezone}) AS local, sum(sent) AS s, sum(received) AS r
            FROM q GROUP BY 1
          )
          SELECT json_build_object(
            'groups', (SELECT coalesce(json_agg(json_build_object('cur', cur, 'num', num, 'direction', direction, 'status', status,
                         'country', country, 'n', n, 'segments', CASE WHEN billed THEN seg ELSE 0 END,
                         'price', CASE WHEN billed THEN price ELSE 0 END, 'unpriced', CASE WHEN billed THEN unpriced ELSE 0 END,
                         'ai', ai)), '[]')
                       FROM g),
            'hours', (SELECT json_agg(json_build_object('hour', h, 'sent', coalesce(s, 0), 'received', coalesce(r, 0)) ORDER BY h)
                      FROM generate_series(0, 23) h
                      LEFT JOIN (SELECT extract(hour FROM local)::int AS hh, sum(s) AS s, sum(r) AS r FROM t GROUP BY 1) x ON x.hh = h),
            'weekdays', (SELECT json_agg(json_build_object('weekday', d, 'sent', coalesce(s, 0), 'received', coalesce(r, 0)) ORDER BY d)
                         FROM generate_series(0, 6) d
                         LEFT JOIN (SELECT extract(dow FROM local)::int AS dd, sum(s) AS s, sum(r) AS r FROM t GROUP BY 1) x ON x.dd = d),
            'perDay', (SELECT json_agg(json_build_object('date', to_char(day, 'YYYY-MM-DD'), 'sent', coalesce(s, 0), 'received', coalesce(r, 0)) ORDER BY day)
                       FROM generate_series((${p.curFrom}::timestamptz AT TIME ZONE ${timezone})::date,
                                            ((${p.to}::timestamptz - interval '1 microsecond') AT TIME ZONE ${timezone})::date, interval '1 day') AS day
                       LEFT JOIN (SELECT local::date AS dd, sum(s) AS s, sum(r) AS r FROM t GROUP BY 1) x ON x.dd = day::date),
            'numbers', (SELECT coalesce(json_agg(json_build_object('id', id, 'e164', e164, 'label', label, 'country', country) ORDER BY created_at), '[]')
                        FROM phone_numbers WHERE org_id = ${orgId}),
            'optOuts', (SELECT json_build_object(
                          'cur', count(*) FILTER (WHERE opted_out_at >= ${p.curFrom}::timestamptz),
                          'prev', count(*) FILTER (WHERE opted_out_at < ${p.curFrom}::timestamptz))
                        FROM contacts
                        WHERE org_id = ${orgId} AND opted_out_at >= ${p.prevFrom}::timestamptz AND opted_out_at < ${p.to}::timestamptz)
          )`,
        ),
      );
    },

    /**
     * Response rate and first-response times for both periods, from the waits the triggers keep (a wait
     * starts at a contact's inbound text that follows no other inbound one, and ends with the next
     * outbound text that left and was not a bulk send). A wait counts for the period it started in, as
     * answered only if the answer came before that period ended. Counts and sums come from the wait
     * rollup (by day started, day answered and duration bucket); the median from the bucket histogram,
     * then the one or two waits it falls on, read from that bucket alone.
     */
    async responses(orgId: string, p: Periods): Promise<ResponseStats[]> {
      const list = [p.prevFrom, p.curFrom, p.to];
      const bounds = array(list);
      const micros = (w: string) =>
        sql.raw(`coalesce((extract(epoch FROM ${w}.answered_at - ${w}.started_at) * 1000000)::bigint, 0)`);
      return tuned(orgId, (tx) =>
        one<ResponseStats[]>(
          tx,
          sql`
          WITH b AS (SELECT ${bounds} AS a),
          moved AS (
            -- waits that started or were answered where a bound cuts a day
            SELECT w.* FROM message_waits w
            WHERE w.org_id = ${orgId} AND ${inSlices(sql`w.started_at`, list, DAY)}
            UNION
            SELECT w.* FROM message_waits w
            WHERE w.org_id = ${orgId} AND ${inSlices(sql`w.answered_at`, list, DAY)}
          ), c AS (
            SELECT width_bucket(day + ${DAY.half}, ${bounds}) AS p, answered_day + ${DAY.half} AS answered, bucket, waits, micros
            FROM message_wait_rollups
            WHERE org_id = ${orgId} AND day >= date_bin(${DAY.sql}, ${p.prevFrom}::timestamptz, ${EPOCH}) AND day < ${p.to}::timestamptz
            UNION ALL
            SELECT width_bucket(w.started_at, ${bounds}), coalesce(w.answered_at, 'infinity'), coalesce(w.bucket, -1), 1, ${micros('w')}
            FROM moved w
            UNION ALL
            SELECT width_bucket(date_bin(${DAY.sql}, w.started_at, ${EPOCH}) + ${DAY.half}, ${bounds}),
                   coalesce(date_bin(${DAY.sql}, w.answered_at, ${EPOCH}) + ${DAY.half}, 'infinity'), coalesce(w.bucket, -1), -1, -${micros('w')}
            FROM moved w
          ), h AS (
            -- per period and duration bucket; -1: not answered before the period ended
            SELECT p, CASE WHEN answered < (SELECT a FROM b)[p + 1] THEN bucket ELSE -1 END AS bucket,
                   sum(waits)::int AS n, sum(CASE WHEN answered < (SELECT a FROM b)[p + 1] THEN micros ELSE 0 END) AS us
            FROM c WHERE p IN (1, 2)
            GROUP BY 1, 2 HAVING sum(waits) <> 0
          ), tot AS (
            SELECT p, sum(n)::int AS waits, coalesce(sum(n) FILTER (WHERE bucket >= 0), 0)::int AS answered,
                   sum(us) FILTER (WHERE bucket >= 0) AS us
            FROM h GROUP BY p
          ), cum AS (
            SELECT p, bucket, n, (sum(n) OVER (PARTITION BY p ORDER BY bucket) - n)::int AS before FROM h WHERE bucket >= 0
          ), mid AS MATERIALIZED (
            -- the one or two ranks percentile_cont(0.5) interpolates between, per bucket holding them
            SELECT tot.p, cum.bucket, min(r.k) - cum.before AS off, count(*) AS n,
                   (SELECT a FROM b)[tot.p] AS lo, (SELECT a FROM b)[tot.p + 1] AS hi
            FROM tot
            CROSS JOIN LATERAL (SELECT DISTINCT unnest(ARRAY[(tot.answered - 1) / 2, tot.answered / 2]) AS k) r
            JOIN cum ON cum.p = tot.p AND r.k >= cum.before AND r.k < cum.before + cum.n
            WHERE tot.answered > 0
            GROUP BY tot.p, cum.bucket, cum.before
          ), picked AS (
            SELECT mid.p, v.seconds
            FROM mid CROSS JOIN LATERAL (
              SELECT w.seconds FROM message_waits w
              WHERE w.org_id = ${orgId} AND w.bucket = mid.bucket
                AND w.started_at >= mid.lo AND w.started_at < mid.hi AND w.answered_at < mid.hi
              ORDER BY w.seconds OFFSET mid.off LIMIT mid.n) v
          )
          SELECT coalesce(json_agg(json_build_object('cur', p = 2, 'waits', waits, 'answered', answered,
                   'average', (us / nullif(answered, 0) / 1000000)::float8,
                   'median', (SELECT avg(seconds) FROM picked WHERE picked.p = tot.p))), '[]')
          FROM tot`,
        ),
      );
    },

    /**
     * SMS per local month, number, direction and country: Twilio's reported prices, and the segments
     * still waiting for one (the service prices those from the table).
     */
    async smsCosts(orgId: string, months: number, timezone: string): Promise<CostRow[]> {
      return tuned(orgId, async (tx) => {
        // The local month starts, then now: period i is month i.
        const bounds = await one<string[]>(
          tx,
          sql`SELECT json_agg(start ORDER BY start)::jsonb || to_jsonb(now()) FROM (${monthStarts(months, timezone)}) m`,
        );
        return one<CostRow[]>(
          tx,
          sql`
          SELECT coalesce(json_agg(json_build_object('month', to_char((${array(bounds)})[x.p] AT TIME ZONE ${timezone}, 'YYYY-MM'),
                   'num', x.num, 'direction', x.direction, 'country', x.country,
                   'price', x.price, 'unpriced', x.unpriced, 'segments', x.segments)), '[]')
          FROM (
            SELECT p, nullif(num, '') AS num, direction, nullif(country, '') AS country,
                   sum(price)::float8 AS price, sum(unpriced)::int AS unpriced, sum(seg)::int AS segments
            FROM (${dailyCounters(orgId, bounds)}) c
            WHERE p BETWEEN 1 AND ${months}::int AND (direction = 'inbound' OR status NOT IN ${NOT_BILLED})
            GROUP BY 1, 2, 3, 4
            HAVING sum(n) <> 0
          ) x`,
        );
      });
    },

    /**
     * Number rental for each month a number was owned, Vapi call costs and Twilio voice charges. Call
     * costs come from their daily rollup (migration 0015, ADR 0026) read like the message rollups, plus
     * the calls where a month's start cuts a day: the same sums as from every call of the year
     * (call_cost_amount of each cost), without reading them. Calls dated after this month are left out:
     * they have no month on the page.
     */
    async otherCosts(
      orgId: string,
      months: number,
      timezone: string,
    ): Promise<{ numbers: Counters['numbers']; rental: CostRow[]; calls: CostRow[]; voice: CostRow[] }> {
      const money = (col: SQL) =>
        sql`CASE WHEN trim(${col}) ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN abs(trim(${col})::numeric) ELSE 0 END`;
      return tuned(orgId, async (tx) => {
        // The local month starts, then the next one: period i is month i.
        const bounds = await one<string[]>(
          tx,
          sql`SELECT json_agg(start ORDER BY start) FROM (${monthStarts(months + 1, timezone, 1)}) m`,
        );
        return one(
          tx,
          sql`
          WITH b AS (${monthStarts(months, timezone)}),
          r AS (
            SELECT to_char(b.start AT TIME ZONE ${timezone}, 'YYYY-MM') AS month, n.id AS num, ${money(sql`n.monthly_price`)}::float8 AS price
            FROM phone_numbers n JOIN b ON n.created_at < b.start + interval '1 month'
            WHERE n.org_id = ${orgId} AND n.monthly_price IS NOT NULL
          ),
          c AS (
            SELECT to_char((${array(bounds)})[p] AT TIME ZONE ${timezone}, 'YYYY-MM') AS month, nullif(num, '') AS num,
                   sum(price)::float8 AS price
            FROM (${dailyCallCosts(orgId, bounds)}) x
            WHERE p BETWEEN 1 AND ${months}::int
            GROUP BY p, num
            HAVING sum(n) <> 0
          ),
          v AS (
            SELECT to_char(m, 'YYYY-MM') AS month, num, price FROM (
            SELECT date_trunc('month', coalesce(t.started_at, t.created_at) AT TIME ZONE ${timezone}) AS m,
                   n.id AS num, sum(abs(t.price))::float8 AS price
            FROM twilio_calls t
            LEFT JOIN phone_numbers n ON n.org_id = t.org_id
              AND n.e164 = CASE WHEN t.direction = 'inbound' THEN t.to_number ELSE t.from_number END
            WHERE t.org_id = ${orgId} AND coalesce(t.started_at, t.created_at) >= (SELECT min(start) FROM b) AND t.price IS NOT NULL
            GROUP BY 1, 2
            ) per_month
          )
          SELECT json_build_object(
            'numbers', (SELECT coalesce(json_agg(json_build_object('id', id, 'e164', e164, 'label', label, 'country', country) ORDER BY created_at), '[]')
                        FROM phone_numbers WHERE org_id = ${orgId}),
            'rental', (SELECT coalesce(json_agg(json_build_object('month', month, 'num', num, 'price', price)), '[]') FROM r WHERE price > 0),
            'calls', (SELECT coalesce(json_agg(json_build_object('month', month, 'num', num, 'price', price)), '[]') FROM c),
            'voice', (SELECT coalesce(json_agg(json_build_object('month', month, 'num', num, 'price', price)), '[]') FROM v)
          )`,
        );
      });
    },
  };
}

/**
 * The first instant of each of `months` local months: the last `months - ahead` of them up to this one,
 * then `ahead` more.
 */
function monthStarts(months: number, timezone: string, ahead = 0) {
  return sql`SELECT (m AT TIME ZONE ${timezone}) AS start
             FROM generate_series(date_trunc('month', now() AT TIME ZONE ${timezone}) - make_interval(months => ${months - ahead}::int - 1),
                                  date_trunc('month', now() AT TIME ZONE ${timezone}) + make_interval(months => ${ahead}::int), interval '1 month') AS m`;
}

-- Analytics rollups (ADR 0018): statement-level triggers on messages keep message_rollups,
-- message_quarter_rollups, message_waits and message_wait_rollups exact, in the writer's transaction.
-- The functions run with the writer's rights: a request writes as ava_app under row-level security, and
-- every row it derives belongs to the org it is allowed to write (grantAppRole grants the tables).

-- The columns the rollups depend on, as the triggers hand them to the shared function.
CREATE TYPE message_change AS (
  id text,
  org_id text,
  contact_id text,
  created_at timestamptz,
  phone_number_id text,
  direction text,
  status text,
  country text,
  segments integer,
  price numeric,
  ai boolean,
  source text
);
--> statement-breakpoint
CREATE FUNCTION message_rollups_apply(olds message_change[], news message_change[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  zero_days message_rollups[];
  zero_quarters message_quarter_rollups[];
  zero_waits message_wait_rollups[];
  t_org text[];
  t_contact text[];
  t_since timestamptz[];
BEGIN
  -- Counters: an old version of a row counts -1, a new one +1, netted per key in one upsert. Keys go
  -- in a fixed order so that concurrent writers lock rollup rows in the same order.
  WITH d AS (
    SELECT -1 AS sign, o.* FROM unnest(olds) o
    UNION ALL
    SELECT 1, n.* FROM unnest(news) n
  ), day_delta AS (
    SELECT org_id, date_bin('1 day', created_at, timestamptz '2000-01-01 00:00:00+00') AS day,
           coalesce(phone_number_id, '') AS num, direction, status, coalesce(country, '') AS country,
           sum(sign)::int AS n, sum(sign * coalesce(segments, 1))::int AS seg,
           coalesce(sum(sign * price), 0) AS price,
           coalesce(sum(sign * coalesce(segments, 1)) FILTER (WHERE price IS NULL), 0)::int AS unpriced,
           coalesce(sum(sign) FILTER (WHERE ai), 0)::int AS ai
    FROM d GROUP BY 1, 2, 3, 4, 5, 6
  ), days AS (
    INSERT INTO message_rollups AS r
      (org_id, day, phone_number_id, direction, status, country, messages, segments, price, unpriced_segments, ai_messages)
    SELECT * FROM day_delta
    WHERE n <> 0 OR seg <> 0 OR price <> 0 OR unpriced <> 0 OR ai <> 0
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (org_id, day, phone_number_id, direction, status, country) DO UPDATE SET
      messages = r.messages + excluded.messages,
      segments = r.segments + excluded.segments,
      price = r.price + excluded.price,
      unpriced_segments = r.unpriced_segments + excluded.unpriced_segments,
      ai_messages = r.ai_messages + excluded.ai_messages
    RETURNING r.*
  ), quarter_delta AS (
    SELECT org_id, date_bin('15 minutes', created_at, timestamptz '2000-01-01 00:00:00+00') AS at,
           coalesce(sum(sign) FILTER (WHERE direction = 'outbound' AND status NOT IN ('pending', 'canceled', 'scheduled')), 0)::int AS sent,
           coalesce(sum(sign) FILTER (WHERE direction = 'inbound'), 0)::int AS received
    FROM d GROUP BY 1, 2
  ), quarters AS (
    INSERT INTO message_quarter_rollups AS r (org_id, at, sent, received)
    SELECT * FROM quarter_delta WHERE sent <> 0 OR received <> 0
    ORDER BY 1, 2
    ON CONFLICT (org_id, at) DO UPDATE SET sent = r.sent + excluded.sent, received = r.received + excluded.received
    RETURNING r.*
  )
  SELECT (SELECT array_agg(ROW(x.*)::message_rollups) FROM days x WHERE x.messages = 0),
         (SELECT array_agg(ROW(x.*)::message_quarter_rollups) FROM quarters x WHERE x.sent = 0 AND x.received = 0)
  INTO zero_days, zero_quarters;
  -- Empty rows go (the writer still holds their locks, so nobody has added to them since).
  IF zero_days IS NOT NULL THEN
    DELETE FROM message_rollups r USING unnest(zero_days) z
    WHERE (r.org_id, r.day, r.phone_number_id, r.direction, r.status, r.country)
        = (z.org_id, z.day, z.phone_number_id, z.direction, z.status, z.country)
      AND r.messages = 0;
  END IF;
  IF zero_quarters IS NOT NULL THEN
    DELETE FROM message_quarter_rollups r USING unnest(zero_quarters) z
    WHERE (r.org_id, r.at) = (z.org_id, z.at) AND r.sent = 0 AND r.received = 0;
  END IF;

  -- Waits. A conversation text is an inbound one, or an outbound one that left (not pending, canceled,
  -- scheduled) and is not a bulk send. Contacts whose conversation changed (a text appeared, vanished
  -- or moved), with the earliest time it changed at:
  WITH c AS (
    SELECT -1 AS sign, id, org_id, contact_id, created_at, direction FROM unnest(olds)
    WHERE contact_id IS NOT NULL
      AND (direction = 'inbound' OR (status NOT IN ('pending', 'canceled', 'scheduled') AND source <> 'bulk'))
    UNION ALL
    SELECT 1, id, org_id, contact_id, created_at, direction FROM unnest(news)
    WHERE contact_id IS NOT NULL
      AND (direction = 'inbound' OR (status NOT IN ('pending', 'canceled', 'scheduled') AND source <> 'bulk'))
  ), moved AS (
    -- a text whose old and new versions are the same conversation text cancels out (no join: plans
    -- cached for one row must not turn quadratic on a thousand)
    SELECT org_id, contact_id, created_at FROM c
    GROUP BY id, org_id, contact_id, created_at, direction HAVING sum(sign) <> 0
  ), t AS (
    SELECT org_id, contact_id, min(created_at) AS since FROM moved GROUP BY 1, 2
  )
  SELECT array_agg(org_id ORDER BY org_id, contact_id), array_agg(contact_id ORDER BY org_id, contact_id),
         array_agg(since ORDER BY org_id, contact_id)
  INTO t_org, t_contact, t_since FROM t;
  IF t_org IS NULL THEN
    RETURN;
  END IF;

  -- A contact's waits are rebuilt from its texts: one writer per contact at a time (in a fixed order),
  -- and, under READ COMMITTED, the statements below see what an earlier writer committed.
  PERFORM pg_advisory_xact_lock(1836019564, k)
  FROM (SELECT DISTINCT hashtext(org_id || ' ' || contact_id) AS k
        FROM unnest(t_org, t_contact) AS x(org_id, contact_id) ORDER BY 1 OFFSET 0) s;

  -- The rebuild starts at the contact's last wait that began before the change: the waits before it
  -- were answered before that wait began, so before the change. Old waits count -1 in the rollup,
  -- rebuilt ones +1; unchanged rows are not rewritten.
  WITH f AS (
    SELECT x.org_id, x.contact_id,
           coalesce((SELECT max(w.started_at) FROM message_waits w
                     WHERE w.org_id = x.org_id AND w.contact_id = x.contact_id AND w.started_at < x.since),
                    '-infinity') AS since
    FROM unnest(t_org, t_contact, t_since) AS x(org_id, contact_id, since)
  ), old AS (
    SELECT w.* FROM f
    JOIN message_waits w ON w.org_id = f.org_id AND w.contact_id = f.contact_id AND w.started_at >= f.since
  ), seq AS (
    SELECT m.id, m.org_id, m.contact_id, m.created_at, m.direction = 'inbound' AS inb,
           lag(m.direction = 'inbound') OVER w AS prev_inb,
           min(m.created_at) FILTER (WHERE m.direction <> 'inbound')
             OVER (w ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS answered_at
    FROM f
    JOIN messages m ON m.org_id = f.org_id AND m.contact_id = f.contact_id AND m.created_at >= f.since
    WHERE m.direction = 'inbound' OR (m.status NOT IN ('pending', 'canceled', 'scheduled') AND m.source <> 'bulk')
    WINDOW w AS (PARTITION BY m.org_id, m.contact_id ORDER BY m.created_at, m.id)
  ), nw AS (
    SELECT id AS message_id, org_id, contact_id, created_at AS started_at, answered_at,
           extract(epoch FROM answered_at - created_at)::float8 AS seconds,
           (CASE WHEN answered_at IS NOT NULL
                 THEN floor(4 * ln(greatest(extract(epoch FROM answered_at - created_at)::float8, 1))) END)::smallint AS bucket
    FROM seq WHERE inb AND prev_inb IS NOT TRUE
  ), gone AS (
    DELETE FROM message_waits w USING old
    WHERE w.message_id = old.message_id AND old.message_id NOT IN (SELECT message_id FROM nw)
  ), put AS (
    INSERT INTO message_waits AS w (message_id, org_id, contact_id, started_at, answered_at, seconds, bucket)
    SELECT * FROM nw ORDER BY message_id
    ON CONFLICT (message_id) DO UPDATE SET
      org_id = excluded.org_id, contact_id = excluded.contact_id, started_at = excluded.started_at,
      answered_at = excluded.answered_at, seconds = excluded.seconds, bucket = excluded.bucket
    WHERE (w.org_id, w.contact_id, w.started_at, w.answered_at, w.seconds, w.bucket)
      IS DISTINCT FROM (excluded.org_id, excluded.contact_id, excluded.started_at, excluded.answered_at, excluded.seconds, excluded.bucket)
  ), delta AS (
    SELECT org_id, date_bin('1 day', started_at, timestamptz '2000-01-01 00:00:00+00') AS day,
           coalesce(date_bin('1 day', answered_at, timestamptz '2000-01-01 00:00:00+00'), 'infinity') AS answered_day,
           coalesce(bucket, -1) AS bucket,
           sum(sign)::int AS waits,
           coalesce(sum(sign * (extract(epoch FROM answered_at - started_at) * 1000000)::bigint), 0)::bigint AS micros
    FROM (SELECT -1 AS sign, org_id, started_at, answered_at, bucket FROM old
          UNION ALL
          SELECT 1, org_id, started_at, answered_at, bucket FROM nw) c
    GROUP BY 1, 2, 3, 4
  ), waits AS (
    INSERT INTO message_wait_rollups AS r (org_id, day, answered_day, bucket, waits, micros)
    SELECT * FROM delta WHERE waits <> 0 OR micros <> 0
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (org_id, day, answered_day, bucket) DO UPDATE SET
      waits = r.waits + excluded.waits, micros = r.micros + excluded.micros
    RETURNING r.*
  )
  SELECT array_agg(ROW(x.*)::message_wait_rollups) INTO zero_waits FROM waits x WHERE x.waits = 0;
  IF zero_waits IS NOT NULL THEN
    DELETE FROM message_wait_rollups r USING unnest(zero_waits) z
    WHERE (r.org_id, r.day, r.answered_day, r.bucket) = (z.org_id, z.day, z.answered_day, z.bucket) AND r.waits = 0;
  END IF;
END
$$;
--> statement-breakpoint
CREATE FUNCTION messages_rollup_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM message_rollups_apply('{}', ARRAY(
    SELECT ROW(n.id, n.org_id, n.contact_id, n.created_at, n.phone_number_id, n.direction, n.status, n.country,
               n.segments, n.price, n.ai, n.source)::message_change
    FROM new_rows n));
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- The old and new versions of the rows whose columns the rollups read changed: set differences, not a
-- join (the plan is cached with the first statement's row counts, and a nested loop planned for one row
-- would be quadratic on a thousand). Updates of other columns (read_at, claimed_at, …) stop here.
CREATE FUNCTION messages_rollup_update() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  olds message_change[];
  news message_change[];
BEGIN
  SELECT array_agg(ROW(x.*)::message_change) INTO olds FROM (
    SELECT id, org_id, contact_id, created_at, phone_number_id, direction, status, country, segments, price, ai, source
    FROM old_rows
    EXCEPT ALL
    SELECT id, org_id, contact_id, created_at, phone_number_id, direction, status, country, segments, price, ai, source
    FROM new_rows) x;
  IF olds IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT array_agg(ROW(x.*)::message_change) INTO news FROM (
    SELECT id, org_id, contact_id, created_at, phone_number_id, direction, status, country, segments, price, ai, source
    FROM new_rows
    EXCEPT ALL
    SELECT id, org_id, contact_id, created_at, phone_number_id, direction, status, country, segments, price, ai, source
    FROM old_rows) x;
  PERFORM message_rollups_apply(olds, news);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION messages_rollup_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM message_rollups_apply(ARRAY(
    SELECT ROW(o.id, o.org_id, o.contact_id, o.created_at, o.phone_number_id, o.direction, o.status, o.country,
               o.segments, o.price, o.ai, o.source)::message_change
    FROM old_rows o), '{}');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION messages_rollup_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE message_rollups, message_quarter_rollups, message_waits, message_wait_rollups;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Recomputes every rollup from messages: the backfill below, and the repair if they were ever bypassed
-- (triggers disabled for a bulk load). Writers wait while it runs.
CREATE FUNCTION message_rollups_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE messages IN SHARE MODE;
  TRUNCATE message_rollups, message_quarter_rollups, message_waits, message_wait_rollups;
  INSERT INTO message_rollups
    (org_id, day, phone_number_id, direction, status, country, messages, segments, price, unpriced_segments, ai_messages)
  SELECT org_id, date_bin('1 day', created_at, timestamptz '2000-01-01 00:00:00+00'),
         coalesce(phone_number_id, ''), direction, status, coalesce(country, ''),
         count(*), sum(coalesce(segments, 1)), coalesce(sum(price), 0),
         coalesce(sum(coalesce(segments, 1)) FILTER (WHERE price IS NULL), 0), count(*) FILTER (WHERE ai)
  FROM messages GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO message_quarter_rollups (org_id, at, sent, received)
  SELECT * FROM (
    SELECT org_id, date_bin('15 minutes', created_at, timestamptz '2000-01-01 00:00:00+00') AS at,
           count(*) FILTER (WHERE direction = 'outbound' AND status NOT IN ('pending', 'canceled', 'scheduled'))::int AS sent,
           count(*) FILTER (WHERE direction = 'inbound')::int AS received
    FROM messages GROUP BY 1, 2) q
  WHERE sent <> 0 OR received <> 0;
  INSERT INTO message_waits (message_id, org_id, contact_id, started_at, answered_at, seconds, bucket)
  SELECT id, org_id, contact_id, created_at, answered_at,
         extract(epoch FROM answered_at - created_at)::float8,
         (CASE WHEN answered_at IS NOT NULL
               THEN floor(4 * ln(greatest(extract(epoch FROM answered_at - created_at)::float8, 1))) END)::smallint
  FROM (
    SELECT m.id, m.org_id, m.contact_id, m.created_at, m.direction = 'inbound' AS inb,
           lag(m.direction = 'inbound') OVER w AS prev_inb,
           min(m.created_at) FILTER (WHERE m.direction <> 'inbound')
             OVER (w ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS answered_at
    FROM messages m
    WHERE m.contact_id IS NOT NULL
      AND (m.direction = 'inbound' OR (m.status NOT IN ('pending', 'canceled', 'scheduled') AND m.source <> 'bulk'))
    WINDOW w AS (PARTITION BY m.org_id, m.contact_id ORDER BY m.created_at, m.id)
  ) s
  WHERE inb AND prev_inb IS NOT TRUE;
  INSERT INTO message_wait_rollups (org_id, day, answered_day, bucket, waits, micros)
  SELECT org_id, date_bin('1 day', started_at, timestamptz '2000-01-01 00:00:00+00'),
         coalesce(date_bin('1 day', answered_at, timestamptz '2000-01-01 00:00:00+00'), 'infinity'),
         coalesce(bucket, -1), count(*),
         coalesce(sum((extract(epoch FROM answered_at - started_at) * 1000000)::bigint), 0)
  FROM message_waits GROUP BY 1, 2, 3, 4;
END
$$;
--> statement-breakpoint
SELECT message_rollups_rebuild();
--> statement-breakpoint
CREATE TRIGGER messages_rollup_insert AFTER INSERT ON messages
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION messages_rollup_insert();
--> statement-breakpoint
CREATE TRIGGER messages_rollup_update AFTER UPDATE ON messages
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION messages_rollup_update();
--> statement-breakpoint
CREATE TRIGGER messages_rollup_delete AFTER DELETE ON messages
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION messages_rollup_delete();
--> statement-breakpoint
CREATE TRIGGER messages_rollup_truncate AFTER TRUNCATE ON messages
  FOR EACH STATEMENT EXECUTE FUNCTION messages_rollup_truncate();

/**
 * Seeds one organisation with N messages in a few set-based statements (generate_series), so a
 * million rows take seconds rather than the minutes row-by-row inserts would.
 *
 * The traffic looks like a busy small business: conversations are exchanges of an inbound text and a
 * reply minutes to hours later (a share are bulk sends without a reply), spread over `days` with more
 * traffic in office hours, on a handful of numbers, with Twilio's price reported on most but not all
 * outbound messages. Also seeds the numbers, the contacts and receptionist calls (with the appointments
 * they booked).
 *
 * As a library: `seedMessages(exec, orgId, options)` with the owner's connection of a migrated database
 * (the bench passes the app's own `database.executeSql`).
 * Alone: `tsx seed-messages.ts [count]` creates a throwaway database on SEED_DATABASE_URL (default the
 * machine's PostgreSQL), migrates it, creates an org, seeds it and prints the database's URL.
 */
import pg from 'pg';
import { openDatabase } from '../apps/server/src/db/client.ts';

export type SeedOptions = {
  /** messages to insert (default 1,000,000) */
  count?: number;
  /** how far back the messages go, in days (default 365) */
  days?: number;
  /** distinct contacts (default count / 50, at least 100) */
  contacts?: number;
  /** phone numbers of the org (default 4) */
  numbers?: number;
  /** receptionist calls (missed, answered, evaluated; some booking an appointment) (default count / 100) */
  calls?: number;
};

export type SeedResult = {
  messages: number;
  contacts: number;
  numbers: number;
  calls: number;
  appointments: number;
  ms: number;
};

/** Runs one statement as the database owner (row-level security does not apply: the seed writes any org). */
export type Exec = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export async function seedMessages(exec: Exec, orgId: string, opts: SeedOptions = {}): Promise<SeedResult> {
  const count = opts.count ?? 1_000_000;
  const days = opts.days ?? 365;
  const contacts = opts.contacts ?? Math.max(100, Math.round(count / 50));
  const numbers = opts.numbers ?? 4;
  const calls = opts.calls ?? Math.round(count / 100);
  const started = performance.now();
  await exec(
    `INSERT INTO phone_numbers (id, org_id, e164, source, label, country, capabilities, monthly_price, created_at)
     SELECT md5($1 || '-num-' || n)::uuid::text, $1, '+1555' || lpad((abs(hashtext($1)) % 1000)::text, 3, '0') || lpad(n::text, 4, '0'),
            'twilio', 'Line ' || n, 'US', '{"voice":true,"sms":true,"mms":true}'::jsonb, '1.15',
            now() - make_interval(days => $2 + 30 - n * 7)
     FROM generate_series(1, $3) n`,
    [orgId, days, numbers],
  );
  await exec(
    `INSERT INTO contacts (id, org_id, e164, name, created_at)
     SELECT md5($1 || '-c-' || n)::uuid::text, $1, '+1212' || lpad(n::text, 7, '0'), 'Contact ' || n, now() - make_interval(days => $2)
     FROM generate_series(1, $3) n`,
    [orgId, days, contacts],
  );
  // One row per exchange with its random draws, then two messages per exchange: the opening text
  // (inbound, or an outbound bulk send for 15%) and the reply (outbound) seconds to hours later.
  // Drawn into a scratch table first, then written to messages below.
  await exec(`DROP TABLE IF EXISTS seed_messages_scratch`);
  await exec(`CREATE UNLOGGED TABLE seed_messages_scratch (LIKE messages INCLUDING DEFAULTS)`);
  await exec(
    `WITH ex AS (
       SELECT e,
              1 + (abs(hashint4(e)) % $4) AS contact,
              1 + (abs(hashint4(e + 7)) % $5) AS num,
              -- more traffic 08:00-20:00 UTC: squeeze a fifth of the night hours into the day
              -- (and nothing in the future: replies come at most 4 hours after)
              least(date_trunc('day', now() - random() * make_interval(days => $3))
                + make_interval(secs => (CASE WHEN random() < 0.8 THEN 8 * 3600 + random() * 12 * 3600 ELSE random() * 86400 END)),
                now() - interval '5 hours') AS at,
              random() AS kind, random() AS fate, random() AS seg, random() AS priced, random() AS delay, random() AS geo
       FROM generate_series(1, ($2::int + 1) / 2) e
     )
     INSERT INTO seed_messages_scratch (id, org_id, contact_id, conversation_id, phone_number_id, direction, from_number, to_number,
                           body, twilio_sid, status, error_code, segments, encoding, country, price, ai, source,
                           sent_at, created_at, updated_at)
     SELECT md5($1 || '-m-' || (ex.e * 2 + leg))::uuid::text, $1, md5($1 || '-c-' || contact)::uuid::text,
            md5($1 || '-conv-' || contact)::uuid::text, md5($1 || '-num-' || num)::uuid::text,
            d.direction,
            CASE d.direction WHEN 'inbound' THEN '+1212' || lpad(contact::text, 7, '0') ELSE '+1555' || lpad(num::text, 7, '0') END,
            CASE d.direction WHEN 'inbound' THEN '+1555' || lpad(num::text, 7, '0') ELSE '+1212' || lpad(contact::text, 7, '0') END,
            CASE WHEN leg = 0 THEN 'Hello, is it possible to book an appointment for next Tuesday afternoon? Thanks'
                 ELSE 'Of course! We have 2:30 pm or 4:00 pm available on Tuesday. Which one suits you best?' END,
            'SM' || md5($1 || (ex.e * 2 + leg)::text),
            d.status,
            CASE d.status WHEN 'undelivered' THEN 30003 WHEN 'failed' THEN 30006 END,
            segs, 'GSM-7', cc,
            -- Twilio reports the price a while after sending: some recent ones have none yet
            CASE WHEN d.status IN ('delivered', 'undelivered', 'sent', 'received') AND priced < 0.85
                 THEN round((segs * CASE cc WHEN 'US' THEN 0.0079 WHEN 'FR' THEN 0.0858 ELSE 0.265 END)::numeric, 5) END,
            leg = 1 AND kind >= 0.15 AND kind < 0.25,
            CASE WHEN kind < 0.15 THEN 'bulk' WHEN leg = 1 AND kind < 0.25 THEN 'ai' ELSE 'inbox' END,
            CASE WHEN d.direction = 'outbound' AND d.status <> 'failed' THEN d.at + interval '1 second' END,
            d.at, d.at
     FROM ex
     CROSS JOIN generate_series(0, 1) leg
     CROSS JOIN LATERAL (SELECT CASE WHEN geo < 0.9 THEN 'US' WHEN geo < 0.97 THEN 'FR' ELSE 'IL' END AS cc,
                                1 + (seg > 0.8)::int + (seg > 0.95)::int AS segs) s
     CROSS JOIN LATERAL (
       SELECT CASE WHEN leg = 0 AND kind >= 0.15 THEN 'inbound' ELSE 'outbound' END AS direction,
              CASE WHEN leg = 0 AND kind >= 0.15 THEN 'received'
                   WHEN fate < 0.9 THEN 'delivered' WHEN fate < 0.94 THEN 'undelivered'
                   WHEN fate < 0.97 THEN 'failed' ELSE 'sent' END AS status,
              CASE WHEN leg = 0 THEN ex.at
                   -- replies: mostly within minutes, a long tail to a few hours
                   ELSE ex.at + make_interval(secs => 20 + (delay ^ 4) * 4 * 3600) END AS at
     ) d
     WHERE ex.e * 2 + leg - 1 <= $2`,
    [orgId, count, days, contacts, numbers],
  );
  // Into messages through the analytics rollup triggers (migration 0009) as live traffic would arrive:
  // in time order (so a period's rows sit together in the table), a week per statement.
  const span = (await exec(`SELECT min(created_at) AS lo, max(created_at) AS hi FROM seed_messages_scratch`))
    .rows[0]!;
  const week = 7 * 86_400_000;
  for (
    let lo = new Date(span.lo as string | Date).getTime();
    lo <= new Date(span.hi as string | Date).getTime();
    lo += week
  )
    await exec(
      `INSERT INTO messages SELECT * FROM seed_messages_scratch
       WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at`,
      [new Date(lo).toISOString(), new Date(lo + week).toISOString()],
    );
  await exec(`DROP TABLE seed_messages_scratch`);
  // Receptionist calls over the same period: some missed (no duration), most answered and evaluated, a
  // share booking an appointment (linked to its call, as the booking tool does), a few of them cancelled.
  await exec(
    `INSERT INTO calls (id, org_id, vapi_call_id, phone_number_id, contact_id, status, caller_number, started_at,
                        ended_at, duration_seconds, transcript, summary, ended_reason, success_evaluation, cost, created_at)
     SELECT md5($1 || '-call-' || n)::uuid::text, $1, md5($1 || '-vapi-' || n)::uuid::text,
            md5($1 || '-num-' || (1 + n % $4))::uuid::text, md5($1 || '-c-' || caller)::uuid::text, 'ended',
            '+1212' || lpad(caller::text, 7, '0'), at, at + make_interval(secs => dur), dur,
            CASE WHEN dur > 0 THEN 'AI: Hello, how can I help you?' || chr(10) || 'User: I would like to book an appointment for a haircut next week.' || chr(10) || 'AI: Of course, Tuesday at 2:30 pm is free. Shall I book it?' END,
            CASE WHEN dur > 0 THEN 'The caller asked for an appointment next week.' END,
            CASE WHEN dur = 0 THEN (ARRAY['customer-did-not-answer', 'customer-busy', 'silence-timed-out'])[1 + n % 3]
                 WHEN outcome < 0.6 THEN 'customer-ended-call' ELSE 'assistant-ended-call' END,
            CASE WHEN dur = 0 OR outcome > 0.9 THEN NULL WHEN outcome < 0.7 THEN 'true' ELSE 'false' END,
            round((0.05 + random() * 0.4)::numeric, 4)::text, at
     FROM (SELECT n, now() - random() * make_interval(days => $2) AS at,
                  1 + abs(hashint4(n + 13)) % $5 AS caller,
                  CASE WHEN random() < 0.12 THEN 0 ELSE (30 + random() * 300)::int END AS dur,
                  random() AS outcome
           FROM generate_series(1, $3) n) x`,
    [orgId, days, calls, numbers, contacts],
  );
  await exec(
    `INSERT INTO appointments (id, org_id, contact_id, call_id, starts_at, ends_at, status, source, customer_name,
                               customer_phone, created_at)
     SELECT md5(c.id || '-appt')::uuid::text, c.org_id, c.contact_id, c.id, c.started_at + interval '3 days',
            c.started_at + interval '3 days 30 minutes',
            CASE WHEN abs(hashtext(c.id)) % 20 = 0 THEN 'cancelled' ELSE 'booked' END, 'call', 'Caller',
            c.caller_number, c.ended_at
     FROM calls c
     WHERE c.org_id = $1 AND c.success_evaluation = 'true' AND abs(hashtext(c.id || 'b')) % 10 < 4
     ON CONFLICT DO NOTHING`,
    [orgId],
  );
  // What autovacuum would do soon after a bulk load: statistics for the planner, and the visibility
  // map that lets index-only scans skip the table.
  await exec('VACUUM ANALYZE messages');
  await exec('VACUUM ANALYZE contacts');
  await exec('VACUUM ANALYZE calls');
  await exec('VACUUM ANALYZE appointments');
  await exec('VACUUM ANALYZE phone_numbers');
  for (const table of ['message_rollups', 'message_quarter_rollups', 'message_waits', 'message_wait_rollups'])
    await exec(`VACUUM ANALYZE ${table}`);
  const appointments = Number(
    (await exec(`SELECT count(*) AS n FROM appointments WHERE org_id = $1`, [orgId])).rows[0]!.n,
  );
  return {
    messages: count,
    contacts,
    numbers,
    calls,
    appointments,
    ms: Math.round(performance.now() - started),
  };
}

/** A new, migrated database on the server of `serverUrl`; returns its URL and how to drop it. */
export async function throwawayDatabase(serverUrl: string, prefix = 'ava_seed') {
  const name = `${prefix}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const database = await openDatabase({ url: u.toString(), poolSize: 2 });
  await database.migrate();
  await database.close();
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const serverUrl = process.env.SEED_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const count = Number(process.argv[2] ?? 1_000_000);
  const db = await throwawayDatabase(serverUrl);
  const orgId = 'seed-org';
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  await c.query(
    `INSERT INTO organizations (id, name, slug, timezone) VALUES ($1, 'Seeded', $1, 'Europe/Paris')`,
    [orgId],
  );
  await c.end();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const r = await seedMessages((text, values) => client.query(text, values), orgId, { count });
  await client.end();
  console.log(JSON.stringify({ url: db.url, orgId, ...r }));
}

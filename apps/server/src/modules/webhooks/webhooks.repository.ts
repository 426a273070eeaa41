import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { rowsOf, type Db } from '../../db/client.ts';
import { insertByColumns } from '../../db/insert-columns.ts';
import { withOrg, withOrgEach, type OrgTx } from '../../db/tenant.ts';
import { webhookEvents } from '../../db/schema/index.ts';

export type WebhooksRepository = ReturnType<typeof webhooksRepository>;
export type NewWebhookEvent = {
  provider: 'twilio' | 'vapi';
  kind: string;
  eventKey: string;
  payload: unknown;
  /** its handling was done in the request (a tool call answered): stored processed, never claimed */
  handled?: boolean;
};

/** A stored event a processor claimed. */
export type PendingEvent = {
  id: string;
  orgId: string;
  provider: 'twilio' | 'vapi';
  kind: string;
  payload: unknown;
  receivedAt: Date;
  attempts: number;
};

/** At most this many events in one INSERT. */
const GROUP_MAX = 200;

export function webhooksRepository(db: Db) {
  type Waiting = {
    row: typeof webhookEvents.$inferInsert & { id: string };
    done: (result: { id: string | null; duplicate: boolean }) => void;
    failed: (err: unknown) => void;
  };
  const waiting: Waiting[] = [];

  const insertOne = (row: Waiting['row'], tx?: OrgTx) =>
    (tx ?? db)
      .insert(webhookEvents)
      .values(row)
      .onConflictDoNothing({ target: [webhookEvents.provider, webhookEvents.eventKey] })
      .returning({ id: webhookEvents.id });
  /** The same insert for many rows, as one column array each: the statement's text never changes. */
  const insertMany = async (rows: Waiting['row'][]) =>
    rowsOf<{ id: string }>(
      await db.execute(
        sql`${insertByColumns(webhookEvents, rows)} ON CONFLICT (provider, event_key) DO NOTHING RETURNING id`,
      ),
    );

  /**
   * Stores the events that arrived since the last turn of the event loop in one INSERT (one round trip
   * and one commit for all of them, issue F ingest). A row whose key is already stored, or repeated within
   * the group, is not inserted: not returned, it is a duplicate. If the group fails, each event is tried
   * alone, so that one bad event fails only its own request.
   */
  async function flush() {
    const group = waiting.splice(0, GROUP_MAX);
    if (!group.length) return;
    if (waiting.length) setImmediate(() => void flush());
    try {
      const stored = new Set((await insertMany(group.map((w) => w.row))).map((r) => r.id));
      for (const w of group)
        w.done({ id: stored.has(w.row.id) ? w.row.id : null, duplicate: !stored.has(w.row.id) });
    } catch (err) {
      if (group.length === 1) return group[0]!.failed(err);
      for (const w of group)
        insertOne(w.row).then(
          (r) => w.done(r[0] ? { id: r[0].id, duplicate: false } : { id: null, duplicate: true }),
          w.failed,
        );
    }
  }

  /**
   * Stores the event once; a provider's retry of the same event returns { duplicate: true }.
   *
   * Given the transaction of a tool call, the insert is part of it. Alone, it joins the group stored on
   * the next turn of the event loop, outside any tenant transaction (ADR 20): the organisation comes from
   * the verified signature or secret, not from a session. It writes that org id and reads nothing back.
   * Either way the caller learns the outcome only once it is committed.
   */
  async function record(
    orgId: string,
    event: NewWebhookEvent,
    tx?: OrgTx,
  ): Promise<{ id: string | null; duplicate: boolean }> {
    const { handled, ...fields } = event;
    const row = { id: randomUUID(), orgId, ...fields, ...(handled ? { processedAt: new Date() } : {}) };
    if (tx) {
      const [r] = await insertOne(row, tx);
      return r ? { id: r.id, duplicate: false } : { id: null, duplicate: true };
    }
    return new Promise((done, failed) => {
      if (waiting.push({ row, done, failed }) === 1) setImmediate(() => void flush());
    });
  }

  const pendingAt = (staleMs: number) =>
    sql`CASE WHEN claimed_at IS NULL THEN available_at
      ELSE greatest(available_at, claimed_at + make_interval(secs => ${staleMs / 1000})) END`;

  return {
    record,

    /**
     * Runs `work`, then stores the event, in one transaction. The event goes last on purpose: if a
     * statement of the work failed, the transaction is aborted, so the insert fails too and the whole
     * call throws with nothing stored — an event is never acknowledged without being stored.
     */
    async recordAfter<T>(orgId: string, event: NewWebhookEvent, work: (tx: OrgTx) => Promise<T>) {
      return withOrg(db, orgId, async (tx) => {
        const value = await work(tx);
        return { ...(await record(orgId, event, tx)), value };
      });
    },

    async get(orgId: string, id: string) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .select()
          .from(webhookEvents)
          .where(and(eq(webhookEvents.orgId, orgId), eq(webhookEvents.id, id)));
        return row;
      });
    },

    /**
     * Takes up to `limit` events that are due, across organisations, for this process: SKIP LOCKED keeps
     * two processors from taking the same one, and a claim older than `staleMs` (its process died) is
     * taken again. `mine` are events this process claimed and could not release (the database was
     * unreachable): they are taken back at once instead of waiting for their claim to go stale.
     */
    async claim(limit: number, staleMs: number, mine: string[] = []): Promise<PendingEvent[]> {
      const own = mine.length
        ? sql` OR id IN (${sql.join(
            mine.map((id) => sql`${id}`),
            sql`, `,
          )})`
        : sql``;
      const result = await db.execute(sql`
        WITH due AS (
          SELECT id FROM webhook_events
          WHERE processed_at IS NULL AND (${pendingAt(staleMs)} <= now()${own})
          ORDER BY available_at
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE webhook_events e SET claimed_at = now(), attempts = e.attempts + 1
        FROM due WHERE e.id = due.id
        RETURNING e.id, e.org_id, e.provider, e.kind, e.payload, e.received_at, e.attempts`);
      return rowsOf<{
        id: string;
        org_id: string;
        provider: 'twilio' | 'vapi';
        kind: string;
        payload: unknown;
        received_at: string | Date;
        attempts: number;
      }>(result)
        .map((r) => ({
          id: r.id,
          orgId: r.org_id,
          provider: r.provider,
          kind: r.kind,
          payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
          receivedAt: new Date(r.received_at),
          attempts: r.attempts,
        }))
        .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
    },

    /** When the next pending event is due, counting another processor's claim as due once stale. */
    /**
     * The soonest time an event becomes claimable. Unclaimed events are read from the pending index in
     * order (the first one is the answer); only the claimed ones, a few in flight, are computed one by
     * one. A min() over every pending row read them all, and answered 'infinity' (an invalid date, so
     * a loop without pause) once every event left was one given up on.
     */
    async nextDue(staleMs: number): Promise<Date | null> {
      const [row] = rowsOf<{ at: string | Date | null }>(
        await db.execute(
          sql`SELECT least(
                (SELECT available_at FROM webhook_events WHERE processed_at IS NULL AND claimed_at IS NULL
                  AND available_at < 'infinity' ORDER BY available_at LIMIT 1),
                (SELECT min(${pendingAt(staleMs)}) FROM webhook_events
                  WHERE processed_at IS NULL AND claimed_at IS NOT NULL)) AS at`,
        ),
      );
      return row?.at ? new Date(row.at) : null;
    },

    async markProcessed(ids: string[]) {
      if (!ids.length) return;
      await db
        .update(webhookEvents)
        .set({ processedAt: new Date(), claimedAt: null, lastError: null })
        .where(inArray(webhookEvents.id, ids));
    },

    /** A failed attempt: tried again at `retryAt`, or never (null) once it has had enough tries. */
    async markFailed(id: string, error: string, retryAt: Date | null) {
      await db
        .update(webhookEvents)
        .set({
          claimedAt: null,
          lastError: error.slice(0, 2000),
          availableAt: retryAt ?? sql`'infinity'::timestamptz`,
        })
        .where(eq(webhookEvents.id, id));
    },

    list(orgId: string, opts: { unprocessedOnly?: boolean } = {}) {
      return withOrgEach(db, orgId, (tx) =>
        tx
          .select()
          .from(webhookEvents)
          .where(
            and(
              eq(webhookEvents.orgId, orgId),
              opts.unprocessedOnly ? isNull(webhookEvents.processedAt) : undefined,
            ),
          )
          .orderBy(webhookEvents.receivedAt),
      );
    },
  };
}

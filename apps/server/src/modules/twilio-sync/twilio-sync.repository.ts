import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { withOrg, withOrgEach } from '../../db/tenant.ts';
import { conversations, messages, phoneNumbers, syncRuns, twilioCalls } from '../../db/schema/index.ts';
import { touchConversation } from '../messaging/conversations.repository.ts';

export type SyncRunRow = typeof syncRuns.$inferSelect;
export type SyncKind = SyncRunRow['kind'];
export type TwilioSyncRepository = ReturnType<typeof twilioSyncRepository>;

/** A Twilio message ready to store: its contact is already matched or created. */
export type ImportedMessage = {
  twilioSid: string;
  contactId: string;
  phoneNumberId: string | null;
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  body: string;
  status: string;
  errorCode: number | null;
  errorReason: string | null;
  segments: number | null;
  encoding: 'GSM-7' | 'UCS-2' | null;
  country: string | null;
  price: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

export type ImportedCall = Omit<typeof twilioCalls.$inferInsert, 'id' | 'orgId' | 'createdAt'>;

/** What a page did to its run; undefined when another worker had already stored that page. */
export type PageResult = { imported: number; skipped: number; run: SyncRunRow } | undefined;

export function twilioSyncRepository(db: Db) {
  /**
   * Locks the run and checks it still expects this page: two workers holding the same page (a retried job
   * whose first attempt did finish) store it once, and the later one stops its chain.
   */
  async function lockPage(tx: Db, orgId: string, runId: string, pagesDone: number) {
    const [run] = await tx
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, runId)))
      .for('update');
    return run?.status === 'running' && run.pages === pagesDone ? run : undefined;
  }

  async function advance(
    tx: Db,
    run: SyncRunRow,
    counts: { imported: number; skipped: number },
    nextPageUrl: string | null,
  ) {
    const [row] = await tx
      .update(syncRuns)
      .set({
        pages: run.pages + 1,
        imported: run.imported + counts.imported,
        skipped: run.skipped + counts.skipped,
        cursor: nextPageUrl,
        ...(nextPageUrl ? {} : { status: 'completed' as const, finishedAt: new Date() }),
      })
      .where(eq(syncRuns.id, run.id))
      .returning();
    return { ...counts, run: row! };
  }

  return {
    async get(orgId: string, id: string) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .select()
          .from(syncRuns)
          .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, id)));
        return row;
      });
    },

    /** The newest run of each kind. */
    async latest(orgId: string): Promise<Partial<Record<SyncKind, SyncRunRow>>> {
      return withOrg(db, orgId, async (tx) => {
        const rows = await tx
          .selectDistinctOn([syncRuns.kind])
          .from(syncRuns)
          .where(eq(syncRuns.orgId, orgId))
          .orderBy(syncRuns.kind, desc(syncRuns.startedAt), desc(syncRuns.id));
        return Object.fromEntries(rows.map((r) => [r.kind, r]));
      });
    },

    /**
     * A new running run, or the one of that kind already running. The transaction lock on (org, kind)
     * keeps two clicks at once from starting two runs (the schema has no unique index for it).
     */
    async startOrRunning(orgId: string, kind: SyncKind): Promise<{ run: SyncRunRow; created: boolean }> {
      return withOrg(db, orgId, async (tx) => {
        await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`twilio-sync:${orgId}:${kind}`}))`);
        const [running] = await tx
          .select()
          .from(syncRuns)
          .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.kind, kind), eq(syncRuns.status, 'running')))
          .orderBy(desc(syncRuns.startedAt))
          .limit(1);
        if (running) return { run: running, created: false };
        const [run] = await tx.insert(syncRuns).values({ orgId, kind, status: 'running' }).returning();
        return { run: run!, created: true };
      });
    },

    async fail(orgId: string, id: string, error: string) {
      await withOrg(db, orgId, (tx) =>
        tx
          .update(syncRuns)
          .set({ status: 'failed', error, finishedAt: new Date() })
          .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, id), eq(syncRuns.status, 'running'))),
      );
    },

    /** Which of these SIDs the org already has (re-runs skip them before any contact work). */
    async knownMessageSids(orgId: string, sids: string[]): Promise<Set<string>> {
      if (!sids.length) return new Set();
      const rows = await withOrgEach(db, orgId, (tx) =>
        tx
          .select({ sid: messages.twilioSid })
          .from(messages)
          .where(and(eq(messages.orgId, orgId), inArray(messages.twilioSid, sids))),
      );
      return new Set(rows.map((r) => r.sid!));
    },

    async knownCallSids(orgId: string, sids: string[]): Promise<Set<string>> {
      if (!sids.length) return new Set();
      const rows = await withOrgEach(db, orgId, (tx) =>
        tx
          .select({ sid: twilioCalls.twilioSid })
          .from(twilioCalls)
          .where(and(eq(twilioCalls.orgId, orgId), inArray(twilioCalls.twilioSid, sids))),
      );
      return new Set(rows.map((r) => r.sid));
    },

    /** The org's numbers among these, by E.164. */
    async numberIds(orgId: string, e164s: string[]): Promise<Map<string, string>> {
      if (!e164s.length) return new Map();
      const rows = await withOrgEach(db, orgId, (tx) =>
        tx
          .select({ id: phoneNumbers.id, e164: phoneNumbers.e164 })
          .from(phoneNumbers)
          .where(and(eq(phoneNumbers.orgId, orgId), inArray(phoneNumbers.e164, e164s))),
      );
      return new Map(rows.map((r) => [r.e164, r.id]));
    },

    /**
     * Stores one page of messages and threads the new ones, all in one transaction with the run's
     * progress, so a crash either stored the page and moved the cursor or did neither.
     */
    async saveMessagesPage(
      orgId: string,
      runId: string,
      page: { pagesDone: number; seen: number; rows: ImportedMessage[]; nextPageUrl: string | null },
    ): Promise<PageResult> {
      return withOrg(db, orgId, async (tx) => {
        const run = await lockPage(tx, orgId, runId, page.pagesDone);
        if (!run) return undefined;
        // A text AVA is handing to Twilio right now has no SID yet: importing it first would make the
        // dispatcher's own write of that SID collide. It is left to the dispatcher.
        const inFlight = new Set(
          (
            await tx
              .select({ from: messages.from, to: messages.to, body: messages.body })
              .from(messages)
              .where(
                and(
                  eq(messages.orgId, orgId),
                  eq(messages.status, 'pending'),
                  isNull(messages.twilioSid),
                  eq(messages.direction, 'outbound'),
                ),
              )
          ).map((m) => `${m.from}|${m.to}|${m.body}`),
        );
        const rows = page.rows.filter(
          (r) => r.direction === 'inbound' || !inFlight.has(`${r.from}|${r.to}|${r.body}`),
        );
        const inserted = rows.length
          ? await tx
              .insert(messages)
              .values(
                rows.map((r) => ({
                  ...r,
                  orgId,
                  source: 'sync' as const,
                  // History was read where it happened; it does not light up the inbox.
                  readAt: r.direction === 'inbound' ? new Date() : null,
                })),
              )
              .onConflictDoNothing()
              .returning({ id: messages.id, twilioSid: messages.twilioSid })
          : [];
        const fresh = new Set(inserted.map((r) => r.twilioSid));
        const threads = new Set<string>();
        // Newest first (Twilio's order), so a new thread's reply number is its newest known number.
        for (const r of rows) {
          if (!fresh.has(r.twilioSid)) continue;
          // Threaded as our own side: history never raises the unread count, and the reply number the
          // live inbox chose is kept (touchConversation only fills it when missing for outbound).
          const conversationId = await touchConversation(tx, orgId, {
            contactId: r.contactId,
            phoneNumberId: r.phoneNumberId,
            body: r.body,
            direction: 'outbound',
          });
          threads.add(conversationId);
          await tx
            .update(messages)
            .set({ conversationId })
            .where(and(eq(messages.orgId, orgId), eq(messages.twilioSid, r.twilioSid)));
        }
        if (threads.size) await restoreNewest(tx, orgId, [...threads]);
        return advance(tx, run, { imported: fresh.size, skipped: page.seen - fresh.size }, page.nextPageUrl);
      });
    },

    async saveCallsPage(
      orgId: string,
      runId: string,
      page: { pagesDone: number; seen: number; rows: ImportedCall[]; nextPageUrl: string | null },
    ): Promise<PageResult> {
      return withOrg(db, orgId, async (tx) => {
        const run = await lockPage(tx, orgId, runId, page.pagesDone);
        if (!run) return undefined;
        const inserted = page.rows.length
          ? await tx
              .insert(twilioCalls)
              .values(page.rows.map((r) => ({ ...r, orgId })))
              .onConflictDoNothing()
              .returning({ id: twilioCalls.id })
          : [];
        return advance(
          tx,
          run,
          { imported: inserted.length, skipped: page.seen - inserted.length },
          page.nextPageUrl,
        );
      });
    },
  };
}

/**
 * touchConversation stamps a thread with "now" and the message it was given; imported history arrives
 * newest first and is older than now, so each touched thread is set back to its actual newest message.
 * The preview is cut as the inbox cuts it (whitespace collapsed, 140 characters).
 */
async function restoreNewest(tx: Db, orgId: string, conversationIds: string[]) {
  await tx.execute(sql`
    UPDATE ${conversations} AS c
    SET last_message_at = n.created_at,
        last_direction = n.direction,
        last_preview = left(btrim(regexp_replace(n.body, ${'\\s+'}, ' ', 'g')), 140)
    FROM (
      SELECT DISTINCT ON (conversation_id) conversation_id, created_at, direction, body
      FROM ${messages}
      WHERE org_id = ${orgId} AND ${inArray(messages.conversationId, conversationIds)}
      ORDER BY conversation_id, created_at DESC
    ) AS n
    WHERE c.org_id = ${orgId} AND c.id = n.conversation_id`);
}

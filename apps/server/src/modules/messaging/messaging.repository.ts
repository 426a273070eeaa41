import { and, asc, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { rowsOf, type Db } from '../../db/client.ts';
import { prepared } from '../../db/prepared.ts';
import { insertByColumns } from '../../db/insert-columns.ts';
import { withOrg, withOrgEach } from '../../db/tenant.ts';
import { bulkSends, contacts, messages, messagingSettings, senderPacing } from '../../db/schema/index.ts';
import { afterQuietHours, type QuietHours } from './quiet-hours.ts';
import { touchConversation } from './conversations.repository.ts';

export type MessageRow = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
export type MessagingRepository = ReturnType<typeof messagingRepository>;

// Twilio may deliver callbacks out of order: a status only ever moves forward.
const RANK: Record<string, number> = {
  pending: 0,
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  receiving: 3,
  received: 4,
  delivered: 5,
  undelivered: 5,
  failed: 5,
  canceled: 5,
};
const rankSql = sql.raw(
  `(CASE status ${Object.entries(RANK)
    .map(([k, v]) => `WHEN '${k}' THEN ${v}`)
    .join(' ')} ELSE 0 END)`,
);

export type Sender = { id: string; e164: string; rate: number };

/** One outbound text to plan: the sender is fixed, or null to take the least-busy of `senders`. */
export type PlannedText = Omit<NewMessage, 'orgId' | 'direction' | 'status' | 'from' | 'sendAt'> & {
  contactId: string;
  to: string;
  body: string;
  segments: number;
  senderId: string | null;
};

const CHUNK = 1_000;
// Both drivers (PGlite, node-postgres) answer raw statements with { rows }.

type PlanInput = { senders: Sender[]; texts: PlannedText[]; notBefore: number; quiet: QuietHours | null };

/** An inbound text's row (a replayed SID inserts nothing), built once: it runs for every text received. */
const insertInbound = prepared('messages.insert-inbound', (db) =>
  db
    .insert(messages)
    .values({
      id: sql.placeholder('id'),
      orgId: sql.placeholder('orgId'),
      direction: sql`'inbound'`,
      status: sql`'received'`,
      contactId: sql.placeholder('contactId'),
      phoneNumberId: sql.placeholder('phoneNumberId'),
      from: sql.placeholder('from'),
      to: sql.placeholder('to'),
      body: sql.placeholder('body'),
      twilioSid: sql.placeholder('twilioSid'),
      segments: sql.placeholder('segments'),
      mediaUrls: sql.placeholder('mediaUrls'),
    })
    .onConflictDoNothing()
    .returning(),
);
const setConversation = prepared('messages.set-conversation', (db) =>
  db
    .update(messages)
    .set({ conversationId: sql`${sql.placeholder('conversationId')}`, updatedAt: sql`now()` })
    .where(eq(messages.id, sql.placeholder('id'))),
);

export function messagingRepository(db: Db) {
  /**
   * Plans outbound texts: each gets its sender and send time from the senders' pacing rows, locked for
   * the transaction, so any number of processes planning at once never exceed a sender's rate. Quiet
   * hours push a time to the end of the window. Threads and messages are written in the same transaction.
   */
  function planTexts(orgId: string, input: PlanInput, full: boolean) {
    return withOrg(db, orgId, async (tx) => {
      const ids = input.senders.map((s) => s.id).sort();
      const now = Date.now();
      // Texts for later (a schedule, the morning after quiet hours) are spaced among themselves from their
      // start; only texts for now queue behind the sender's backlog, which the pacing row tracks.
      const immediate = input.notBefore <= now + 60_000;
      const next = new Map(ids.map((id) => [id, Math.max(now, input.notBefore)]));
      if (immediate) {
        await tx
          .insert(senderPacing)
          .values(ids.map((id) => ({ orgId, phoneNumberId: id, nextAt: new Date(now) })))
          .onConflictDoNothing();
        const locked = await tx
          .select()
          .from(senderPacing)
          .where(and(eq(senderPacing.orgId, orgId), inArray(senderPacing.phoneNumberId, ids)))
          .orderBy(asc(senderPacing.phoneNumberId))
          .for('update');
        for (const p of locked) next.set(p.phoneNumberId, Math.max(p.nextAt.getTime(), now));
      }
      const byId = new Map(input.senders.map((s) => [s.id, s]));
      const rows: NewMessage[] = [];
      for (const text of input.texts) {
        const candidates = text.senderId ? [text.senderId] : ids;
        let best = candidates[0]!;
        for (const id of candidates) if (next.get(id)! < next.get(best)!) best = id;
        let at = Math.max(next.get(best)!, input.notBefore);
        if (input.quiet) at = afterQuietHours(at, input.quiet);
        const sender = byId.get(best)!;
        next.set(best, at + (text.segments / sender.rate) * 1000);
        const { senderId: _omit, ...rest } = text;
        rows.push({
          ...rest,
          orgId,
          direction: 'outbound',
          status: 'pending',
          from: sender.e164,
          phoneNumberId: best,
          sendAt: new Date(at),
        });
      }
      // Threads first, so each message row carries its conversation id.
      const threads = new Map<string, string>();
      if (rows.length === 1) {
        const only = rows[0]!;
        threads.set(
          only.contactId!,
          await touchConversation(tx, orgId, {
            contactId: only.contactId!,
            phoneNumberId: only.phoneNumberId ?? null,
            body: only.body,
            direction: 'outbound',
          }),
        );
      } else await upsertThreads(tx, orgId, rows, threads);
      const inserted: (MessageRow | { id: string })[] = [];
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows
          .slice(i, i + CHUNK)
          .map((r) => ({ ...r, conversationId: threads.get(r.contactId!) ?? null }));
        if (full)
          inserted.push(...(await tx.insert(messages).values(chunk).onConflictDoNothing().returning()));
        // A bulk send's thousands of texts: column arrays, not one parameter per value.
        else
          inserted.push(
            ...rowsOf<{ id: string }>(
              await tx.execute(sql`${insertByColumns(messages, chunk)} ON CONFLICT DO NOTHING RETURNING id`),
            ),
          );
      }
      for (const [id, at] of immediate ? next : []) {
        await tx
          .update(senderPacing)
          .set({ nextAt: new Date(at) })
          .where(and(eq(senderPacing.orgId, orgId), eq(senderPacing.phoneNumberId, id)));
      }
      return inserted;
    });
  }

  return {
    /** Stores an inbound message once (unique SID) and threads it; undefined for a replay. */
    async insertInbound(
      orgId: string,
      values: {
        contactId: string;
        phoneNumberId: string | null;
        from: string;
        to: string;
        body: string;
        twilioSid: string;
        segments: number | null;
        mediaUrls: string[] | null;
      },
    ) {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await insertInbound(tx, { id: randomUUID(), orgId, ...values });
        if (!row) return undefined;
        const conversationId = await touchConversation(tx, orgId, { ...values, direction: 'inbound' });
        await setConversation(tx, { id: row.id, conversationId });
        return { ...row, conversationId };
      });
    },

    /** Plans outbound texts (see planTexts) and returns their rows. */
    plan(orgId: string, input: PlanInput): Promise<MessageRow[]> {
      return planTexts(orgId, input, true) as Promise<MessageRow[]>;
    },

    /** plan() for a bulk: the same, without reading the rows back (a 10,000-text send never uses them). */
    async planMany(orgId: string, input: PlanInput): Promise<number> {
      return (await planTexts(orgId, input, false)).length;
    },

    async byIdempotencyKey(orgId: string, key: string) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .select()
          .from(messages)
          .where(and(eq(messages.orgId, orgId), eq(messages.idempotencyKey, key)));
        return row;
      });
    },

    async get(orgId: string, id: string) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .select()
          .from(messages)
          .where(and(eq(messages.orgId, orgId), eq(messages.id, id)));
        return row;
      });
    },

    async thread(orgId: string, conversationId: string, limit = 200) {
      return withOrgEach(db, orgId, async (tx) => {
        const rows = await tx
          .select()
          .from(messages)
          .where(and(eq(messages.orgId, orgId), eq(messages.conversationId, conversationId)))
          .orderBy(desc(messages.createdAt))
          .limit(limit);
        return rows.reverse();
      });
    },

    /** The last messages with a contact, oldest first (the AI's context). */
    async recentWithContact(orgId: string, contactId: string, limit: number) {
      return withOrgEach(db, orgId, async (tx) => {
        const rows = await tx
          .select()
          .from(messages)
          .where(and(eq(messages.orgId, orgId), eq(messages.contactId, contactId)))
          .orderBy(desc(messages.createdAt))
          .limit(limit);
        return rows.reverse();
      });
    },

    async countAiSince(orgId: string, contactId: string, since: Date) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(messages)
          .where(
            and(
              eq(messages.orgId, orgId),
              eq(messages.contactId, contactId),
              eq(messages.ai, true),
              gte(messages.createdAt, since),
            ),
          );
        return row?.n ?? 0;
      });
    },

    /** Scheduled single messages (not part of a bulk send) still waiting. */
    async scheduled(orgId: string) {
      return withOrgEach(db, orgId, (tx) =>
        tx
          .select()
          .from(messages)
          .where(
            and(
              eq(messages.orgId, orgId),
              eq(messages.status, 'pending'),
              eq(messages.source, 'scheduled'),
              sql`${messages.bulkId} IS NULL`,
            ),
          )
          .orderBy(asc(messages.sendAt)),
      );
    },

    /** Edits or cancels a message that has not left yet; undefined when it already has. */
    async updatePending(
      orgId: string,
      id: string,
      values: Partial<Pick<NewMessage, 'body' | 'sendAt' | 'status' | 'segments' | 'encoding'>>,
    ) {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .update(messages)
          .set(values)
          .where(
            and(
              eq(messages.orgId, orgId),
              eq(messages.id, id),
              eq(messages.status, 'pending'),
              sql`${messages.claimedAt} IS NULL`,
            ),
          )
          .returning();
        return row;
      });
    },

    async markRead(orgId: string, conversationId: string) {
      await withOrg(db, orgId, (tx) =>
        tx
          .update(messages)
          .set({ readAt: new Date() })
          .where(
            and(
              eq(messages.orgId, orgId),
              eq(messages.conversationId, conversationId),
              eq(messages.direction, 'inbound'),
              sql`${messages.readAt} IS NULL`,
            ),
          ),
      );
    },

    // ---- the dispatcher's side: across organisations, as the owner role (no tenant to scope to) ----

    /**
     * Claims due texts with SKIP LOCKED so concurrent dispatchers never take the same row. A claim older
     * than `staleMs` belonged to a process that died mid-send: it is taken again (and reconciled first).
     * `mine` are texts this process claimed and could not release (the database was unreachable): taken
     * back at once; the attempt count still grows, so the send first looks for them at Twilio.
     */
    async claimDue(limit: number, staleMs: number, mine: string[] = []): Promise<MessageRow[]> {
      const own = mine.length
        ? sql` OR id IN (${sql.join(
            mine.map((id) => sql`${id}`),
            sql`, `,
          )})`
        : sql``;
      const result = await db.execute(sql`
        WITH due AS (
          SELECT id FROM messages
          WHERE status = 'pending' AND send_at <= now()
            AND (claimed_at IS NULL OR claimed_at < now() - make_interval(secs => ${staleMs / 1000})${own})
          ORDER BY send_at
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE messages m SET claimed_at = now(), attempts = m.attempts + 1
        FROM due WHERE m.id = due.id
        RETURNING m.id`);
      const ids = rowsOf<{ id: string }>(result).map((r) => r.id);
      if (!ids.length) return [];
      return db.select().from(messages).where(inArray(messages.id, ids)).orderBy(asc(messages.sendAt));
    },

    /** When the next pending text is due (the dispatcher sleeps until then). */
    async nextDue(staleMs: number): Promise<Date | null> {
      // A text another dispatcher holds is not due until its claim goes stale: counting it as due now
      // would make every other dispatcher spin. Unclaimed texts come from the due index in order (the
      // first is the answer: a 10,000-text bulk is not read each time the dispatcher idles between
      // paced sends); only the few claimed ones are computed one by one.
      const [row] = rowsOf<{ at: string | Date | null }>(
        await db.execute(sql`SELECT least(
          (SELECT send_at FROM messages WHERE status = 'pending' AND claimed_at IS NULL ORDER BY send_at LIMIT 1),
          (SELECT min(greatest(send_at, claimed_at + make_interval(secs => ${staleMs / 1000})))
             FROM messages WHERE status = 'pending' AND claimed_at IS NOT NULL)) AS at`),
      );
      return row?.at ? new Date(row.at) : null;
    },

    async contactOptedOut(orgId: string, contactId: string) {
      const [row] = await db
        .select({ optedOutAt: contacts.optedOutAt })
        .from(contacts)
        .where(and(eq(contacts.orgId, orgId), eq(contacts.id, contactId)));
      return Boolean(row?.optedOutAt);
    },

    /** Twilio accepted it: from now on its status callbacks are the truth. */
    async markAccepted(
      id: string,
      r: { sid: string; status: string; segments: number | null; price: number | null },
    ) {
      await db
        .update(messages)
        .set({
          twilioSid: r.sid,
          status: sql`CASE WHEN ${rankSql} > ${RANK[r.status] ?? 0} THEN status ELSE ${r.status} END`,
          ...(r.segments ? { segments: r.segments } : {}),
          ...(r.price !== null ? { price: String(Math.abs(r.price)) } : {}),
          sentAt: new Date(),
          claimedAt: null,
        })
        .where(eq(messages.id, id));
    },

    async release(id: string, retryAt: Date, reason: string | null) {
      await db
        .update(messages)
        .set({ claimedAt: null, sendAt: retryAt, errorReason: reason })
        .where(eq(messages.id, id));
    },

    async markFinal(id: string, status: 'failed' | 'canceled', code: number | null, reason: string | null) {
      await db
        .update(messages)
        .set({ status, errorCode: code, errorReason: reason, claimedAt: null })
        .where(eq(messages.id, id));
    },

    /** A status callback; returns false when it is older than what we know or the SID is not ours yet. */
    async applyStatus(
      orgId: string,
      twilioSid: string,
      update: { status: string; errorCode: number | null; errorReason: string | null; price?: number | null },
    ): Promise<'applied' | 'stale' | 'unknown'> {
      const rank = RANK[update.status] ?? 0;
      return withOrg(db, orgId, async (tx) => {
        const rows = await tx
          .update(messages)
          .set({
            status: update.status,
            errorCode: update.errorCode,
            errorReason: update.errorReason,
            ...(update.price != null ? { price: String(Math.abs(update.price)) } : {}),
          })
          .where(and(eq(messages.orgId, orgId), eq(messages.twilioSid, twilioSid), sql`${rankSql} < ${rank}`))
          .returning({ id: messages.id });
        if (rows.length) return 'applied';
        const [known] = await tx
          .select({ id: messages.id })
          .from(messages)
          .where(and(eq(messages.orgId, orgId), eq(messages.twilioSid, twilioSid)));
        return known ? 'stale' : 'unknown';
      });
    },

    async setPrice(orgId: string, twilioSid: string, price: number) {
      await withOrg(db, orgId, (tx) =>
        tx
          .update(messages)
          .set({ price: String(Math.abs(price)) })
          .where(and(eq(messages.orgId, orgId), eq(messages.twilioSid, twilioSid))),
      );
    },

    async setOptOut(orgId: string, contactId: string, optedOut: boolean) {
      await withOrg(db, orgId, (tx) =>
        tx
          .update(contacts)
          .set({ optedOutAt: optedOut ? new Date() : null })
          .where(and(eq(contacts.orgId, orgId), eq(contacts.id, contactId))),
      );
    },

    async listForContact(orgId: string, contactId: string) {
      return withOrgEach(db, orgId, (tx) =>
        tx
          .select()
          .from(messages)
          .where(and(eq(messages.orgId, orgId), eq(messages.contactId, contactId)))
          .orderBy(messages.createdAt),
      );
    },

    async settings(orgId: string) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx.select().from(messagingSettings).where(eq(messagingSettings.orgId, orgId));
        return row;
      });
    },

    async saveSettings(orgId: string, values: Partial<typeof messagingSettings.$inferInsert>) {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .insert(messagingSettings)
          .values({ ...values, orgId })
          .onConflictDoUpdate({ target: messagingSettings.orgId, set: values })
          .returning();
        return row!;
      });
    },

    // ---- bulk sends ----

    async insertBulk(orgId: string, values: Omit<typeof bulkSends.$inferInsert, 'orgId'>) {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .insert(bulkSends)
          .values({ ...values, orgId })
          .returning();
        return row!;
      });
    },

    async updateBulk(orgId: string, id: string, values: Partial<typeof bulkSends.$inferInsert>) {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .update(bulkSends)
          .set(values)
          .where(and(eq(bulkSends.orgId, orgId), eq(bulkSends.id, id)))
          .returning();
        return row;
      });
    },

    async bulks(orgId: string, id?: string) {
      return withOrg(db, orgId, async (tx) => {
        const list = await tx
          .select()
          .from(bulkSends)
          .where(and(eq(bulkSends.orgId, orgId), id ? eq(bulkSends.id, id) : undefined))
          .orderBy(desc(bulkSends.createdAt))
          .limit(100);
        if (!list.length) return [];
        const counts = await tx
          .select({ bulkId: messages.bulkId, status: messages.status, n: sql<number>`count(*)::int` })
          .from(messages)
          .where(
            and(
              eq(messages.orgId, orgId),
              inArray(
                messages.bulkId,
                list.map((b) => b.id),
              ),
            ),
          )
          .groupBy(messages.bulkId, messages.status);
        return list.map((b) => ({
          bulk: b,
          counts: Object.fromEntries(counts.filter((c) => c.bulkId === b.id).map((c) => [c.status, c.n])),
        }));
      });
    },

    async bulkRecipients(
      orgId: string,
      bulkId: string,
      q: { status?: string; limit: number; offset: number },
    ) {
      return withOrgEach(db, orgId, async (tx) => {
        const rows = await tx
          .select({ message: messages, name: contacts.name })
          .from(messages)
          .leftJoin(contacts, eq(contacts.id, messages.contactId))
          .where(
            and(
              eq(messages.orgId, orgId),
              eq(messages.bulkId, bulkId),
              q.status ? eq(messages.status, q.status) : undefined,
            ),
          )
          .orderBy(asc(messages.sendAt), asc(messages.id))
          .limit(q.limit + 1)
          .offset(q.offset);
        return { rows: rows.slice(0, q.limit), hasMore: rows.length > q.limit };
      });
    },

    /**
     * After a cancel, each sender's backlog ends with its last text still waiting (never later than it
     * was): a reply typed after cancelling a 10,000-text send leaves now, not where that send would have ended.
     */
    async releasePacing(orgId: string) {
      await withOrg(db, orgId, (tx) =>
        tx.execute(sql`
          UPDATE sender_pacing p SET next_at = greatest(now(), coalesce((
            SELECT max(m.send_at) FROM messages m
            WHERE m.org_id = p.org_id AND m.phone_number_id = p.phone_number_id
              AND m.status = 'pending' AND m.send_at <= p.next_at), now()))
          WHERE p.org_id = ${orgId}`),
      );
    },

    /** Cancels what has not left yet; a text a dispatcher is handing to Twilio right now still goes. */
    async cancelPendingOfBulk(orgId: string, bulkId: string) {
      return withOrg(db, orgId, async (tx) => {
        const rows = await tx
          .update(messages)
          .set({ status: 'canceled' })
          .where(
            and(
              eq(messages.orgId, orgId),
              eq(messages.bulkId, bulkId),
              eq(messages.status, 'pending'),
              sql`${messages.claimedAt} IS NULL`,
            ),
          )
          .returning({ id: messages.id });
        return rows.length;
      });
    },

    /** Contacts chosen for a bulk send: by id, by tag (any of) or by the Contacts page's text filter. */
    async selectContacts(orgId: string, sel: { contactIds?: string[]; tags?: string[]; q?: string }) {
      return withOrg(db, orgId, async (tx) => {
        const or = [];
        if (sel.contactIds?.length) or.push(inArray(contacts.id, sel.contactIds));
        if (sel.tags?.length)
          or.push(
            sql`${contacts.tags} && ARRAY[${sql.join(
              sel.tags.map((t) => sql`${t}`),
              sql`, `,
            )}]::text[]`,
          );
        if (sel.q) {
          const like = `%${sel.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
          or.push(
            sql`(${contacts.name} ILIKE ${like} OR ${contacts.e164} ILIKE ${like} OR ${contacts.email} ILIKE ${like})`,
          );
        }
        if (!or.length) return [];
        return tx
          .select()
          .from(contacts)
          .where(and(eq(contacts.orgId, orgId), sql.join(or, sql` OR `).append(sql``)))
          .orderBy(asc(contacts.createdAt));
      });
    },
  };
}

/** Many threads at once (bulk sends): one statement per chunk instead of one per contact. */
async function upsertThreads(tx: Db, orgId: string, rows: NewMessage[], threads: Map<string, string>) {
  const firstPerContact = [...new Map(rows.map((r) => [r.contactId!, r])).values()];
  for (let i = 0; i < firstPerContact.length; i += CHUNK) {
    const chunk = firstPerContact.slice(i, i + CHUNK).map((r) => ({
      contact_id: r.contactId,
      phone_number_id: r.phoneNumberId ?? null,
      preview: r.body.replace(/\s+/g, ' ').trim().slice(0, 140),
    }));
    const result = await tx.execute(sql`
      INSERT INTO conversations (id, org_id, contact_id, phone_number_id, last_preview, last_direction, unread_count)
      SELECT gen_random_uuid()::text, ${orgId}, x.contact_id, x.phone_number_id, x.preview, 'outbound', 0
      FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS x(contact_id text, phone_number_id text, preview text)
      ON CONFLICT (org_id, contact_id) DO UPDATE SET
        last_message_at = now(), last_preview = excluded.last_preview, last_direction = 'outbound',
        phone_number_id = coalesce(conversations.phone_number_id, excluded.phone_number_id)
      RETURNING id, contact_id`);
    for (const row of rowsOf<{ id: string; contact_id: string }>(result)) threads.set(row.contact_id, row.id);
  }
}

import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { organizations } from './auth.ts';
import { createdAt, id, tenantPolicy, updatedAt } from './common.ts';

const orgId = () =>
  text('org_id')
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' });

/** A weekly window in the org's time zone, e.g. AI replies only Mon–Fri 09:00–18:00. */
export type WeeklyHours = { day: number; open: string; close: string }[];

/** One thread per contact across all of the org's numbers (PRODUCT §6): the inbox's rows. */
export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    orgId: orgId(),
    contactId: text('contact_id').notNull(),
    /** the number replies go out from: the one the contact last wrote to, changeable by the user */
    phoneNumberId: text('phone_number_id'),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().defaultNow(),
    lastPreview: text('last_preview').notNull().default(''),
    lastDirection: text('last_direction', { enum: ['inbound', 'outbound'] }),
    unreadCount: integer('unread_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('conversations_org_contact_uq').on(t.orgId, t.contactId),
    index('conversations_org_last_idx').on(t.orgId, t.lastMessageAt),
    tenantPolicy('conversations'),
  ],
);

/**
 * Every SMS in and out of the org's numbers. Outbound ones start `pending` with a planned `send_at`
 * (pacing, schedules and quiet hours are all just that time); a dispatcher claims due rows with
 * SKIP LOCKED, hands them to Twilio and from then on Twilio's status is the truth.
 */
export const messages = pgTable(
  'messages',
  {
    id: id(),
    orgId: orgId(),
    contactId: text('contact_id'),
    conversationId: text('conversation_id'),
    phoneNumberId: text('phone_number_id'),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
    from: text('from_number').notNull(),
    to: text('to_number').notNull(),
    body: text('body').notNull(),
    mediaUrls: jsonb('media_urls').$type<string[]>(),
    twilioSid: text('twilio_sid'),
    /** pending (AVA's, not yet at Twilio) → queued → sending → sent → delivered / undelivered / failed;
     * canceled (by the user, before sending); received for inbound */
    status: text('status').notNull(),
    errorCode: integer('error_code'),
    errorReason: text('error_reason'),
    segments: integer('segments'),
    encoding: text('encoding', { enum: ['GSM-7', 'UCS-2'] }),
    /** destination country (ISO), for the price table when Twilio has not reported a price yet */
    country: text('country'),
    /** USD, positive (Twilio reports it negative) */
    price: numeric('price', { precision: 12, scale: 5 }),
    ai: boolean('ai').notNull().default(false),
    source: text('source', { enum: ['inbox', 'bulk', 'scheduled', 'ai', 'sync', 'auto'] })
      .notNull()
      .default('inbox'),
    /** the client's key: the same send submitted twice is one message */
    idempotencyKey: text('idempotency_key'),
    bulkId: text('bulk_id'),
    templateId: text('template_id'),
    createdBy: text('created_by'),
    /** outbound: when the dispatcher may send it (planned by pacing, schedules and quiet hours) */
    sendAt: timestamp('send_at', { withTimezone: true }),
    /** set while a dispatcher is handing it to Twilio; a stale claim is reconciled against Twilio */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('messages_twilio_sid_uq')
      .on(t.twilioSid)
      .where(sql`twilio_sid IS NOT NULL`),
    uniqueIndex('messages_org_idempotency_uq')
      .on(t.orgId, t.idempotencyKey)
      .where(sql`idempotency_key IS NOT NULL`),
    index('messages_org_contact_idx').on(t.orgId, t.contactId, t.createdAt),
    index('messages_org_created_idx').on(t.orgId, t.createdAt),
    index('messages_due_idx')
      .on(t.sendAt)
      .where(sql`status = 'pending'`),
    index('messages_bulk_idx')
      .on(t.bulkId)
      .where(sql`bulk_id IS NOT NULL`),
    tenantPolicy('messages'),
  ],
);

// ---- analytics rollups (ADR 0018) ----------------------------------------------------------------
// Derived from `messages` by statement-level triggers (migration 0009), in the same transaction as the
// write, so they are exact. They carry no foreign keys: a cascade could delete them before the
// messages whose removal the triggers still subtract; rows whose count reaches zero are deleted.

/** Messages per UTC day, number ('' for none), direction, status and country ('' for none). */
export const messageRollups = pgTable(
  'message_rollups',
  {
    orgId: text('org_id').notNull(),
    /** the UTC midnight starting the day */
    day: timestamp('day', { withTimezone: true }).notNull(),
    phoneNumberId: text('phone_number_id').notNull(),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
    status: text('status').notNull(),
    country: text('country').notNull(),
    messages: integer('messages').notNull(),
    /** coalesce(segments, 1) summed, whatever the status (billing rules apply when reading) */
    segments: integer('segments').notNull(),
    /** Twilio's reported prices summed (USD) */
    price: numeric('price', { precision: 16, scale: 5 }).notNull(),
    /** segments of the messages without a reported price */
    unpricedSegments: integer('unpriced_segments').notNull(),
    aiMessages: integer('ai_messages').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.day, t.phoneNumberId, t.direction, t.status, t.country] }),
    tenantPolicy('message_rollups'),
  ],
);

/** Sent and received texts per UTC quarter hour: local hours and days in any zone (all offsets are quarters). */
export const messageQuarterRollups = pgTable(
  'message_quarter_rollups',
  {
    orgId: text('org_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** outbound texts handed to Twilio (not pending, scheduled or canceled) */
    sent: integer('sent').notNull(),
    received: integer('received').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.at] }), tenantPolicy('message_quarter_rollups')],
);

/**
 * One row per wait: an inbound text of a contact whose previous conversation text (inbound, or an
 * outbound one that left and is not a bulk send) was not inbound, and the first outbound text after it.
 */
export const messageWaits = pgTable(
  'message_waits',
  {
    /** the inbound message that started the wait */
    messageId: text('message_id').primaryKey(),
    orgId: text('org_id').notNull(),
    contactId: text('contact_id').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    seconds: doublePrecision('seconds'),
    /** floor(4 · ln(max(seconds, 1))): the histogram bucket of the wait rollups */
    bucket: smallint('bucket'),
  },
  (t) => [
    index('message_waits_contact_idx').on(t.orgId, t.contactId, t.startedAt),
    index('message_waits_started_idx').on(t.orgId, t.startedAt),
    index('message_waits_answered_idx').on(t.orgId, t.answeredAt),
    // the median's second step reads one bucket of a period from the index alone
    index('message_waits_bucket_idx').on(t.orgId, t.bucket, t.startedAt, t.answeredAt, t.seconds),
    tenantPolicy('message_waits'),
  ],
);

/** Waits per UTC day started, UTC day answered ('infinity' while open) and duration bucket (-1 while open). */
export const messageWaitRollups = pgTable(
  'message_wait_rollups',
  {
    orgId: text('org_id').notNull(),
    day: timestamp('day', { withTimezone: true }).notNull(),
    answeredDay: timestamp('answered_day', { withTimezone: true }).notNull(),
    bucket: smallint('bucket').notNull(),
    waits: integer('waits').notNull(),
    /** the waits' durations summed, in microseconds (exact, unlike a sum of floats) */
    micros: bigint('micros', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.day, t.answeredDay, t.bucket] }),
    tenantPolicy('message_wait_rollups'),
  ],
);

export const templates = pgTable(
  'templates',
  {
    id: id(),
    orgId: orgId(),
    name: text('name').notNull(),
    body: text('body').notNull(),
    category: text('category'),
    usageCount: integer('usage_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('templates_org_idx').on(t.orgId, t.name), tenantPolicy('templates')],
);

export type SkippedRecipient = { contactId: string | null; e164: string | null; reason: string };

/** A bulk or scheduled send: its recipients are messages rows with this bulk_id. */
export const bulkSends = pgTable(
  'bulk_sends',
  {
    id: id(),
    orgId: orgId(),
    name: text('name').notNull(),
    body: text('body').notNull(),
    templateId: text('template_id'),
    status: text('status', { enum: ['scheduled', 'sending', 'completed', 'canceled'] }).notNull(),
    /** what the user asked for; messages may be later (pacing, quiet hours) */
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    /** the first planned send, after quiet hours */
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    shiftedByQuietHours: boolean('shifted_by_quiet_hours').notNull().default(false),
    /** a phone number id, or null for rotation across the numbers flagged for it */
    phoneNumberId: text('phone_number_id'),
    total: integer('total').notNull().default(0),
    skipped: jsonb('skipped').$type<SkippedRecipient[]>().notNull().default([]),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('bulk_sends_org_idx').on(t.orgId, t.createdAt), tenantPolicy('bulk_sends')],
);

/** Per-org texting rules; a missing row means the defaults. */
export const messagingSettings = pgTable(
  'messaging_settings',
  {
    orgId: orgId().primaryKey(),
    quietHoursEnabled: boolean('quiet_hours_enabled').notNull().default(true),
    quietStart: text('quiet_start').notNull().default('21:00'),
    quietEnd: text('quiet_end').notNull().default('08:00'),
    helpText: text('help_text'),
    aiTone: text('ai_tone', { enum: ['professional', 'friendly', 'casual'] })
      .notNull()
      .default('friendly'),
    /** what the AI should know about the business beyond its name */
    aiContext: text('ai_context'),
    aiHours: jsonb('ai_hours').$type<WeeklyHours>(),
    aiMaxPerHour: integer('ai_max_per_hour').notNull().default(3),
    updatedAt: updatedAt(),
  },
  () => [tenantPolicy('messaging_settings')],
);

/**
 * Sender pacing lives in the database so that several worker processes never exceed a number's rate:
 * planning a send takes the row lock and moves `next_at` forward by segments / rate.
 */
export const senderPacing = pgTable(
  'sender_pacing',
  {
    orgId: orgId(),
    phoneNumberId: text('phone_number_id').notNull(),
    nextAt: timestamp('next_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.phoneNumberId] }), tenantPolicy('sender_pacing')],
);

/** Paged, resumable imports of Twilio's message history and call log. */
export const syncRuns = pgTable(
  'sync_runs',
  {
    id: id(),
    orgId: orgId(),
    kind: text('kind', { enum: ['messages', 'calls'] }).notNull(),
    status: text('status', { enum: ['running', 'completed', 'failed'] }).notNull(),
    /** Twilio's next page URI: where a resumed run continues */
    cursor: text('cursor'),
    pages: integer('pages').notNull().default(0),
    imported: integer('imported').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('sync_runs_org_idx').on(t.orgId, t.kind, t.startedAt), tenantPolicy('sync_runs')],
);

/** Twilio's call log (calls not necessarily answered by the receptionist), imported by sync. */
export const twilioCalls = pgTable(
  'twilio_calls',
  {
    id: id(),
    orgId: orgId(),
    twilioSid: text('twilio_sid').notNull(),
    contactId: text('contact_id'),
    from: text('from_number').notNull(),
    to: text('to_number').notNull(),
    direction: text('direction').notNull(),
    status: text('status').notNull(),
    durationSeconds: integer('duration_seconds'),
    price: numeric('price', { precision: 12, scale: 5 }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('twilio_calls_org_sid_uq').on(t.orgId, t.twilioSid),
    index('twilio_calls_org_started_idx').on(t.orgId, t.startedAt),
    tenantPolicy('twilio_calls'),
  ],
);

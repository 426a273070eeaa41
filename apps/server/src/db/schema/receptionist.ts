import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
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

/** The people who call and text the business, one per phone number per organisation. */
export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    orgId: orgId(),
    e164: text('e164').notNull(),
    name: text('name'),
    email: text('email'),
    /** replied STOP (or similar) to this organisation: never texted again until START */
    optedOutAt: timestamp('opted_out_at', { withTimezone: true }),
    notes: text('notes'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** extra columns from a CSV import, usable as template variables ({company}, {city}...) */
    fields: jsonb('fields').$type<Record<string, string>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('contacts_org_e164_uq').on(t.orgId, t.e164), tenantPolicy('contacts')],
);

/** Every call the receptionist took, stored once per Vapi call id whatever Vapi retries. */
export const calls = pgTable(
  'calls',
  {
    id: id(),
    orgId: orgId(),
    vapiCallId: text('vapi_call_id').notNull(),
    assistantId: text('assistant_id'),
    phoneNumberId: text('phone_number_id'),
    contactId: text('contact_id'),
    status: text('status').notNull().default('in-progress'),
    callerNumber: text('caller_number'),
    callerName: text('caller_name'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    durationSeconds: integer('duration_seconds'),
    transcript: text('transcript'),
    messages: jsonb('messages').$type<{ role: string; message: string; time?: number }[]>(),
    summary: text('summary'),
    recordingUrl: text('recording_url'),
    /** USD, as Vapi reports it */
    cost: text('cost'),
    costBreakdown: jsonb('cost_breakdown'),
    endedReason: text('ended_reason'),
    successEvaluation: text('success_evaluation'),
    structuredData: jsonb('structured_data'),
    toolCalls:
      jsonb('tool_calls').$type<{ id: string; name: string; arguments: unknown; result: unknown }[]>(),
    ownerNotifiedAt: timestamp('owner_notified_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('calls_vapi_call_uq').on(t.vapiCallId),
    // The calls list's order, and the dashboard's count of calls by when they happened: started_at or
    // (never started) created_at, written on the columns; row-level security keeps the planner from an
    // index over coalesce() (ADR 26; migration 0012's was dropped in 0016).
    index('calls_org_started_idx').on(t.orgId, t.startedAt),
    // The calls search (ILIKE '%term%' on each column; pg_trgm and calls_matching, through which a
    // request reaches these indexes despite row-level security, in migration 0013). One index per column
    // rather than one over the columns joined: as fast to search (0.5–0.8 ms for a rare term or none over
    // 100,000 calls) and to write, the planner keeps each column's statistics (over the expression it had
    // none until an ANALYZE, and took a term in a third of the calls for a rare one: 1 s), and no term
    // matches across two columns. GIN's fast update is off (migration 0017): with it, a write appends its
    // entries to a pending list and whichever write overflows the list merges it, 60–100 ms, and that
    // can be a tool call's INSERT of a new call (its null transcript is an entry too) while a caller
    // waits: in a receptionist benchmark run no tool-call rate kept p99 ≤ 10 ms (150 req/s without the
    // indexes, and with them with fast update off). Off, each write pays for its own entries, which for a
    // transcript (+3–4 ms p50) is the end-of-call job's, in the background.
    ...[t.callerNumber, t.callerName, t.summary, t.transcript].map((col) =>
      index(`calls_${col.name}_trgm_idx`).using('gin', col.op('gin_trgm_ops')).with({ fastupdate: false }),
    ),
    tenantPolicy('calls'),
  ],
);

/**
 * Vapi call costs per UTC day and number ('' for none), for the 12-month costs (ADR 0026): kept exact by
 * statement-level triggers on `calls` (migration 0015), in the writer's transaction. Calls count on
 * coalesce(started_at, created_at) and only once they have a cost. No foreign key, like the message
 * rollups (ADR 0018): a cascade could delete the rows before the calls whose removal the triggers
 * subtract; rows whose count reaches zero are deleted.
 */
export const callCostRollups = pgTable(
  'call_cost_rollups',
  {
    orgId: text('org_id').notNull(),
    /** the UTC midnight starting the day */
    day: timestamp('day', { withTimezone: true }).notNull(),
    phoneNumberId: text('phone_number_id').notNull(),
    /** calls with a cost (any text, numeric or not) */
    calls: integer('calls').notNull(),
    /** their costs as the costs page reads them (call_cost_amount), summed exactly (USD) */
    cost: numeric('cost').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day, t.phoneNumberId] }), tenantPolicy('call_cost_rollups')],
);

/**
 * Calls per quarter hour (from 2000-01-01 UTC) and what became of them, for the home dashboard: kept exact
 * by statement-level triggers on `calls` (migration 0019, ADR 0027) like the cost rollup. A quarter is the
 * unit every time zone's midnight falls on, so calls per local day read whole quarters; a call counts on
 * coalesce(started_at, created_at). No foreign key (ADR 0018); rows whose count reaches zero are deleted.
 */
export const callRollups = pgTable(
  'call_rollups',
  {
    orgId: text('org_id').notNull(),
    /** the start of the quarter hour */
    at: timestamp('at', { withTimezone: true }).notNull(),
    calls: integer('calls').notNull(),
    /** calls that lasted (duration over 0 s) */
    answered: integer('answered').notNull(),
    /** calls Vapi's analysis evaluated */
    evaluated: integer('evaluated').notNull(),
    /** of them, evaluated a success (call_successful) */
    successful: integer('successful').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.at] }), tenantPolicy('call_rollups')],
);

/** Per-organisation booking rules; its row is also the lock that serialises bookings of one org. */
export const bookingSettings = pgTable(
  'booking_settings',
  {
    orgId: text('org_id')
      .primaryKey()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** [{ day: 0-6 (Sunday = 0), open: 'HH:MM', close: 'HH:MM' }] in the org's time zone */
    businessHours: jsonb('business_hours').$type<{ day: number; open: string; close: string }[]>().notNull(),
    slotMinutes: integer('slot_minutes').notNull().default(30),
    /** the secret in the ICS feed URL; rotating it revokes old subscriptions */
    icsToken: text('ics_token').notNull(),
    bookingEnabled: boolean('booking_enabled').notNull().default(true),
    updatedAt: updatedAt(),
  },
  () => [tenantPolicy('booking_settings')],
);

export const services = pgTable(
  'services',
  {
    id: id(),
    orgId: orgId(),
    name: text('name').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('services_org_idx').on(t.orgId), tenantPolicy('services')],
);

export const appointments = pgTable(
  'appointments',
  {
    id: id(),
    orgId: orgId(),
    serviceId: text('service_id'),
    contactId: text('contact_id'),
    callId: text('call_id'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: ['booked', 'cancelled'] })
      .notNull()
      .default('booked'),
    source: text('source', { enum: ['call', 'manual'] }).notNull(),
    customerName: text('customer_name'),
    customerPhone: text('customer_phone'),
    notes: text('notes'),
    /** the assistant's tool call that booked it: a retried tool call books nothing twice */
    toolCallId: text('tool_call_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('appointments_org_starts_idx').on(t.orgId, t.startsAt),
    // "booked" on a call (calls list and its filter) looks its appointments up by call.
    index('appointments_call_idx').on(t.callId),
    uniqueIndex('appointments_tool_call_uq')
      .on(t.orgId, t.toolCallId)
      .where(sql`tool_call_id IS NOT NULL`),
    // Two bookings cannot start at the same time; overlaps are refused under the org's lock.
    uniqueIndex('appointments_slot_uq')
      .on(t.orgId, t.startsAt)
      .where(sql`status = 'booked'`),
    tenantPolicy('appointments'),
  ],
);

import type { ImportIssue } from '@ava/contracts';
import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
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

/** One Twilio account and one Vapi key per organisation; secrets sealed with lib/secrets. */
export const providerCredentials = pgTable(
  'provider_credentials',
  {
    id: id(),
    orgId: orgId(),
    provider: text('provider', { enum: ['twilio', 'vapi'] }).notNull(),
    /** Twilio Account SID; null for Vapi */
    accountId: text('account_id'),
    secretEncrypted: text('secret_encrypted').notNull(),
    secretLast4: text('secret_last4').notNull(),
    /** Vapi public key (for browser calls): not a secret */
    publicKey: text('public_key'),
    sandbox: boolean('sandbox').notNull().default(false),
    accountName: text('account_name'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    /** last number sync with this account: when, and what it found or why it failed */
    lastSyncAt: timestamp('last_sync_at', { withTimezone: true }),
    lastSyncResult: jsonb('last_sync_result'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('provider_credentials_org_provider_uq').on(t.orgId, t.provider),
    // A Twilio account belongs to one organisation: webhooks are routed by AccountSid.
    uniqueIndex('provider_credentials_twilio_account_uq')
      .on(t.accountId)
      .where(sql`provider = 'twilio'`),
    tenantPolicy('provider_credentials'),
  ],
);

/** The per-organisation secret Vapi sends back in X-Vapi-Secret on every server message. */
export const orgSecrets = pgTable(
  'org_secrets',
  {
    orgId: text('org_id')
      .primaryKey()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    vapiWebhookSecretEncrypted: text('vapi_webhook_secret_encrypted').notNull(),
    createdAt: createdAt(),
  },
  () => [tenantPolicy('org_secrets')],
);

/**
 * Every verified provider event, stored before it is acknowledged. The unique key makes a provider's
 * retry a no-op; processed_at stays null until a handler has done its work. The table is also the queue
 * of work those events cause: processors claim pending rows with SKIP LOCKED (ADR 20).
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: id(),
    orgId: orgId(),
    provider: text('provider', { enum: ['twilio', 'vapi'] }).notNull(),
    kind: text('kind').notNull(),
    eventKey: text('event_key').notNull(),
    payload: jsonb('payload').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** not processed before this time (a failed attempt backs off) */
    availableAt: timestamp('available_at', { withTimezone: true }).notNull().defaultNow(),
    /** a processor took it at this time; a claim older than a minute belonged to a process that died */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('webhook_events_provider_key_uq').on(t.provider, t.eventKey),
    index('webhook_events_pending_idx')
      .on(t.availableAt)
      .where(sql`processed_at IS NULL`),
    tenantPolicy('webhook_events'),
  ],
);

/** day: 0 = Sunday … 6 = Saturday; times are HH:MM in the org's time zone */
export type BusinessHours = { day: number; open: string; close: string }[];
export type Capabilities = { voice: boolean; sms: boolean; mms: boolean };

/** A phone number of the org: bought in-app, synced from its Twilio account, or a free Vapi number. */
export const phoneNumbers = pgTable(
  'phone_numbers',
  {
    id: id(),
    orgId: orgId(),
    /** E.164; unique across organisations: a number belongs to one org */
    e164: text('e164').notNull(),
    source: text('source', { enum: ['twilio', 'vapi'] }).notNull(),
    twilioSid: text('twilio_sid'),
    vapiPhoneNumberId: text('vapi_phone_number_id'),
    label: text('label'),
    country: text('country'),
    locality: text('locality'),
    region: text('region'),
    capabilities: jsonb('capabilities').$type<Capabilities>().notNull(),
    monthlyPrice: text('monthly_price'),
    smsUrl: text('sms_url'),
    voiceUrl: text('voice_url'),
    statusCallback: text('status_callback'),
    rotation: boolean('rotation').notNull().default(false),
    aiReplies: boolean('ai_replies').notNull().default(false),
    /** SMS segments per second this sender may send; null = Twilio's default for its type (long code 1/s) */
    smsRate: numeric('sms_rate', { precision: 6, scale: 2 }),
    businessHours: jsonb('business_hours').$type<BusinessHours>(),
    fallbackNumber: text('fallback_number'),
    voicemail: boolean('voicemail').notNull().default(true),
    assistantId: text('assistant_id'),
    importStatus: text('import_status', { enum: ['none', 'pending', 'imported', 'failed'] })
      .notNull()
      .default('none'),
    importIssue: jsonb('import_issue').$type<ImportIssue>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('phone_numbers_e164_uq').on(t.e164),
    index('phone_numbers_org_idx').on(t.orgId),
    tenantPolicy('phone_numbers'),
  ],
);

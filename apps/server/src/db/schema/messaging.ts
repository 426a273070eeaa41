import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { organizations } from './auth.ts';
import { createdAt, id, tenantPolicy, updatedAt } from './common.ts';

/** Every SMS in and out of the org's numbers; one row per Twilio message SID. */
export const messages = pgTable(
  'messages',
  {
    id: id(),
    orgId: text('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    contactId: text('contact_id'),
    phoneNumberId: text('phone_number_id'),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
    from: text('from_number').notNull(),
    to: text('to_number').notNull(),
    body: text('body').notNull(),
    twilioSid: text('twilio_sid'),
    /** queued → sending → sent → delivered / undelivered / failed; received for inbound */
    status: text('status').notNull(),
    errorCode: integer('error_code'),
    errorReason: text('error_reason'),
    segments: integer('segments'),
    price: text('price'),
    ai: boolean('ai').notNull().default(false),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('messages_twilio_sid_uq')
      .on(t.twilioSid)
      .where(sql`twilio_sid IS NOT NULL`),
    index('messages_org_contact_idx').on(t.orgId, t.contactId, t.createdAt),
    tenantPolicy('messages'),
  ],
);

import { z } from 'zod';
import { countSegments, type SmsEncoding } from './sms-segments.ts';

// ---- templates' variables (shared by the composer, templates, bulk and the server) ---------------

const VARIABLE = /\{([a-z][a-z0-9_]*)\}/gi;

/** The `{variable}` names a text uses, in order of first appearance. */
export function templateVariables(body: string): string[] {
  return [...new Set([...body.matchAll(VARIABLE)].map((m) => m[1]!.toLowerCase()))];
}

/** Fills `{variables}`; unknown ones are left as written and reported so the user can fix them. */
export function renderTemplate(body: string, vars: Record<string, string | null | undefined>) {
  const unknown = new Set<string>();
  const text = body.replace(VARIABLE, (whole, name: string) => {
    const key = name.toLowerCase();
    if (!(key in vars)) {
      unknown.add(key);
      return whole;
    }
    return vars[key] ?? '';
  });
  return { text, unknown: [...unknown] };
}

export type VariableSource = {
  name: string | null;
  e164: string;
  email?: string | null;
  fields?: Record<string, string> | null;
};

/** The variables a contact offers: name parts, phone, email, the business, and any imported fields. */
export function contactVariables(contact: VariableSource, business: string): Record<string, string> {
  const [first = '', ...rest] = (contact.name ?? '').trim().split(/\s+/);
  const fields = Object.fromEntries(
    Object.entries(contact.fields ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
  );
  return {
    ...fields,
    first_name: first,
    last_name: rest.join(' '),
    name: contact.name ?? '',
    phone: contact.e164,
    email: contact.email ?? '',
    business,
  };
}

/** Variables every contact has; others come from a contact's imported fields. */
export const standardVariables = ['first_name', 'last_name', 'name', 'phone', 'email', 'business'] as const;

// ---- cost -------------------------------------------------------------------------------------

/**
 * Outbound SMS list prices per segment in USD, by destination country, used to estimate a send before
 * Twilio reports the real price. Twilio's pricing pages as of the date below; update both together.
 */
export const smsPriceTable = {
  asOf: '2026-10-01',
  currency: 'USD',
  perSegment: { US: 0.0083, CA: 0.0083, FR: 0.0858, IL: 0.265, GB: 0.0524 } as Record<string, number>,
  /** countries not in the table: a conservative figure so estimates never look cheaper than reality */
  fallback: 0.1,
};

export function smsSegmentPrice(country: string | null | undefined): number {
  return (country && smsPriceTable.perSegment[country]) || smsPriceTable.fallback;
}

export type SmsEstimate = {
  encoding: SmsEncoding;
  segments: number;
  units: number;
  /** UCS-2 (Hebrew, emoji, ...) more than halves the characters per segment: the composer warns */
  unicode: boolean;
  costUsd: number;
};

export function estimateSms(body: string, country?: string | null): SmsEstimate {
  const info = countSegments(body);
  return {
    ...info,
    unicode: info.encoding === 'UCS-2',
    costUsd: Math.round(info.segments * smsSegmentPrice(country) * 1e5) / 1e5,
  };
}

// ---- API shapes -------------------------------------------------------------------------------

export const messageStatuses = [
  'pending',
  'canceled',
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'received',
] as const;

const bodySchema = z
  .string()
  .trim()
  .min(1, { message: 'validation.required' })
  .max(1600, { message: 'validation.smsTooLong' });

const instant = z.iso.datetime({ offset: true, message: 'validation.datetime' });

/** Send from a thread, to a contact or to a raw number; `phoneNumberId: 'rotation'` spreads the load. */
export const sendMessageBodySchema = z
  .object({
    conversationId: z.string().max(64).optional(),
    contactId: z.string().max(64).optional(),
    to: z.string().max(32).optional(),
    body: bodySchema,
    phoneNumberId: z.string().max(64).optional(),
    /** later: a scheduled single message */
    sendAt: instant.optional(),
    templateId: z.string().max(64).optional(),
    /** a retry of the same submission sends nothing new */
    idempotencyKey: z.string().min(8).max(100),
  })
  .refine((v) => [v.conversationId, v.contactId, v.to].filter(Boolean).length === 1, {
    message: 'validation.oneRecipient',
    path: ['to'],
  });
export type SendMessageBody = z.input<typeof sendMessageBodySchema>;

export const messageSchema = z.object({
  id: z.string(),
  conversationId: z.string().nullable(),
  contactId: z.string().nullable(),
  direction: z.enum(['inbound', 'outbound']),
  from: z.string(),
  to: z.string(),
  body: z.string(),
  mediaUrls: z.array(z.string()),
  status: z.string(),
  errorCode: z.number().nullable(),
  /** the plain-language reason code (translated by the web app) */
  errorReason: z.string().nullable(),
  segments: z.number().nullable(),
  price: z.number().nullable(),
  ai: z.boolean(),
  source: z.string(),
  phoneNumberId: z.string().nullable(),
  sendAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Message = z.infer<typeof messageSchema>;

export const conversationSchema = z.object({
  id: z.string(),
  contact: z.object({
    id: z.string(),
    e164: z.string(),
    name: z.string().nullable(),
    optedOut: z.boolean(),
  }),
  phoneNumberId: z.string().nullable(),
  lastMessageAt: z.string(),
  lastPreview: z.string(),
  lastDirection: z.enum(['inbound', 'outbound']).nullable(),
  unreadCount: z.number(),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const conversationsQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  unread: z.coerce.boolean().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  /** `lastMessageAt` of the last row of the previous page */
  before: instant.optional(),
});
export const conversationsPageSchema = z.object({
  conversations: z.array(conversationSchema),
  unreadTotal: z.number(),
  hasMore: z.boolean(),
});

export const threadSchema = z.object({
  conversation: conversationSchema,
  messages: z.array(messageSchema),
});

export const updateConversationBodySchema = z
  .object({ phoneNumberId: z.string().max(64), read: z.literal(true) })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'validation.emptyUpdate' });

// ---- bulk and scheduled -----------------------------------------------------------------------

export const recipientSelectionSchema = z
  .object({
    contactIds: z.array(z.string().max(64)).max(100_000).optional(),
    tags: z.array(z.string().trim().min(1).max(40)).max(50).optional(),
    /** text filter over name and number, as on the Contacts page */
    q: z.string().trim().max(100).optional(),
    /** raw numbers typed or pasted by the user */
    numbers: z.array(z.string().max(32)).max(10_000).optional(),
  })
  .refine((v) => Boolean(v.contactIds?.length || v.tags?.length || v.q || v.numbers?.length), {
    message: 'validation.noRecipients',
  });

export const bulkBodySchema = z.object({
  name: z.string().trim().min(1, { message: 'validation.required' }).max(120),
  body: bodySchema,
  templateId: z.string().max(64).optional(),
  recipients: recipientSelectionSchema,
  /** one sender, or rotation across the numbers flagged for it when omitted */
  phoneNumberId: z.string().max(64).optional(),
  sendAt: instant.optional(),
});
export type BulkBody = z.input<typeof bulkBodySchema>;

export const skipReasons = ['optedOut', 'invalidNumber', 'duplicate', 'unknownContact'] as const;

export const bulkPreviewSchema = z.object({
  recipients: z.number(),
  skipped: z.array(
    z.object({ contactId: z.string().nullable(), e164: z.string().nullable(), reason: z.enum(skipReasons) }),
  ),
  segments: z.number(),
  costUsd: z.number(),
  encoding: z.enum(['GSM-7', 'UCS-2']),
  unknownVariables: z.array(z.string()),
  /** the first recipients' rendered texts */
  samples: z.array(z.object({ to: z.string(), name: z.string().nullable(), text: z.string() })),
  startsAt: z.string(),
  shiftedByQuietHours: z.boolean(),
  /** when the last message is planned to leave, given the senders' rates */
  finishesAt: z.string(),
  senders: z.number(),
});
export type BulkPreview = z.infer<typeof bulkPreviewSchema>;

export const bulkSendSchema = z.object({
  id: z.string(),
  name: z.string(),
  body: z.string(),
  status: z.enum(['scheduled', 'sending', 'completed', 'canceled']),
  requestedAt: z.string(),
  startsAt: z.string(),
  shiftedByQuietHours: z.boolean(),
  phoneNumberId: z.string().nullable(),
  total: z.number(),
  skipped: bulkPreviewSchema.shape.skipped,
  /** per status: pending, sent, delivered, failed, ... */
  counts: z.record(z.string(), z.number()),
  createdAt: z.string(),
});
export type BulkSend = z.infer<typeof bulkSendSchema>;

export const updateBulkBodySchema = z
  .object({ name: z.string().trim().min(1).max(120), body: bodySchema, sendAt: instant })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'validation.emptyUpdate' });

// ---- settings ---------------------------------------------------------------------------------

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'validation.time' });

export const messagingSettingsSchema = z.object({
  quietHoursEnabled: z.boolean(),
  quietStart: hhmm,
  quietEnd: hhmm,
  helpText: z.string().trim().max(320).nullable(),
  aiTone: z.enum(['professional', 'friendly', 'casual']),
  aiContext: z.string().trim().max(2000).nullable(),
  aiHours: z
    .array(z.object({ day: z.number().int().min(0).max(6), open: hhmm, close: hhmm }))
    .max(21)
    .nullable(),
  aiMaxPerHour: z.number().int().min(1).max(20),
  timezone: z.string(),
});
export type MessagingSettings = z.infer<typeof messagingSettingsSchema>;
export const updateMessagingSettingsBodySchema = messagingSettingsSchema
  .omit({ timezone: true })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'validation.emptyUpdate' });

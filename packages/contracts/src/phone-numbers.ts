import { z } from 'zod';
import { countrySchema } from './orgs.ts';
import { toE164 } from './phone.ts';
import { importIssueSchema } from './imports.ts';

export const capabilitiesSchema = z.object({ voice: z.boolean(), sms: z.boolean(), mms: z.boolean() });

const boolQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const searchNumbersQuerySchema = z.object({
  country: countrySchema,
  areaCode: z
    .string()
    .regex(/^\d{3}$/, { message: 'validation.areaCode' })
    .optional(),
  contains: z
    .string()
    .regex(/^[0-9*]{1,10}$/, { message: 'validation.contains' })
    .optional(),
  type: z.enum(['local', 'mobile', 'tollFree']).optional(),
  sms: boolQuery,
  voice: boolQuery,
});
export type SearchNumbersQuery = z.input<typeof searchNumbersQuerySchema>;

export const availableNumberSchema = z.object({
  phoneNumber: z.string(),
  locality: z.string().nullable(),
  region: z.string().nullable(),
  country: z.string(),
  capabilities: capabilitiesSchema,
  monthlyPrice: z.number().nullable(),
});
export type AvailableNumber = z.infer<typeof availableNumberSchema>;

const e164Schema = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const e164 = toE164(v);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: 'validation.phone' });
      return z.NEVER;
    }
    return e164;
  });

export const buyNumberBodySchema = z.object({
  phoneNumber: e164Schema,
  label: z.string().trim().max(60).optional(),
});
export const freeVapiNumberBodySchema = z.object({
  areaCode: z.string().regex(/^\d{3}$/, { message: 'validation.areaCode' }),
  label: z.string().trim().max(60).optional(),
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'validation.time' });
export const businessHoursSchema = z
  .array(z.object({ day: z.number().int().min(0).max(6), open: hhmm, close: hhmm }))
  .max(21)
  .refine((ranges) => ranges.every((r) => r.open < r.close), { message: 'validation.hoursOrder' });

export const phoneNumberSchema = z.object({
  id: z.string(),
  e164: z.string(),
  source: z.enum(['twilio', 'vapi']),
  label: z.string().nullable(),
  country: z.string().nullable(),
  locality: z.string().nullable(),
  region: z.string().nullable(),
  capabilities: capabilitiesSchema,
  monthlyPrice: z.string().nullable(),
  rotation: z.boolean(),
  aiReplies: z.boolean(),
  /** SMS segments per second this number may send (null: Twilio's default for its type) */
  smsRate: z.number().nullable(),
  businessHours: businessHoursSchema.nullable(),
  fallbackNumber: z.string().nullable(),
  voicemail: z.boolean(),
  assistantId: z.string().nullable(),
  /** where the number's webhooks point: AVA, somewhere else, or nowhere */
  wiring: z.object({
    sms: z.enum(['ava', 'other', 'none']),
    status: z.enum(['ava', 'other', 'none']),
    voice: z.enum(['vapi', 'other', 'none']),
  }),
  importStatus: z.enum(['none', 'pending', 'imported', 'failed']),
  importIssue: importIssueSchema.nullable(),
  createdAt: z.string(),
});
export type PhoneNumber = z.infer<typeof phoneNumberSchema>;

export const syncResultSchema = z.object({
  ok: z.boolean(),
  at: z.string(),
  added: z.number(),
  updated: z.number(),
  removed: z.number(),
  /** numbers of the Twilio account that another organisation already has */
  skipped: z.array(z.string()),
  reason: z.string().optional(),
  message: z.string().optional(),
});
export type SyncResult = z.infer<typeof syncResultSchema>;

export const phoneNumbersListSchema = z.object({
  numbers: z.array(phoneNumberSchema),
  lastSync: syncResultSchema.nullable(),
});

export const updatePhoneNumberBodySchema = z
  .object({
    label: z.string().trim().max(60).nullable(),
    rotation: z.boolean(),
    aiReplies: z.boolean(),
    smsRate: z
      .number()
      .min(0.1, { message: 'validation.smsRate' })
      .max(100, { message: 'validation.smsRate' })
      .nullable(),
    businessHours: businessHoursSchema.nullable(),
    fallbackNumber: e164Schema.nullable(),
    voicemail: z.boolean(),
    assistantId: z.string().max(100).nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'validation.emptyUpdate' });

export const numberParamsSchema = z.object({
  orgId: z.string().min(1).max(64),
  numberId: z.string().min(1).max(64),
});

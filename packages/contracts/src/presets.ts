import { z } from 'zod';
import { industries, tones, voiceSchema } from './assistants.ts';
import { localeSchema } from './auth.ts';

/** What a preset switches on; the prompt is written from these. */
export const presetRulesSchema = z.object({
  /** the receptionist books, moves and cancels appointments with the booking tools */
  booking: z.boolean(),
  /** urgent calls are recognised and handled (emergency number, urgent message) */
  urgencyDetection: z.boolean(),
  noMedicalAdvice: z.boolean(),
  noLegalAdvice: z.boolean(),
});
export type PresetRules = z.infer<typeof presetRulesSchema>;

/** `GET /api/v1/presets`: the starting receptionist for an industry, in a language, for a business. */
export const presetQuerySchema = z.object({
  industry: z.enum(industries),
  language: localeSchema,
  /** the business's name; a neutral "our practice"-like phrase when empty */
  business: z.string().trim().max(80).optional(),
  tone: z.enum(tones).default('warm'),
});
export type PresetQuery = z.input<typeof presetQuerySchema>;

/** A preset: ready to be customised and sent as an assistant body (same field names). */
export const presetSchema = z.object({
  industry: z.enum(industries),
  language: localeSchema,
  tone: z.enum(tones),
  name: z.string(),
  firstMessage: z.string(),
  systemPrompt: z.string(),
  voice: voiceSchema,
  rules: presetRulesSchema,
});
export type Preset = z.infer<typeof presetSchema>;

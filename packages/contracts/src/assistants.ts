import { z } from 'zod';
import { localeSchema } from './auth.ts';

export const tones = ['professional', 'warm', 'dynamic'] as const;
export const industries = [
  'health',
  'beauty',
  'legal',
  'consulting',
  'retail',
  'real-estate',
  'other',
] as const;

export const voiceSchema = z.object({
  provider: z.string().min(1).max(40),
  voiceId: z.string().min(1).max(100),
});

export const assistantBodySchema = z.object({
  name: z.string().trim().min(1, { message: 'validation.required' }).max(60),
  firstMessage: z.string().trim().min(1, { message: 'validation.required' }).max(500),
  systemPrompt: z.string().trim().min(1, { message: 'validation.required' }).max(8000),
  voice: voiceSchema.default({ provider: 'azure', voiceId: 'en-US-JennyNeural' }),
  language: localeSchema.default('en'),
  tone: z.enum(tones).default('warm'),
  industry: z.enum(industries).default('other'),
});
export type AssistantBody = z.input<typeof assistantBodySchema>;
export const updateAssistantBodySchema = assistantBodySchema.partial();

export const assistantSchema = z.object({
  id: z.string(),
  name: z.string(),
  firstMessage: z.string(),
  systemPrompt: z.string(),
  voice: voiceSchema,
  language: localeSchema,
  tone: z.enum(tones),
  industry: z.enum(industries),
  /** the assistant's id at Vapi; null until it has been created there */
  vapiAssistantId: z.string().nullable(),
  /** null when in sync; otherwise why the last push to Vapi failed */
  syncIssue: z.object({ reason: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Assistant = z.infer<typeof assistantSchema>;
export const assistantParamsSchema = z.object({
  orgId: z.string().min(1).max(64),
  assistantId: z.string().min(1).max(64),
});

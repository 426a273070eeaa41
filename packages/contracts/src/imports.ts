import { z } from 'zod';

/**
 * What is missing before a number can be answered by the receptionist. Each step has a stable code (the
 * web translates `guidance.<code>`) and the in-app page that fixes it.
 */
export const guidanceCodes = [
  'twilio.credentialsMissing',
  'vapi.keyMissing',
  'vapi.keyInvalid',
  'assistant.missing',
  'number.notInTwilioAccount',
  'number.notVoiceCapable',
] as const;
export const guidanceStepSchema = z.object({ code: z.enum(guidanceCodes), link: z.string() });
export type GuidanceStep = z.infer<typeof guidanceStepSchema>;

export const importIssueSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('guidance'), steps: z.array(guidanceStepSchema) }),
  z.object({ kind: z.literal('error'), reason: z.string(), message: z.string(), retryable: z.boolean() }),
  /** imported, but the assistant's server URL could not be re-asserted yet (a job retries) */
  z.object({ kind: z.literal('warning'), reason: z.string(), message: z.string() }),
]);
export type ImportIssue = z.infer<typeof importIssueSchema>;

export const importBodySchema = z.object({ assistantId: z.string().min(1).max(64).optional() });

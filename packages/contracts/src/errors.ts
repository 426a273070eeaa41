import { z } from 'zod';

/**
 * Every error AVA returns has one of these codes. The web app translates by code, so the server's
 * English `message` is for API users and logs, never shown verbatim to a French or Hebrew speaker.
 */
export const errorCodes = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'UNPROCESSABLE',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'INVALID_CREDENTIALS',
  'EMAIL_NOT_VERIFIED',
  'EMAIL_TAKEN',
  'PHONE_TAKEN',
  'INVALID_CODE',
  'INVITATION_INVALID',
  'LAST_OWNER',
  'OPTED_OUT',
  'NO_SENDER',
  'PROVIDER_ERROR',
  'PROVIDER_UNAVAILABLE',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const errorIssueSchema = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
});
export type ErrorIssue = z.infer<typeof errorIssueSchema>;

export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

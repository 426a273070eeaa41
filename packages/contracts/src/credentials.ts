import { z } from 'zod';

export const providers = ['twilio', 'vapi'] as const;
export const providerParamsSchema = z.object({
  orgId: z.string().min(1).max(64),
  provider: z.enum(providers),
});

export const twilioCredentialsBodySchema = z.object({
  accountSid: z
    .string()
    .trim()
    .regex(/^AC[0-9a-fA-F]{32}$/, { message: 'validation.accountSid' }),
  authToken: z
    .string()
    .trim()
    .regex(/^[0-9a-zA-Z]{32}$/, { message: 'validation.authToken' }),
});
export type TwilioCredentialsBody = z.input<typeof twilioCredentialsBodySchema>;

export const vapiCredentialsBodySchema = z.object({
  privateKey: z.string().trim().min(8, { message: 'validation.apiKey' }).max(200),
  publicKey: z.string().trim().max(200).optional(),
});
export type VapiCredentialsBody = z.input<typeof vapiCredentialsBodySchema>;

/** What a provider said when AVA checked the credentials, in words the web can translate by `reason`. */
export const verificationSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), accountName: z.string(), checkedAt: z.string() }),
  z.object({
    ok: z.literal(false),
    reason: z.string(),
    message: z.string(),
    retryable: z.boolean(),
    checkedAt: z.string(),
  }),
]);
export type Verification = z.infer<typeof verificationSchema>;

export const credentialStatusSchema = z.object({
  provider: z.enum(providers),
  /** Twilio Account SID (not a secret); null for Vapi */
  accountId: z.string().nullable(),
  /** last four characters of the secret, e.g. "••••3f2a" */
  secretMask: z.string(),
  publicKey: z.string().nullable(),
  sandbox: z.boolean(),
  accountName: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type CredentialStatus = z.infer<typeof credentialStatusSchema>;

export const credentialsOverviewSchema = z.object({
  twilio: credentialStatusSchema.nullable(),
  vapi: credentialStatusSchema.nullable(),
  /** sandbox credentials can be created in one click */
  sandboxAvailable: z.boolean(),
});
export type CredentialsOverview = z.infer<typeof credentialsOverviewSchema>;

export const saveCredentialsResponseSchema = z.object({
  credentials: credentialStatusSchema,
  verification: verificationSchema,
});

export const deleteCredentialsResponseSchema = z.object({
  deleted: z.boolean(),
  /** i18n keys of what stops working, e.g. 'credentials.consequence.sms' */
  consequences: z.array(z.string()),
});

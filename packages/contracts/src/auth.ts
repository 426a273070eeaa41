import { z } from 'zod';
import { toE164, detectIdentifier } from './phone.ts';

export const locales = ['en', 'fr', 'he'] as const;
export type Locale = (typeof locales)[number];
export const localeSchema = z.enum(locales);

// Messages are i18n keys: the web translates them; the API returns them in `details`.
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'validation.email' }).max(254, { message: 'validation.email' }));
export const passwordSchema = z
  .string()
  .min(8, { message: 'validation.passwordTooShort' })
  .max(128, { message: 'validation.passwordTooLong' });
export const phoneSchema = z
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
/** An optional phone field in a form: an empty string means "no phone". */
export const optionalPhoneSchema = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const e164 = toE164(v);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: 'validation.phone' });
      return z.NEVER;
    }
    return e164;
  });
export const nameSchema = z.string().trim().min(1, { message: 'validation.required' }).max(100);

export const signUpBodySchema = z
  .object({
    name: nameSchema,
    email: emailSchema,
    phoneNumber: optionalPhoneSchema,
    password: passwordSchema,
    passwordConfirmation: z.string(),
    acceptTerms: z.literal(true, { message: 'validation.acceptTerms' }),
    newsletter: z.boolean().default(false),
    locale: localeSchema.default('en'),
  })
  .refine((v) => v.password === v.passwordConfirmation, {
    path: ['passwordConfirmation'],
    message: 'validation.passwordMismatch',
  });
export type SignUpBody = z.input<typeof signUpBodySchema>;

export const identifierSchema = z
  .string()
  .trim()
  .min(1, { message: 'validation.required' })
  .refine((v) => detectIdentifier(v) !== null, { message: 'validation.identifier' });

export const logInBodySchema = z.object({
  identifier: identifierSchema,
  password: z.string().min(1, { message: 'validation.required' }).max(128),
  rememberMe: z.boolean().default(true),
});
export type LogInBody = z.input<typeof logInBodySchema>;

export const logInResponseSchema = z.object({
  twoFactorRequired: z.boolean(),
});

export const authConfigSchema = z.object({
  google: z.boolean(),
  microsoft: z.boolean(),
  /** true when mail and SMS codes land in the local outbox instead of leaving the machine */
  outbox: z.boolean(),
});
export type AuthConfig = z.infer<typeof authConfigSchema>;

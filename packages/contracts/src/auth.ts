import { z } from 'zod';
import { emailSchema, localeSchema, nameSchema } from './account.ts';
import { toE164, detectIdentifier } from './phone.ts';

export * from './account.ts';

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

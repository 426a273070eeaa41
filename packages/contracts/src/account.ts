import { z } from 'zod';

// What every page of the web app needs at start (the profile in `/me`, the sign-in options), kept apart
// from the sign-up and sign-in forms in auth.ts: those bring phone-number parsing and its metadata,
// which the web loads only with those forms.
export const locales = ['en', 'fr', 'he'] as const;
export type Locale = (typeof locales)[number];
export const localeSchema = z.enum(locales);

// Messages are i18n keys: the web translates them; the API returns them in `details`.
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'validation.email' }).max(254, { message: 'validation.email' }));
export const nameSchema = z.string().trim().min(1, { message: 'validation.required' }).max(100);

export const authConfigSchema = z.object({
  google: z.boolean(),
  microsoft: z.boolean(),
  /** true when mail and SMS codes land in the local outbox instead of leaving the machine */
  outbox: z.boolean(),
});
export type AuthConfig = z.infer<typeof authConfigSchema>;

import type { TFunction } from 'i18next';
import { ApiError } from './api-client';

/** The translated sentence for any error thrown by apiFetch (or anything else). */
export function translateError(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('errors.network');
    return t(`errors.${error.code}`);
  }
  return t('errors.INTERNAL');
}

/**
 * A field error message from zod or the server: an i18n key ("validation.email"), else a generic
 * sentence for zod's own issue code (too_small, invalid_type…).
 */
export function translateFieldError(
  t: TFunction,
  i18nExists: (key: string) => boolean,
  error: { type?: string | number; message?: string } | undefined,
): string | undefined {
  if (!error) return undefined;
  const { message, type } = error;
  if (message && /^(validation|errors)\.[\w.]+$/.test(message) && i18nExists(message)) return t(message);
  if (typeof type === 'string' && i18nExists(`validation.codes.${type}`))
    return t(`validation.codes.${type}`);
  return t('validation.invalid');
}

import type { TFunction } from 'i18next';
import i18next from 'i18next';
import { ApiError } from './api-client';

/**
 * A provider's reason (`provider.twilio.invalidCredentials`…) in the user's language. Unknown reasons
 * fall back to a translated lead-in followed by the server's plain-English sentence, never the bare text.
 */
export function translateProviderReason(
  t: TFunction,
  reason: string | undefined,
  message?: string,
  retryable?: boolean,
): string {
  if (reason && /^provider\.[\w.]+$/.test(reason) && i18next.exists(reason)) return t(reason);
  const lead = retryable ? t('provider.fallbackUnavailable') : t('provider.fallback');
  return message ? `${lead} ${t('provider.providerSaid', { message })}` : lead;
}

/** The translated sentence for any error thrown by apiFetch (or anything else). */
export function translateError(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('errors.network');
    if (error.provider)
      return translateProviderReason(t, error.provider.reason, error.message, error.provider.retryable);
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

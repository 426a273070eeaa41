import type { i18n as I18n, TFunction } from 'i18next';
import { isApiError } from '../../../lib/api-client';
import { translateError } from '../../../lib/translate-error';

/**
 * The server names its contact-specific refusals (opt-in by hand, deleting an opted-out contact…) by
 * a key in this feature's bundle; anything else gets the generic sentence for its code.
 */
export function contactErrorMessage(t: TFunction, i18n: I18n, error: unknown): string {
  if (isApiError(error)) {
    const key = error.details.find((d) => d.message.startsWith('contacts.'))?.message;
    if (key && i18n.exists(key)) return t(key);
  }
  return translateError(t, error);
}

/** "FR" → "France" in the user's language. */
export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

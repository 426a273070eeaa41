import { AsYouType, getCountries, type CountryCode } from 'libphonenumber-js';
import { toE164 } from '@ava/contracts';

/** A country guess for phone input, from the browser's language tag (fr-CA → CA). */
export function guessCountry(): CountryCode | undefined {
  const tag = typeof navigator === 'undefined' ? '' : navigator.language;
  const region = tag.split('-')[1]?.toUpperCase();
  return region && (getCountries() as string[]).includes(region) ? (region as CountryCode) : undefined;
}

/** E.164 for an input typed by a person, with or without the international prefix. */
export function normalisePhone(input: string): string | null {
  return toE164(input) ?? toE164(input, guessCountry());
}

/** "+33612345678" → "+33 6 12 34 56 78" for display. */
export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return '';
  return new AsYouType().input(e164);
}

export const allCountries = (): string[] => getCountries() as string[];

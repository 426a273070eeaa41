import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** Returns the E.164 form of a phone number, or null when it is not a possible number. */
export function toE164(input: string, defaultCountry?: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

export type IdentifierKind = 'email' | 'phone';

/**
 * The login form takes one field: anything with an "@" is an email; anything made of digits,
 * spaces, dashes, dots, brackets and an optional leading "+" is a phone number.
 */
export function detectIdentifier(input: string): IdentifierKind | null {
  const value = input.trim();
  if (value.includes('@')) return 'email';
  if (/^\+?[\d\s().-]{6,}$/.test(value)) return 'phone';
  return null;
}

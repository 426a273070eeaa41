import type { TFunction } from 'i18next';

/** "FR" → 🇫🇷 (regional indicator symbols); empty for anything else. */
export function flagEmoji(country: string | null | undefined): string {
  if (!country || !/^[A-Z]{2}$/i.test(country)) return '';
  return String.fromCodePoint(...[...country.toUpperCase()].map((c) => 0x1f1a5 + c.charCodeAt(0)));
}

/** "1.15" (Twilio prices are in US dollars) → "$1.15 / month" in the user's format. */
export function formatMonthlyPrice(
  t: TFunction,
  language: string,
  price: string | number | null | undefined,
): string | null {
  if (price === null || price === undefined || price === '') return null;
  const value = typeof price === 'number' ? price : Number.parseFloat(price);
  if (!Number.isFinite(value)) return null;
  const amount = new Intl.NumberFormat(language, { style: 'currency', currency: 'USD' }).format(value);
  return t('numbers.perMonth', { amount });
}

export function regionName(language: string, country: string | null | undefined): string {
  if (!country) return '';
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(country) ?? country;
  } catch {
    return country;
  }
}

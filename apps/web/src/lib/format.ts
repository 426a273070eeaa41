/** Shared display helpers (dates, durations, money) in the user's language. */

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function formatDateTime(iso: string | null | undefined, locale: string, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );
}

export function formatCost(cost: string | number | null | undefined, locale: string): string {
  if (cost === null || cost === undefined || cost === '') return '—';
  const n = Number(cost);
  if (!Number.isFinite(n)) return String(cost);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: 4,
  }).format(n);
}

export const formatNumber = (n: number, locale: string) => new Intl.NumberFormat(locale).format(n);

export const formatPercent = (n: number, locale: string) =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: n < 0.1 ? 1 : 0 }).format(n);

/** 45 s, 12 min, 3.5 h, 2 days — in the user's language. */
export function formatSeconds(seconds: number, locale: string): string {
  const unit = (value: number, u: 'second' | 'minute' | 'hour' | 'day', digits = 0) =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: u,
      unitDisplay: u === 'day' ? 'long' : 'short',
      maximumFractionDigits: digits,
    }).format(value);
  if (seconds < 90) return unit(Math.round(seconds), 'second');
  if (seconds < 90 * 60) return unit(Math.round(seconds / 60), 'minute');
  if (seconds < 48 * 3600) return unit(seconds / 3600, 'hour', seconds < 10 * 3600 ? 1 : 0);
  return unit(seconds / 86400, 'day', 1);
}

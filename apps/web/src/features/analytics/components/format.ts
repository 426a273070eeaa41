import type { SmsInsight } from '@ava/contracts';
import type { TFunction } from 'i18next';
import { formatNumber, formatPercent, formatSeconds } from '../../../lib/format';

/** Dollars: cents for amounts worth counting, fractions of a cent for the tiny per-text ones. */
export function formatUsd(n: number, locale: string): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: n !== 0 && Math.abs(n) < 1 ? 4 : 2,
  }).format(n);
}

/** "2 PM" / "14 h" on an axis; "2:00 PM" / "14:00" in a sentence, depending on the language. */
export const formatHour = (hour: number, locale: string, inSentence = false) =>
  new Intl.DateTimeFormat(locale, {
    hour: 'numeric',
    ...(inSentence ? { minute: '2-digit' } : {}),
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(2024, 0, 1, hour)));

/** 0 = Sunday, as the API counts. 7 January 2024 was a Sunday. */
export const weekdayName = (weekday: number, locale: string, style: 'long' | 'short' = 'long') =>
  new Intl.DateTimeFormat(locale, { weekday: style, timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, 7 + weekday)),
  );

export const formatMonth = (month: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(
    new Date(`${month}-01T12:00:00Z`),
  );

export const formatDay = (date: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  );

/** An insight in words: rates become percentages, durations readable times, hours and days names. */
export function insightText(t: TFunction, insight: SmsInsight, locale: string): string {
  const p = insight.params;
  const num = (k: string) => Number(p[k] ?? 0);
  switch (insight.key) {
    case 'deliveryDropped':
    case 'deliveryImproved':
      return t(`analytics.insights.${insight.key}`, {
        value: formatPercent(num('value'), locale),
        previous: formatPercent(num('previous'), locale),
      });
    case 'busiestHour':
      return t(num('inbound') ? 'analytics.insights.busiestHour' : 'analytics.insights.busiestHourAll', {
        hour: formatHour(num('hour'), locale, true),
        weekday: weekdayName(num('weekday'), locale),
      });
    case 'slowResponses':
      return p.previous !== undefined
        ? t('analytics.insights.slowResponsesVs', {
            median: formatSeconds(num('median'), locale),
            previous: formatSeconds(num('previous'), locale),
          })
        : t('analytics.insights.slowResponses', { median: formatSeconds(num('median'), locale) });
    case 'fastResponses':
      return t('analytics.insights.fastResponses', { median: formatSeconds(num('median'), locale) });
    case 'unanswered':
      return t('analytics.insights.unanswered', { rate: formatPercent(num('rate'), locale) });
    case 'optOutsRose':
      return t('analytics.insights.optOutsRose', {
        value: formatNumber(num('value'), locale),
        previous: formatNumber(num('previous'), locale),
      });
    case 'volumeUp':
    case 'volumeDown':
      return t(`analytics.insights.${insight.key}`, { change: formatPercent(num('change'), locale) });
    case 'topNumber':
      // First-strong isolates keep a +1 415… number in one piece inside a Hebrew sentence.
      return t('analytics.insights.topNumber', {
        number: `\u2068${String(p.number ?? '')}\u2069`,
        share: formatPercent(num('share'), locale),
      });
    case 'aiReplies':
      return t('analytics.insights.aiReplies', {
        count: formatNumber(num('count'), locale),
        share: formatPercent(num('share'), locale),
      });
  }
}

import { addDays, localDate, zonedToUtc, zoneOffset } from '../appointments/availability.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

export type QuietHours = { start: string; end: string; tz: string };

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `ms` falls in the quiet window (which may wrap midnight, e.g. 21:00–08:00) of the org's zone. */
export function isQuiet(ms: number, q: QuietHours): boolean {
  const local = Math.floor(((((ms + zoneOffset(ms, q.tz)) % DAY) + DAY) % DAY) / MINUTE);
  const s = minutesOf(q.start);
  const e = minutesOf(q.end);
  if (s === e) return false;
  return s < e ? local >= s && local < e : local >= s || local < e;
}

/** `ms` itself when texting is allowed then, otherwise the end of that quiet window. */
export function afterQuietHours(ms: number, q: QuietHours): number {
  if (!isQuiet(ms, q)) return ms;
  const local = Math.floor(((((ms + zoneOffset(ms, q.tz)) % DAY) + DAY) % DAY) / MINUTE);
  const today = localDate(ms, q.tz);
  // In a window that wraps midnight, the evening part ends tomorrow morning.
  const endDay =
    minutesOf(q.start) > minutesOf(q.end) && local >= minutesOf(q.start) ? addDays(today, 1) : today;
  return zonedToUtc(endDay, q.end, q.tz);
}

/** Whether `ms` is inside weekly hours ({ day 0–6, open, close } in the org's zone); null = always, [] = never. */
export function withinWeeklyHours(
  hours: { day: number; open: string; close: string }[] | null | undefined,
  ms: number,
  tz: string,
): boolean {
  if (!hours) return true;
  const wall = ms + zoneOffset(ms, tz);
  const day = new Date(wall).getUTCDay();
  const minutes = Math.floor((((wall % DAY) + DAY) % DAY) / MINUTE);
  return hours.some((h) => h.day === day && minutes >= minutesOf(h.open) && minutes < minutesOf(h.close));
}

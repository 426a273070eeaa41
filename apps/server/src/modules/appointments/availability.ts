/**
 * Time-zone and slot arithmetic, pure and dependency-free (Intl only). Business hours are wall-clock
 * times in the organisation's zone, so each day's opening and closing are converted to UTC separately:
 * a week that crosses a daylight-saving change gets the right instants on both sides of it.
 */

export type BusinessHours = { day: number; open: string; close: string }[];
export type Interval = { start: number; end: number };

const MINUTE = 60_000;
const DAY = 86_400_000;
// Every real zone changes its offset on a quarter-hour boundary (in UTC), so an offset computed for one
// quarter hour holds for all of it: caching per quarter hour is exact.
const QUARTER = 15 * MINUTE;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

function partsFormatter(tz: string) {
  let f = partsFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(tz, f);
  }
  return f;
}

/** The wall clock of `tz` at instant `ms`, read as if it were UTC (so plain arithmetic works on it). */
function wallAsUtc(ms: number, tz: string): number {
  const p: Record<string, number> = {};
  for (const part of partsFormatter(tz).formatToParts(ms)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
}

/** Milliseconds to add to UTC to get the wall clock of `tz` at instant `ms`. */
export function zoneOffset(ms: number, tz: string): number {
  const bucket = Math.floor(ms / QUARTER);
  const key = `${tz}|${bucket}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const start = bucket * QUARTER;
  const offset = wallAsUtc(start, tz) - start;
  // Bounded: a long-running server sees many orgs and days; the cache only has to keep hot days warm.
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** Whether `tz` is a zone this runtime knows (organisations may have stored anything). */
export function isValidZone(tz: string): boolean {
  try {
    partsFormatter(tz);
    return true;
  } catch {
    return false;
  }
}

/**
 * The UTC instant of wall time `hhmm` on local date `date` in `tz`. A wall time skipped by a
 * spring-forward change moves forward (02:30 → 03:30); a repeated one (fall back) takes the later.
 */
export function zonedToUtc(date: string, hhmm: string, tz: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  const local = Date.UTC(y, m - 1, d, hh, mm);
  const first = local - zoneOffset(local, tz);
  const offset = zoneOffset(first, tz);
  if (local - offset === first) return first;
  const second = local - offset;
  return zoneOffset(second, tz) === offset ? second : Math.max(first, second);
}

/** The local calendar date ('YYYY-MM-DD') of instant `ms` in `tz`. */
export function localDate(ms: number, tz: string): string {
  return new Date(ms + zoneOffset(ms, tz)).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday, like JavaScript and the business-hours rows. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Whether 'YYYY-MM-DD' names a real calendar date (2026-02-30 does not). */
export function isRealDate(date: string): boolean {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(date);
}

/**
 * The bookable grid of one local day: starts every `stepMinutes` from each opening, each lasting
 * `lengthMinutes` and ending by the closing. The grid is counted in real minutes from the opening, so a
 * (rare) daylight-saving change inside business hours shortens or lengthens the day as it should.
 */
export function daySlots(
  hours: BusinessHours,
  date: string,
  tz: string,
  stepMinutes: number,
  lengthMinutes: number,
): Interval[] {
  const weekday = weekdayOf(date);
  const out: Interval[] = [];
  const length = lengthMinutes * MINUTE;
  const step = Math.max(1, stepMinutes) * MINUTE;
  for (const range of hours) {
    if (range.day !== weekday || range.open >= range.close) continue;
    const open = zonedToUtc(date, range.open, tz);
    const close = zonedToUtc(date, range.close, tz);
    for (let start = open; start + length <= close; start += step) out.push({ start, end: start + length });
  }
  if (hours.filter((r) => r.day === weekday).length > 1) {
    // Several ranges on one day may overlap: one slot per start, in order.
    out.sort((a, b) => a.start - b.start);
    return out.filter((s, i) => i === 0 || s.start !== out[i - 1]!.start);
  }
  return out;
}

const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

/**
 * Free slots on `days` (local dates, in order): on the grid, starting after `notBefore`, overlapping no
 * busy interval; the first `limit` of them.
 */
export function freeSlots(input: {
  hours: BusinessHours;
  tz: string;
  days: string[];
  stepMinutes: number;
  lengthMinutes: number;
  busy: Interval[];
  notBefore: number;
  limit: number;
}): Interval[] {
  const out: Interval[] = [];
  for (const day of input.days) {
    for (const slot of daySlots(input.hours, day, input.tz, input.stepMinutes, input.lengthMinutes)) {
      if (slot.start < input.notBefore) continue;
      if (input.busy.some((b) => overlaps(slot, b))) continue;
      out.push(slot);
      if (out.length >= input.limit) return out;
    }
  }
  return out;
}

/** Whether `start` is one of the grid's starts on its own local day (the only slots AVA ever offers). */
export function isOnGrid(
  hours: BusinessHours,
  tz: string,
  stepMinutes: number,
  lengthMinutes: number,
  start: number,
): boolean {
  return daySlots(hours, localDate(start, tz), tz, stepMinutes, lengthMinutes).some((s) => s.start === start);
}

export function isFree(slot: Interval, busy: Interval[]): boolean {
  return !busy.some((b) => overlaps(slot, b));
}

const labelFormatters = new Map<string, Intl.DateTimeFormat>();

function labelFormatter(language: string, tz: string, long: boolean) {
  const key = `${language}|${tz}|${long ? 'l' : 's'}`;
  let f = labelFormatters.get(key);
  if (!f) {
    let locale = language;
    try {
      Intl.DateTimeFormat.supportedLocalesOf([language]);
    } catch {
      locale = 'en';
    }
    f = new Intl.DateTimeFormat(locale, {
      timeZone: tz,
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      ...(long ? { day: 'numeric', month: 'long' } : {}),
    });
    labelFormatters.set(key, f);
  }
  return f;
}

/**
 * What the assistant says: "Tuesday 10:00" within the coming week, "Tuesday, December 8 at 10:00"
 * further out, where a weekday alone would be ambiguous.
 */
export function slotLabel(ms: number, tz: string, language: string, today: string): string {
  const long = localDate(ms, tz) >= addDays(today, 6);
  return labelFormatter(language, tz, long).format(ms);
}

/** A full label for messages (SMS, e-mail): always with the date. */
export function longLabel(ms: number, tz: string, language: string): string {
  return labelFormatter(language, tz, true).format(ms);
}

/**
 * An ISO instant, or a local wall time without offset ('2026-11-24T10:00'), which is read in the
 * organisation's zone: the model often drops the offset, and the caller meant the business's clock.
 */
export function parseInstant(value: string, tz: string): number | null {
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms : null;
  }
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(value);
  if (!m || !isRealDate(m[1]!)) return null;
  const [hh, mm] = m[2]!.split(':').map(Number) as [number, number];
  if (hh > 23 || mm > 59) return null;
  return zonedToUtc(m[1]!, m[2]!, tz) + Number(m[3] ?? 0) * 1000;
}

/** Whether a business with these weekly hours is open at this instant, in its time zone. */
export function isOpenAt(
  hours: { day: number; open: string; close: string }[],
  ms: number,
  tz: string,
): boolean {
  const date = localDate(ms, tz);
  const day = weekdayOf(date);
  return hours.some(
    (h) => h.day === day && zonedToUtc(date, h.open, tz) <= ms && ms < zonedToUtc(date, h.close, tz),
  );
}

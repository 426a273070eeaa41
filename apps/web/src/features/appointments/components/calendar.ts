/** Week-calendar arithmetic in the organisation's time zone (pure, unit-tested). */

export type ZonedParts = { date: string; minutes: number; weekday: number };

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar date (YYYY-MM-DD), minutes since midnight and weekday (0 = Sunday) of an instant in `timeZone`. */
export function zonedParts(instant: Date | string, timeZone: string): ZonedParts {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday!);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    weekday,
  };
}

/** The instant at which the wall-clock `date` `time` (HH:MM) happens in `timeZone`. */
export function zonedToUtc(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, h, min);
  let guess = wall;
  for (let i = 0; i < 2; i += 1) {
    const p = zonedParts(new Date(guess), timeZone);
    const [py, pm, pd] = p.date.split('-').map(Number) as [number, number, number];
    const seen = Date.UTC(py, pm - 1, pd, Math.floor(p.minutes / 60), p.minutes % 60);
    guess += wall - seen;
  }
  return new Date(guess);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** The Monday starting the week that holds `date`. */
export function weekStart(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

export const weekDays = (start: string) => Array.from({ length: 7 }, (_, i) => addDays(start, i));

/** The hours the grid shows: from the earliest opening to the latest closing (8–18 without hours). */
export function hourRange(
  hours: { open: string; close: string }[],
  extra: ZonedParts[] = [],
): [number, number] {
  let from = hours.length ? Math.min(...hours.map((h) => Number(h.open.slice(0, 2)))) : 8;
  let to = hours.length
    ? Math.max(...hours.map((h) => Math.ceil(Number(h.close.slice(0, 2)) + Number(h.close.slice(3)) / 60)))
    : 18;
  for (const p of extra) {
    from = Math.min(from, Math.floor(p.minutes / 60));
    to = Math.max(to, Math.ceil((p.minutes + 1) / 60));
  }
  return [Math.max(0, from), Math.min(24, Math.max(to, from + 1))];
}

/** Where an appointment sits in the week grid: its column and its top/height as % of the day's hours. */
export function position(
  appointment: { start: string; end: string },
  days: string[],
  range: [number, number],
  timeZone: string,
): { column: number; top: number; height: number } | null {
  const start = zonedParts(appointment.start, timeZone);
  const column = days.indexOf(start.date);
  if (column < 0) return null;
  const total = (range[1] - range[0]) * 60;
  const duration = Math.max(5, (Date.parse(appointment.end) - Date.parse(appointment.start)) / 60_000);
  const offset = start.minutes - range[0] * 60;
  return {
    column,
    top: Math.max(0, (offset / total) * 100),
    height: Math.min(100, (duration / total) * 100),
  };
}

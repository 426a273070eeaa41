/** Wall-clock dates and times in the org's time zone, whatever the browser's zone is. */

function wallClock(instant: number, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** An instant as the date (YYYY-MM-DD) and time (HH:MM) inputs show it in `timeZone`. */
export function toZoned(iso: string | number, timeZone: string) {
  return wallClock(typeof iso === 'number' ? iso : Date.parse(iso), timeZone);
}

/**
 * The instant (ISO) when the wall clock in `timeZone` reads `date` `time`. Two passes settle the zone's
 * offset, also across a daylight-saving change; a time skipped by the change lands just after it.
 */
export function fromZoned(date: string, time: string, timeZone: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  let guess = wall;
  for (let i = 0; i < 2; i += 1) {
    const seen = wallClock(guess, timeZone);
    const [y, m, day] = seen.date.split('-').map(Number) as [number, number, number];
    const [h, min] = seen.time.split(':').map(Number) as [number, number];
    guess += wall - Date.UTC(y, m - 1, day, h, min);
  }
  return new Date(guess).toISOString();
}

/** A default "later": the next full hour in the org's zone. */
export function nextHour(timeZone: string, now = Date.now()) {
  const next = Math.ceil((now + 60_000) / 3_600_000) * 3_600_000;
  return toZoned(next, timeZone);
}

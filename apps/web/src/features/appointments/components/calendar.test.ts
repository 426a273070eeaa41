import { describe, expect, it } from 'vitest';
import { hourRange, position, weekDays, weekStart, zonedParts, zonedToUtc } from './calendar';

describe('week calendar', () => {
  it('reads instants in the organisation time zone', () => {
    // 08:30 UTC is 10:30 in Paris in summer and 04:30 in New York.
    expect(zonedParts('2026-06-10T08:30:00Z', 'Europe/Paris')).toEqual({
      date: '2026-06-10',
      minutes: 630,
      weekday: 3,
    });
    expect(zonedParts('2026-06-10T02:00:00Z', 'America/New_York')).toEqual({
      date: '2026-06-09',
      minutes: 1320,
      weekday: 2,
    });
  });

  it('turns a wall-clock time into the right instant, across DST', () => {
    expect(zonedToUtc('2026-06-10', '10:00', 'Europe/Paris').toISOString()).toBe('2026-06-10T08:00:00.000Z');
    expect(zonedToUtc('2026-01-10', '10:00', 'Europe/Paris').toISOString()).toBe('2026-01-10T09:00:00.000Z');
    expect(zonedToUtc('2026-03-29', '12:00', 'Asia/Jerusalem').toISOString()).toBe(
      '2026-03-29T09:00:00.000Z',
    );
  });

  it('starts weeks on Monday', () => {
    expect(weekStart('2026-06-10')).toBe('2026-06-08');
    expect(weekStart('2026-06-14')).toBe('2026-06-08');
    expect(weekDays('2026-06-08')).toHaveLength(7);
  });

  it('positions an appointment in its column and hour band', () => {
    const days = weekDays('2026-06-08');
    const range = hourRange([{ open: '09:00', close: '17:00' }]);
    expect(range).toEqual([9, 17]);
    // Wednesday 10:00–11:00 Paris time = 08:00–09:00 UTC.
    const p = position(
      { start: '2026-06-10T08:00:00Z', end: '2026-06-10T09:00:00Z' },
      days,
      range,
      'Europe/Paris',
    );
    expect(p).toEqual({ column: 2, top: 12.5, height: 12.5 });
    // The same instant in New York is 04:00 — before the range, so it is clamped to the top.
    expect(
      position(
        { start: '2026-06-10T08:00:00Z', end: '2026-06-10T09:00:00Z' },
        days,
        range,
        'America/New_York',
      )?.top,
    ).toBe(0);
    expect(
      position({ start: '2026-06-20T08:00:00Z', end: '2026-06-20T09:00:00Z' }, days, range, 'Europe/Paris'),
    ).toBeNull();
  });

  it('widens the hours to show appointments outside business hours', () => {
    expect(
      hourRange([{ open: '09:00', close: '17:30' }], [{ date: '', minutes: 19 * 60, weekday: 1 }]),
    ).toEqual([9, 20]);
    expect(hourRange([])).toEqual([8, 18]);
  });
});

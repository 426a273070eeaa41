import { describe, expect, it } from 'vitest';
import { afterQuietHours, isQuiet, withinWeeklyHours } from './quiet-hours.ts';

const paris = { start: '21:00', end: '08:00', tz: 'Europe/Paris' };

describe('quiet hours in the org time zone', () => {
  it('an evening send in Paris waits for 08:00 the next morning', () => {
    // 2026-11-23 21:30 Paris (UTC+1) = 20:30Z
    const evening = Date.parse('2026-11-23T20:30:00Z');
    expect(isQuiet(evening, paris)).toBe(true);
    expect(new Date(afterQuietHours(evening, paris)).toISOString()).toBe('2026-11-24T07:00:00.000Z');
  });

  it('an early-morning send waits for 08:00 the same day; daytime is untouched', () => {
    const early = Date.parse('2026-11-24T05:00:00Z'); // 06:00 Paris
    expect(new Date(afterQuietHours(early, paris)).toISOString()).toBe('2026-11-24T07:00:00.000Z');
    const noon = Date.parse('2026-11-24T11:00:00Z');
    expect(isQuiet(noon, paris)).toBe(false);
    expect(afterQuietHours(noon, paris)).toBe(noon);
  });

  it('respects daylight saving: 08:00 in New York summer is 12:00Z', () => {
    const ny = { start: '21:00', end: '08:00', tz: 'America/New_York' };
    const night = Date.parse('2026-07-01T03:00:00Z'); // 23:00 EDT
    expect(new Date(afterQuietHours(night, ny)).toISOString()).toBe('2026-07-01T12:00:00.000Z');
  });

  it('a window that does not wrap midnight (12:00–14:00 lunch)', () => {
    const lunch = { start: '12:00', end: '14:00', tz: 'UTC' };
    expect(isQuiet(Date.parse('2026-11-24T13:00:00Z'), lunch)).toBe(true);
    expect(isQuiet(Date.parse('2026-11-24T15:00:00Z'), lunch)).toBe(false);
    expect(new Date(afterQuietHours(Date.parse('2026-11-24T13:00:00Z'), lunch)).toISOString()).toBe(
      '2026-11-24T14:00:00.000Z',
    );
  });

  it('weekly hours: Monday 09:00–18:00 in Jerusalem', () => {
    const hours = [{ day: 1, open: '09:00', close: '18:00' }];
    expect(withinWeeklyHours(hours, Date.parse('2026-11-23T08:00:00Z'), 'Asia/Jerusalem')).toBe(true); // Mon 10:00
    expect(withinWeeklyHours(hours, Date.parse('2026-11-23T17:00:00Z'), 'Asia/Jerusalem')).toBe(false); // 19:00
    expect(withinWeeklyHours(hours, Date.parse('2026-11-24T08:00:00Z'), 'Asia/Jerusalem')).toBe(false); // Tue
    expect(withinWeeklyHours(null, Date.now(), 'UTC')).toBe(true);
    expect(withinWeeklyHours([], Date.now(), 'UTC')).toBe(false);
  });
});

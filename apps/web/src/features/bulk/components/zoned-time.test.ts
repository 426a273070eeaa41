import { describe, expect, it } from 'vitest';
import { movedSendAt } from './when-fields';
import { fromZoned, nextHour, toZoned } from './zoned-time';

describe('zoned time', () => {
  it('reads a date and time in the org zone, whatever the browser zone, across daylight saving', () => {
    expect(fromZoned('2026-07-01', '09:00', 'Europe/Paris')).toBe('2026-07-01T07:00:00.000Z');
    expect(fromZoned('2026-12-01', '09:00', 'Europe/Paris')).toBe('2026-12-01T08:00:00.000Z');
    expect(fromZoned('2026-03-29', '12:00', 'America/New_York')).toBe('2026-03-29T16:00:00.000Z');
    expect(fromZoned('2026-10-25', '23:30', 'Asia/Jerusalem')).toBe('2026-10-25T21:30:00.000Z');
    expect(fromZoned('', '09:00', 'Europe/Paris')).toBeNull();
  });

  it('shows an instant as the org zone’s wall clock and round-trips', () => {
    expect(toZoned('2026-07-01T07:00:00.000Z', 'Europe/Paris')).toEqual({
      date: '2026-07-01',
      time: '09:00',
    });
    const { date, time } = nextHour('Europe/Paris', Date.parse('2026-07-01T07:20:00.000Z'));
    expect({ date, time }).toEqual({ date: '2026-07-01', time: '10:00' });
    expect(fromZoned(date, time, 'Europe/Paris')).toBe('2026-07-01T08:00:00.000Z');
  });
});

describe('a moved send time', () => {
  const start = { date: '2099-07-01', time: '09:00' };
  it('is nothing when the fields did not move, the instant when they did, a reason when it cannot be', () => {
    expect(movedSendAt('2099-07-01', '09:00', start, 'Europe/Paris')).toEqual({});
    expect(movedSendAt('2099-07-01', '10:30', start, 'Europe/Paris')).toEqual({
      sendAt: '2099-07-01T08:30:00.000Z',
    });
    expect(movedSendAt('', '10:30', start, 'Europe/Paris')).toEqual({ error: 'bulk.timing.invalid' });
    expect(movedSendAt('2020-01-01', '10:30', start, 'Europe/Paris')).toEqual({ error: 'bulk.timing.past' });
  });
});

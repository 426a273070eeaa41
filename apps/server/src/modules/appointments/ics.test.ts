import type { Appointment } from '@ava/contracts';
import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine, icsDate, unfoldIcs } from './ics.ts';

const appointment = (over: Partial<Appointment> = {}): Appointment => ({
  id: 'a1b2c3',
  serviceId: null,
  serviceName: 'Coupe & brushing',
  contactId: null,
  callId: null,
  start: '2026-11-24T09:00:00.000Z',
  end: '2026-11-24T09:30:00.000Z',
  status: 'booked',
  source: 'call',
  customerName: 'Zoë Lefèvre-Château',
  customerPhone: '+33612345678',
  notes: null,
  createdAt: '2026-11-20T08:00:00.000Z',
  updatedAt: '2026-11-21T08:00:00.000Z',
  ...over,
});

describe('ICS feed', () => {
  it('escapes text values', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'é'.repeat(100)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, p] of parts.entries()) {
      expect(Buffer.byteLength(p)).toBeLessThanOrEqual(75);
      if (i > 0) expect(p.startsWith(' ')).toBe(true);
      // No replacement character: every part is whole UTF-8.
      expect(Buffer.from(p).toString()).not.toContain('\uFFFD');
    }
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(foldLine('SHORT:1')).toBe('SHORT:1');
  });

  it('writes UTC times', () => {
    expect(icsDate('2026-11-24T09:00:00.000Z')).toBe('20261124T090000Z');
  });

  it('builds a calendar clients can parse: CRLF lines, one VEVENT per appointment, required properties', () => {
    const long = appointment({
      id: 'long-one',
      notes: `Allergies; latex, iodine. ${'Very long note '.repeat(10)}`,
      source: 'manual',
    });
    const body = buildCalendar({
      name: 'Salon, Paris',
      timezone: 'Europe/Paris',
      now: Date.parse('2026-11-22T10:00:00Z'),
      appointments: [appointment(), long],
    });
    // Every line ends with CRLF, none is longer than 75 octets, none has a bare LF.
    expect(body.endsWith('\r\n')).toBe(true);
    expect(body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const raw of body.split('\r\n')) expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(75);
    expect(body.split('\r\n').some((l) => l.startsWith(' '))).toBe(true);

    const lines = unfoldIcs(body);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.some((l) => l.startsWith('PRODID:'))).toBe(true);
    expect(lines).toContain('X-WR-CALNAME:Salon\\, Paris — appointments');

    // A tiny parser: components nest properly and every event has what RFC 5545 requires.
    const events: Record<string, string>[] = [];
    const stack: string[] = [];
    for (const line of lines) {
      const [name, ...rest] = line.split(':');
      const value = rest.join(':');
      if (name === 'BEGIN') {
        stack.push(value);
        if (value === 'VEVENT') events.push({});
      } else if (name === 'END') expect(stack.pop()).toBe(value);
      else if (stack.at(-1) === 'VEVENT') events.at(-1)![name!.split(';')[0]!] = value;
    }
    expect(stack).toEqual([]);
    expect(events).toHaveLength(2);
    for (const e of events) {
      for (const key of ['UID', 'DTSTAMP', 'DTSTART', 'DTEND', 'SUMMARY']) expect(e[key], key).toBeTruthy();
      expect(e.DTSTART).toMatch(/^\d{8}T\d{6}Z$/);
      expect(e.DTSTAMP).toBe('20261122T100000Z');
    }
    expect(events[0]).toMatchObject({
      UID: 'a1b2c3@ava',
      DTSTART: '20261124T090000Z',
      DTEND: '20261124T093000Z',
      SUMMARY: 'Coupe & brushing — Zoë Lefèvre-Château',
      STATUS: 'CONFIRMED',
    });
    expect(events[1]!.DESCRIPTION).toContain('Notes: Allergies\\; latex\\, iodine.');
    expect(events[1]!.DESCRIPTION).toContain('\\nBooked by hand in AVA.');
  });
});

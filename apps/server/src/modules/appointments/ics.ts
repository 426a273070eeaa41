import type { Appointment } from '@ava/contracts';

/**
 * An RFC 5545 calendar for subscription (Google, Apple, Outlook). Times are written in UTC ("Z"), so no
 * VTIMEZONE block is needed and every client shows them in its own zone.
 */

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ''); // eslint-disable-line no-control-regex
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): continuation lines start with one space, which
 * counts towards their 75, and a UTF-8 character is never split between two lines.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line) <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = MAX_OCTETS - 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** 2026-11-24T09:00:00.000Z → 20261124T090000Z */
export function icsDate(value: string | number | Date): string {
  return new Date(value)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function summaryOf(a: Appointment): string {
  const what = a.serviceName ?? 'Appointment';
  return a.customerName ? `${what} — ${a.customerName}` : what;
}

function descriptionOf(a: Appointment): string {
  return [
    a.customerName ? `Customer: ${a.customerName}` : null,
    a.customerPhone ? `Phone: ${a.customerPhone}` : null,
    a.notes ? `Notes: ${a.notes}` : null,
    a.source === 'call' ? 'Booked by the AVA receptionist during a call.' : 'Booked by hand in AVA.',
  ]
    .filter(Boolean)
    .join('\n');
}

export function buildCalendar(input: {
  name: string;
  timezone: string;
  now: number;
  appointments: Appointment[];
}): string {
  const stamp = icsDate(input.now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//AVA//Appointments//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(`${input.name} — appointments`)}`,
    `X-WR-TIMEZONE:${input.timezone}`,
    // Hints for clients that honour them: re-fetch often, bookings change during the day.
    'REFRESH-INTERVAL;VALUE=DURATION:PT15M',
    'X-PUBLISHED-TTL:PT15M',
  ];
  for (const a of input.appointments) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${a.id}@ava`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icsDate(a.start)}`,
      `DTEND:${icsDate(a.end)}`,
      `CREATED:${icsDate(a.createdAt)}`,
      `LAST-MODIFIED:${icsDate(a.updatedAt)}`,
      `SUMMARY:${escapeText(summaryOf(a))}`,
      `DESCRIPTION:${escapeText(descriptionOf(a))}`,
      `STATUS:${a.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** The content lines of a calendar with folding undone (what a client reads). */
export function unfoldIcs(body: string): string[] {
  return body
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((l) => l !== '');
}

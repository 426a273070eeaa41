// Plain-JSON form of the Twilio emulator state (TwilioEmulatorState.snapshot() / .restore()). Dates are
// ISO 8601 strings, sets are arrays. Bump TWILIO_SNAPSHOT_VERSION on any incompatible change.
import type { AccountRecord, CallRecord, IncomingNumberRecord, MessageRecord } from './types.ts';

export const TWILIO_SNAPSHOT_VERSION = 1;

type Jsonified<T> = {
  [K in keyof T]: T[K] extends Date
    ? string
    : T[K] extends Date | null
      ? string | null
      : T[K] extends Set<infer U>
        ? U[]
        : T[K];
};

export type AccountSnapshot = Jsonified<AccountRecord>;
export type IncomingNumberSnapshot = Jsonified<IncomingNumberRecord>;
export type MessageSnapshot = Jsonified<MessageRecord>;
export type CallSnapshot = Jsonified<CallRecord>;

export interface TwilioSnapshot {
  version: typeof TWILIO_SNAPSHOT_VERSION;
  /** Inventory, SID and token seed: a restored state always uses this one. */
  seed: number;
  /** Emulator clock (epoch ms) when the snapshot was taken; a manual clock resumes from here. */
  clockMs: number;
  /** In creation order (new account SIDs are derived from the account count). */
  accounts: AccountSnapshot[];
  numbers: IncomingNumberSnapshot[];
  /** Inventory numbers that are bought (kept out of AvailablePhoneNumbers searches). */
  inventoryTaken: Array<{ phoneNumber: string; ownerSid: string }>;
  /** Oldest first. */
  messages: MessageSnapshot[];
  /** Oldest first. */
  calls: CallSnapshot[];
  /** Handsets that texted STOP to a sender. */
  optOuts: Array<{ sender: string; handset: string }>;
  /** Last sequence number used per SID prefix (PN, SM, MM, CA...), so new SIDs never collide. */
  sidCounters: Record<string, number>;
}

const iso = (d: Date): string => d.toISOString();
const isoOrNull = (d: Date | null): string | null => (d === null ? null : d.toISOString());

function date(value: unknown, where: string): Date {
  const d = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(d.getTime())) throw new Error(`Twilio snapshot: ${where} is not an ISO date`);
  return d;
}
const dateOrNull = (value: unknown, where: string): Date | null =>
  value === null || value === undefined ? null : date(value, where);

export const accountToJson = (a: AccountRecord): AccountSnapshot => ({
  ...a,
  smsGeoPermissions: [...a.smsGeoPermissions],
  dateCreated: iso(a.dateCreated),
  dateUpdated: iso(a.dateUpdated),
});

export const accountFromJson = (a: AccountSnapshot): AccountRecord => ({
  ...a,
  smsGeoPermissions: new Set(a.smsGeoPermissions),
  dateCreated: date(a.dateCreated, `account ${a.sid} dateCreated`),
  dateUpdated: date(a.dateUpdated, `account ${a.sid} dateUpdated`),
});

export const numberToJson = (n: IncomingNumberRecord): IncomingNumberSnapshot => ({
  ...n,
  capabilities: { ...n.capabilities },
  dateCreated: iso(n.dateCreated),
  dateUpdated: iso(n.dateUpdated),
});

export const numberFromJson = (n: IncomingNumberSnapshot): IncomingNumberRecord => ({
  ...n,
  capabilities: { ...n.capabilities },
  dateCreated: date(n.dateCreated, `number ${n.sid} dateCreated`),
  dateUpdated: date(n.dateUpdated, `number ${n.sid} dateUpdated`),
});

export const messageToJson = (m: MessageRecord): MessageSnapshot => ({
  ...m,
  mediaUrls: [...m.mediaUrls],
  dateCreated: iso(m.dateCreated),
  dateUpdated: iso(m.dateUpdated),
  dateSent: isoOrNull(m.dateSent),
});

export const messageFromJson = (m: MessageSnapshot): MessageRecord => ({
  ...m,
  mediaUrls: [...m.mediaUrls],
  dateCreated: date(m.dateCreated, `message ${m.sid} dateCreated`),
  dateUpdated: date(m.dateUpdated, `message ${m.sid} dateUpdated`),
  dateSent: dateOrNull(m.dateSent, `message ${m.sid} dateSent`),
});

export const callToJson = (c: CallRecord): CallSnapshot => ({
  ...c,
  statusCallbackEvents: [...c.statusCallbackEvents],
  startTime: isoOrNull(c.startTime),
  endTime: isoOrNull(c.endTime),
  dateCreated: iso(c.dateCreated),
  dateUpdated: iso(c.dateUpdated),
});

export const callFromJson = (c: CallSnapshot): CallRecord => ({
  ...c,
  statusCallbackEvents: [...c.statusCallbackEvents],
  startTime: dateOrNull(c.startTime, `call ${c.sid} startTime`),
  endTime: dateOrNull(c.endTime, `call ${c.sid} endTime`),
  dateCreated: date(c.dateCreated, `call ${c.sid} dateCreated`),
  dateUpdated: date(c.dateUpdated, `call ${c.sid} dateUpdated`),
});

/** Structural check of untrusted JSON (a file); throws a readable error naming the first problem. */
export function parseTwilioSnapshot(json: unknown): TwilioSnapshot {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error('Twilio snapshot: expected a JSON object');
  }
  const o = json as Record<string, unknown>;
  if (o['version'] !== TWILIO_SNAPSHOT_VERSION) {
    throw new Error(
      `Twilio snapshot: unsupported version ${JSON.stringify(o['version'])} (this build reads version ${TWILIO_SNAPSHOT_VERSION})`,
    );
  }
  for (const key of ['seed', 'clockMs'] as const) {
    if (typeof o[key] !== 'number' || !Number.isFinite(o[key])) {
      throw new Error(`Twilio snapshot: ${key} must be a number`);
    }
  }
  for (const key of ['accounts', 'numbers', 'inventoryTaken', 'messages', 'calls', 'optOuts'] as const) {
    if (!Array.isArray(o[key])) throw new Error(`Twilio snapshot: ${key} must be an array`);
    (o[key] as unknown[]).forEach((item, i) => {
      if (typeof item !== 'object' || item === null) {
        throw new Error(`Twilio snapshot: ${key}[${i}] must be an object`);
      }
    });
  }
  const counters = o['sidCounters'];
  if (typeof counters !== 'object' || counters === null || Array.isArray(counters)) {
    throw new Error('Twilio snapshot: sidCounters must be an object');
  }
  for (const [prefix, n] of Object.entries(counters)) {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw new Error(`Twilio snapshot: sidCounters.${prefix} must be a non-negative integer`);
    }
  }
  return json as TwilioSnapshot;
}

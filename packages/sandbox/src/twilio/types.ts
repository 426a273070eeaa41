import type { FaultConfig } from '../shared/faults.ts';
import type { ClockMode } from '../shared/scheduler.ts';
import type { Capabilities, InventoryNumber } from './inventory.ts';
import type { WebhookParams } from './signature.ts';

export type MessageStatus =
  | 'queued'
  | 'sending'
  | 'sent'
  | 'failed'
  | 'delivered'
  | 'undelivered'
  | 'receiving'
  | 'received'
  | 'accepted'
  | 'scheduled'
  | 'read'
  | 'partially_delivered'
  | 'canceled';

export type MessageDirection = 'inbound' | 'outbound-api' | 'outbound-call' | 'outbound-reply';

export type CallStatus =
  'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';

export interface AccountRecord {
  sid: string;
  authToken: string;
  friendlyName: string;
  /** Test credentials: only the documented magic numbers work and nothing is stored or sent. */
  test: boolean;
  status: 'active' | 'suspended' | 'closed';
  type: 'Trial' | 'Full';
  /** ISO countries this account may text (Twilio "SMS geo permissions"); others get 21408. */
  smsGeoPermissions: Set<string>;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface IncomingNumberRecord {
  sid: string;
  accountSid: string;
  phoneNumber: string;
  friendlyName: string;
  isoCountry: string;
  type: InventoryNumber['type'];
  capabilities: Capabilities;
  addressRequirements: InventoryNumber['addressRequirements'];
  smsUrl: string;
  smsMethod: string;
  smsFallbackUrl: string;
  smsFallbackMethod: string;
  smsApplicationSid: string;
  voiceUrl: string;
  voiceMethod: string;
  voiceFallbackUrl: string;
  voiceFallbackMethod: string;
  voiceApplicationSid: string;
  voiceCallerIdLookup: boolean;
  voiceReceiveMode: 'voice' | 'fax';
  statusCallback: string;
  statusCallbackMethod: string;
  addressSid: string | null;
  identitySid: string | null;
  bundleSid: string | null;
  trunkSid: string | null;
  emergencyAddressSid: string | null;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface MessageRecord {
  sid: string;
  accountSid: string;
  messagingServiceSid: string | null;
  from: string | null;
  to: string;
  body: string;
  status: MessageStatus;
  direction: MessageDirection;
  numSegments: number;
  mediaUrls: string[];
  price: string | null;
  priceUnit: string;
  errorCode: number | null;
  errorMessage: string | null;
  statusCallback: string | null;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
}

export interface CallRecord {
  sid: string;
  accountSid: string;
  parentCallSid: string | null;
  from: string;
  to: string;
  phoneNumberSid: string | null;
  status: CallStatus;
  direction: 'inbound' | 'outbound-api';
  url: string | null;
  twiml: string | null;
  method: string;
  statusCallback: string | null;
  statusCallbackMethod: string;
  statusCallbackEvents: string[];
  startTime: Date | null;
  endTime: Date | null;
  duration: number | null;
  price: string | null;
  answeredBy: string | null;
  dateCreated: Date;
  dateUpdated: Date;
}

export type WebhookPurpose =
  'incoming-message' | 'message-status' | 'incoming-call' | 'call-url' | 'call-status';

export interface WebhookResponseRecord {
  status: number;
  contentType: string | null;
  body: string;
}

/** Everything observable the emulator did, in order. */
export type TwilioLedgerEntry =
  | { kind: 'account.created'; accountSid: string; test: boolean }
  | { kind: 'number.purchased'; accountSid: string; sid: string; phoneNumber: string }
  | { kind: 'number.released'; accountSid: string; sid: string; phoneNumber: string }
  | {
      kind: 'message.created';
      accountSid: string;
      messageSid: string;
      direction: MessageDirection;
      from: string | null;
      to: string;
      body: string;
      numSegments: number;
      status: MessageStatus;
      /** Test-credential messages are never stored or sent. */
      test: boolean;
    }
  | {
      kind: 'message.status';
      accountSid: string;
      messageSid: string;
      status: MessageStatus;
      errorCode: number | null;
    }
  | {
      kind: 'message.rejected';
      accountSid: string;
      from: string | null;
      to: string | null;
      code: number;
      status: number;
      message: string;
    }
  | { kind: 'opt-out'; accountSid: string; sender: string; handset: string; keyword: string }
  | { kind: 'opt-in'; accountSid: string; sender: string; handset: string; keyword: string }
  | {
      kind: 'call.created';
      accountSid: string;
      callSid: string;
      direction: CallRecord['direction'];
      from: string;
      to: string;
    }
  | { kind: 'call.status'; accountSid: string; callSid: string; status: CallStatus }
  | {
      kind: 'webhook';
      accountSid: string;
      purpose: WebhookPurpose;
      /** SID of the message or call the webhook is about. */
      relatedSid: string;
      url: string;
      method: 'GET' | 'POST';
      params: WebhookParams;
      signature: string;
      /** `delivered` = got an HTTP answer (any status); `error` = network/timeout; `dropped` = fault injection. */
      outcome: 'delivered' | 'error' | 'dropped';
      /** True for the extra copy sent by duplicate-webhook fault injection. */
      duplicate: boolean;
      response: WebhookResponseRecord | null;
      error: string | null;
      durationMs: number;
    };

export interface TwilioEmulatorStateOptions {
  /** Seed for the number inventory, SIDs and tokens and fault dice. Default 1. */
  seed?: number;
  /** `manual` (tests: time moves only via advance/runAll) or `real` (default: wall clock + timers). */
  clock?: ClockMode;
  /** Wall clock source (real mode) or start time (manual mode). */
  now?: () => Date;
  /** fetch used to deliver webhooks (tests can intercept). Defaults to global fetch. */
  webhookFetch?: typeof fetch;
  /** Where the emulator is reachable from outside; relative webhook URLs are resolved against it. */
  publicBaseUrl?: string;
  /** Global fault injection; per-account overrides via `faults.set(config, accountSid)`. */
  faults?: FaultConfig;
  /** Longest a message may wait in a sender's queue before create fails with 21611. Default 36000 (10 h). */
  maxQueueSeconds?: number;
  /** Webhook request timeout (Twilio uses 15 s). */
  webhookTimeoutMs?: number;
  /** Called when a background task throws (defaults to console.error). */
  onError?: (error: unknown, label: string) => void;
}

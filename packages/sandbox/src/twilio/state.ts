import { createFaultRegistry, type FaultRegistry } from '../shared/faults.ts';
import { createLedger, type Ledger } from '../shared/ledger.ts';
import { createRng, seedFrom, stableHex, type Rng } from '../shared/rng.ts';
import { createScheduler, type Scheduler } from '../shared/scheduler.ts';
import { badRequest, TwilioApiError } from './errors.ts';
import { generateInventory, type InventoryNumber } from './inventory.ts';
import {
  countryByIso,
  countryOf,
  friendlyPhone,
  isAlphanumericSenderId,
  isMobileRange,
  normalizeE164,
} from './phone.ts';
import { countSegments } from './segments.ts';
import { API_VERSION } from './serialize.ts';
import {
  accountFromJson,
  accountToJson,
  callFromJson,
  callToJson,
  messageFromJson,
  messageToJson,
  numberFromJson,
  numberToJson,
  parseTwilioSnapshot,
  TWILIO_SNAPSHOT_VERSION,
  type TwilioSnapshot,
} from './snapshot.ts';
import type { WebhookParams } from './signature.ts';
import type {
  AccountRecord,
  CallRecord,
  CallStatus,
  IncomingNumberRecord,
  MessageDirection,
  MessageRecord,
  MessageStatus,
  TwilioEmulatorStateOptions,
  TwilioLedgerEntry,
} from './types.ts';
import {
  deliverWebhook,
  isSuccess,
  twimlMessages,
  type WebhookContext,
  type WebhookEntry,
} from './webhooks.ts';

export interface CreateAccountInput {
  friendlyName?: string;
  /** Test credentials (magic numbers only, nothing stored). */
  test?: boolean;
  /** Fix the SID/token instead of deriving them (e.g. to match fixtures). */
  accountSid?: string;
  authToken?: string;
  smsGeoPermissions?: string[];
}

export interface SendMessageInput {
  to?: string;
  from?: string;
  messagingServiceSid?: string;
  body?: string;
  mediaUrls?: string[];
  statusCallback?: string;
}

export interface NumberConfigInput {
  friendlyName?: string;
  smsUrl?: string;
  smsMethod?: string;
  smsFallbackUrl?: string;
  smsFallbackMethod?: string;
  smsApplicationSid?: string;
  voiceUrl?: string;
  voiceMethod?: string;
  voiceFallbackUrl?: string;
  voiceFallbackMethod?: string;
  voiceApplicationSid?: string;
  voiceCallerIdLookup?: boolean;
  voiceReceiveMode?: 'voice' | 'fax';
  statusCallback?: string;
  statusCallbackMethod?: string;
  addressSid?: string;
  identitySid?: string;
  bundleSid?: string;
  trunkSid?: string;
  emergencyAddressSid?: string;
}

export interface BuyNumberInput extends NumberConfigInput {
  phoneNumber?: string;
  areaCode?: string;
}

export interface CreateCallInput {
  to?: string;
  from?: string;
  url?: string;
  twiml?: string;
  applicationSid?: string;
  method?: string;
  statusCallback?: string;
  statusCallbackMethod?: string;
  statusCallbackEvents?: string[];
}

export interface InboundResult {
  message: MessageRecord;
  /** Ledger entry of the sms_url webhook (null when the number has no sms_url). */
  webhook: WebhookEntry | null;
  /** Messages sent back because the app answered with TwiML `<Message>` (or Twilio's STOP/HELP auto-replies). */
  replies: MessageRecord[];
}

// Documented, deterministic behaviours (also in README.md).
export const OPT_OUT_KEYWORDS = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
];
export const OPT_IN_KEYWORDS = ['START', 'YES', 'UNSTOP'];
export const HELP_KEYWORDS = ['HELP', 'INFO'];
export const STOP_REPLY =
  'You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.';
export const START_REPLY =
  'You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.';
export const HELP_REPLY = 'Reply STOP to unsubscribe. Msg&Data Rates May Apply.';

/** Outbound timings in ms (virtual clock). */
export const TIMINGS = {
  sentAfterSending: 1000,
  deliveredAfterSent: 2000,
  callRinging: 1000,
  callAnswered: 5000,
};

const DEFAULT_GEO = ['US', 'CA', 'FR', 'IL', 'GB'];

/** Recipient numbers ending in 99XY fail with carrier error 300XY (see README). */
const FAILURE_SUFFIX: Record<string, { status: 'undelivered' | 'failed'; code: number; message: string }> = {
  '03': { status: 'undelivered', code: 30003, message: 'Unreachable destination handset' },
  '04': { status: 'undelivered', code: 30004, message: 'Message blocked' },
  '05': { status: 'undelivered', code: 30005, message: 'Unknown destination handset' },
  '06': { status: 'undelivered', code: 30006, message: 'Landline or unreachable carrier' },
  '07': { status: 'undelivered', code: 30007, message: 'Message filtered' },
  '08': { status: 'failed', code: 30008, message: 'Unknown error' },
};

const CALL_FAILURE_SUFFIX: Record<string, CallStatus> = { '17': 'busy', '18': 'no-answer', '19': 'failed' };

const failureSuffix = (e164: string): string | null => {
  const m = /99(\d\d)$/.exec(e164);
  return m ? (m[1] ?? null) : null;
};

const MAGIC = {
  valid: '+15005550006',
  unavailable: '+15005550000',
  invalid: '+15005550001',
  unroutable: '+15005550002',
  noGeo: '+15005550003',
  optedOut: '+15005550004',
  notOwned: '+15005550007',
  queueFull: '+15005550008',
  notMobile: '+15005550009',
};

const price = (amount: number): string => (amount === 0 ? '0.00000' : (-amount).toFixed(5));

/** Statuses whose next lifecycle step is still scheduled (settled when a snapshot is restored). */
const PENDING_MESSAGE_STATUSES: MessageStatus[] = ['accepted', 'scheduled', 'queued', 'sending', 'sent'];
const PENDING_CALL_STATUSES: CallStatus[] = ['queued', 'ringing', 'in-progress'];
/** Length of every emulated call (createCall; callFromHandset's default). */
const DEFAULT_CALL_SECONDS = 30;

export class TwilioEmulatorState {
  readonly ledger: Ledger<TwilioLedgerEntry>;
  readonly scheduler: Scheduler;
  readonly faults: FaultRegistry;
  readonly rng: Rng;
  readonly inventory: InventoryNumber[];
  readonly seed: number;
  readonly publicBaseUrl: string | undefined;

  private readonly accounts = new Map<string, AccountRecord>();
  private readonly numbers = new Map<string, IncomingNumberRecord>();
  private readonly messages = new Map<string, MessageRecord>();
  private readonly calls = new Map<string, CallRecord>();
  private readonly inventoryByNumber = new Map<string, InventoryNumber>();
  /** `${sender}|${handset}` pairs that replied STOP. */
  private readonly optOuts = new Set<string>();
  /** Virtual time (ms) when each sender's queue is free again. */
  private readonly senderFreeAt = new Map<string, number>();
  private readonly sidCounters = new Map<string, number>();
  private readonly maxQueueMs: number;
  private readonly webhookCtx: WebhookContext;

  constructor(options: TwilioEmulatorStateOptions = {}) {
    this.seed = options.seed ?? 1;
    this.publicBaseUrl = options.publicBaseUrl;
    const onError =
      options.onError ??
      ((error: unknown, label: string) => console.error(`[twilio-emulator] ${label}`, error));
    this.scheduler = createScheduler({ mode: options.clock ?? 'real', now: options.now, onError });
    this.ledger = createLedger<TwilioLedgerEntry>(() => this.scheduler.now());
    this.faults = createFaultRegistry(options.faults);
    this.rng = createRng(seedFrom(this.seed, 'faults'));
    this.inventory = generateInventory(this.seed);
    for (const n of this.inventory) this.inventoryByNumber.set(n.phoneNumber, n);
    this.maxQueueMs = (options.maxQueueSeconds ?? 36_000) * 1000;
    this.webhookCtx = {
      ledger: this.ledger,
      faults: this.faults,
      rng: this.rng,
      fetch: options.webhookFetch ?? ((...args) => fetch(...args)),
      timeoutMs: options.webhookTimeoutMs ?? 15_000,
      publicBaseUrl: options.publicBaseUrl,
    };
  }

  now(): Date {
    return this.scheduler.now();
  }

  /** Manual clock: move time forward and run everything that falls due (status changes, webhooks). */
  advance(ms: number): Promise<void> {
    return this.scheduler.advance(ms);
  }

  /** Run every pending task, jumping the clock as needed (manual), or wait for in-flight ones (real). */
  runAll(): Promise<void> {
    return this.scheduler.runAll();
  }

  dispose(): void {
    this.scheduler.dispose();
  }

  newSid(prefix: string): string {
    let sid: string;
    do {
      const n = (this.sidCounters.get(prefix) ?? 0) + 1;
      this.sidCounters.set(prefix, n);
      sid = prefix + stableHex(32, this.seed, prefix, n);
      // Only a hand-edited snapshot (counters behind its records) can make this loop more than once.
    } while (this.numbers.has(sid) || this.messages.has(sid) || this.calls.has(sid));
    return sid;
  }

  // ------------------------------------------------------------- persistence

  /**
   * Plain JSON copy of everything needed to carry on after a restart: accounts (tokens, geo permissions),
   * owned numbers and their configuration, the bought part of the inventory, messages, calls, opt-outs
   * and the SID counters. Not included: the ledger, fault settings, sender queues and scheduled tasks
   * (`restore` settles unfinished messages and calls instead).
   */
  snapshot(): TwilioSnapshot {
    return {
      version: TWILIO_SNAPSHOT_VERSION,
      seed: this.seed,
      clockMs: this.scheduler.nowMs(),
      accounts: [...this.accounts.values()].map(accountToJson),
      numbers: [...this.numbers.values()].map(numberToJson),
      inventoryTaken: this.inventory.flatMap((n) =>
        n.ownerSid === undefined ? [] : [{ phoneNumber: n.phoneNumber, ownerSid: n.ownerSid }],
      ),
      messages: [...this.messages.values()].map(messageToJson),
      calls: [...this.calls.values()].map(callToJson),
      optOuts: [...this.optOuts].map((key) => {
        const bar = key.lastIndexOf('|');
        return { sender: key.slice(0, bar), handset: key.slice(bar + 1) };
      }),
      sidCounters: Object.fromEntries(this.sidCounters),
    };
  }

  /**
   * A new state holding what `snapshot()` returned (`json` may come straight from `JSON.parse`; an
   * unknown `version` or a malformed snapshot throws). The snapshot's seed replaces `options.seed`; a
   * manual clock starts at the later of `options.now()` and the snapshot's clock. Messages and calls
   * whose lifecycle was still running are settled to the final status their scheduled steps would have
   * reached (delivered / undelivered / failed with the usual price; calls completed after 30 s or
   * busy / no-answer / failed), at the restore time, without status callbacks.
   */
  static restore(json: unknown, options: TwilioEmulatorStateOptions = {}): TwilioEmulatorState {
    const snap = parseTwilioSnapshot(json);
    const wall = options.now ?? (() => new Date());
    const state = new TwilioEmulatorState({
      ...options,
      seed: snap.seed,
      ...(options.clock === 'manual'
        ? { now: () => new Date(Math.max(wall().getTime(), snap.clockMs)) }
        : {}),
    });
    for (const a of snap.accounts) state.accounts.set(a.sid, accountFromJson(a));
    for (const n of snap.numbers) state.numbers.set(n.sid, numberFromJson(n));
    for (const taken of snap.inventoryTaken) {
      const entry = state.inventoryByNumber.get(taken.phoneNumber);
      if (entry) entry.ownerSid = taken.ownerSid;
    }
    for (const n of state.numbers.values()) {
      const entry = state.inventoryByNumber.get(n.phoneNumber);
      if (entry && entry.ownerSid === undefined) entry.ownerSid = n.accountSid;
    }
    const now = state.now();
    for (const m of snap.messages) {
      const record = messageFromJson(m);
      state.settleMessage(record, now);
      state.messages.set(record.sid, record);
    }
    for (const c of snap.calls) {
      const record = callFromJson(c);
      state.settleCall(record, now);
      state.calls.set(record.sid, record);
    }
    for (const o of snap.optOuts) state.optOuts.add(`${o.sender}|${o.handset}`);
    for (const [prefix, n] of Object.entries(snap.sidCounters)) state.sidCounters.set(prefix, n);
    return state;
  }

  private settleMessage(message: MessageRecord, now: Date): void {
    if (message.status === 'receiving') {
      message.status = 'received';
      message.dateUpdated = now;
      return;
    }
    if (!PENDING_MESSAGE_STATUSES.includes(message.status)) return;
    const failure = FAILURE_SUFFIX[failureSuffix(message.to) ?? ''];
    if (failure?.status !== 'failed') {
      message.dateSent ??= now;
      message.price ??= price((countryOf(message.to)?.smsPrice ?? 0) * message.numSegments);
    }
    message.status = failure?.status ?? 'delivered';
    if (failure) {
      message.errorCode = failure.code;
      message.errorMessage = failure.message;
    }
    message.dateUpdated = now;
  }

  private settleCall(call: CallRecord, now: Date): void {
    if (!PENDING_CALL_STATUSES.includes(call.status)) return;
    const failure =
      call.direction === 'outbound-api' ? CALL_FAILURE_SUFFIX[failureSuffix(call.to) ?? ''] : undefined;
    call.dateUpdated = now;
    if (failure) {
      call.status = failure;
      call.endTime = now;
      call.duration = 0;
      call.price = '0.00000';
      return;
    }
    const start = call.startTime ?? now;
    call.startTime = start;
    call.status = 'completed';
    call.duration = DEFAULT_CALL_SECONDS;
    call.endTime = new Date(start.getTime() + DEFAULT_CALL_SECONDS * 1000);
    const minutes = Math.ceil(DEFAULT_CALL_SECONDS / 60);
    const country = countryOf(call.to);
    const perMinute =
      call.direction === 'inbound' ? 0.0085 : country?.iso === 'US' || country?.iso === 'CA' ? 0.014 : 0.12;
    call.price = price(perMinute * minutes);
  }

  // ---------------------------------------------------------------- accounts

  createAccount(input: CreateAccountInput = {}): AccountRecord {
    const n = this.accounts.size + 1;
    const sid = input.accountSid ?? `AC${stableHex(32, this.seed, 'account', n)}`;
    if (!/^AC[0-9a-f]{32}$/i.test(sid))
      throw badRequest(20001, 'AccountSid must be AC followed by 32 hex characters');
    if (this.accounts.has(sid)) throw new TwilioApiError(409, 20001, `Account ${sid} already exists`);
    const now = this.now();
    const account: AccountRecord = {
      sid,
      authToken: input.authToken ?? stableHex(32, this.seed, 'token', sid),
      friendlyName: input.friendlyName ?? (input.test ? 'Test Account' : `Sandbox account ${n}`),
      test: input.test ?? false,
      status: 'active',
      type: 'Full',
      smsGeoPermissions: new Set((input.smsGeoPermissions ?? DEFAULT_GEO).map((c) => c.toUpperCase())),
      dateCreated: now,
      dateUpdated: now,
    };
    this.accounts.set(sid, account);
    this.ledger.record({ kind: 'account.created', accountSid: sid, test: account.test });
    return account;
  }

  getAccount(sid: string): AccountRecord | undefined {
    return this.accounts.get(sid);
  }

  listAccounts(): AccountRecord[] {
    return [...this.accounts.values()];
  }

  authenticate(sid: string, token: string): AccountRecord | undefined {
    const account = this.accounts.get(sid);
    return account && account.authToken === token && account.status !== 'closed' ? account : undefined;
  }

  // ------------------------------------------------------------------ numbers

  isAvailable(phoneNumber: string): boolean {
    const entry = this.inventoryByNumber.get(phoneNumber);
    return entry !== undefined && entry.ownerSid === undefined;
  }

  buyNumber(account: AccountRecord, input: BuyNumberInput): IncomingNumberRecord {
    if (input.phoneNumber === undefined && input.areaCode === undefined) {
      throw badRequest(21450, 'A PhoneNumber or AreaCode is required.');
    }
    let entry: InventoryNumber | undefined;
    if (account.test) return this.buyTestNumber(account, input);
    if (input.phoneNumber !== undefined) {
      const e164 = normalizeE164(input.phoneNumber);
      if (!e164) throw badRequest(21421, `PhoneNumber ${input.phoneNumber} is invalid.`);
      entry = this.inventoryByNumber.get(e164);
      if (!entry || entry.ownerSid !== undefined) {
        throw badRequest(21422, `PhoneNumber ${e164} is not available.`);
      }
    } else {
      const area = String(input.areaCode);
      entry = this.inventory.find(
        (n) => n.areaCode === area && n.type === 'local' && n.ownerSid === undefined,
      );
      if (!entry) throw badRequest(21452, `No phone numbers found in area code ${area}.`);
    }
    entry.ownerSid = account.sid;
    const record = this.newNumberRecord(account, entry, input);
    this.numbers.set(record.sid, record);
    this.ledger.record({
      kind: 'number.purchased',
      accountSid: account.sid,
      sid: record.sid,
      phoneNumber: record.phoneNumber,
    });
    return record;
  }

  private buyTestNumber(account: AccountRecord, input: BuyNumberInput): IncomingNumberRecord {
    // Documented test-credential behaviour: only the magic values succeed and nothing is kept.
    if (input.phoneNumber !== undefined) {
      const e164 = normalizeE164(input.phoneNumber);
      if (!e164 || e164 === MAGIC.invalid)
        throw badRequest(21421, `PhoneNumber ${input.phoneNumber} is invalid.`);
      if (e164 !== MAGIC.valid) throw badRequest(21422, `PhoneNumber ${e164} is not available.`);
    } else if (String(input.areaCode) !== '500') {
      throw badRequest(21452, `No phone numbers found in area code ${String(input.areaCode)}.`);
    }
    const magic: InventoryNumber = {
      phoneNumber: MAGIC.valid,
      isoCountry: 'US',
      type: 'local',
      friendlyName: friendlyPhone(MAGIC.valid),
      locality: null,
      region: null,
      postalCode: null,
      rateCenter: null,
      lata: null,
      latitude: null,
      longitude: null,
      areaCode: '500',
      addressRequirements: 'none',
      capabilities: { voice: true, sms: true, mms: true, fax: false },
    };
    return this.newNumberRecord(account, magic, input);
  }

  private newNumberRecord(
    account: AccountRecord,
    entry: InventoryNumber,
    input: NumberConfigInput,
  ): IncomingNumberRecord {
    const now = this.now();
    const record: IncomingNumberRecord = {
      sid: this.newSid('PN'),
      accountSid: account.sid,
      phoneNumber: entry.phoneNumber,
      friendlyName: entry.friendlyName,
      isoCountry: entry.isoCountry,
      type: entry.type,
      capabilities: { ...entry.capabilities },
      addressRequirements: entry.addressRequirements,
      smsUrl: '',
      smsMethod: 'POST',
      smsFallbackUrl: '',
      smsFallbackMethod: 'POST',
      smsApplicationSid: '',
      voiceUrl: '',
      voiceMethod: 'POST',
      voiceFallbackUrl: '',
      voiceFallbackMethod: 'POST',
      voiceApplicationSid: '',
      voiceCallerIdLookup: false,
      voiceReceiveMode: 'voice',
      statusCallback: '',
      statusCallbackMethod: 'POST',
      addressSid: null,
      identitySid: null,
      bundleSid: null,
      trunkSid: null,
      emergencyAddressSid: null,
      dateCreated: now,
      dateUpdated: now,
    };
    this.applyNumberConfig(record, input);
    return record;
  }

  private applyNumberConfig(record: IncomingNumberRecord, input: NumberConfigInput): void {
    const method = (m: string | undefined, field: string): string | undefined => {
      if (m === undefined) return undefined;
      const upper = m.toUpperCase();
      if (upper !== 'GET' && upper !== 'POST') throw badRequest(21403, `${field} must be GET or POST`);
      return upper;
    };
    const url = (u: string | undefined, field: string): string | undefined => {
      if (u === undefined || u === '') return u;
      if (!/^https?:\/\//i.test(u) && !this.publicBaseUrl)
        throw badRequest(21502, `${field} is not a valid URL: ${u}`);
      return u;
    };
    const set = <K extends keyof IncomingNumberRecord>(
      key: K,
      value: IncomingNumberRecord[K] | undefined,
    ): void => {
      if (value !== undefined) record[key] = value;
    };
    set('friendlyName', input.friendlyName);
    set('smsUrl', url(input.smsUrl, 'SmsUrl'));
    set('smsMethod', method(input.smsMethod, 'SmsMethod'));
    set('smsFallbackUrl', url(input.smsFallbackUrl, 'SmsFallbackUrl'));
    set('smsFallbackMethod', method(input.smsFallbackMethod, 'SmsFallbackMethod'));
    set('smsApplicationSid', input.smsApplicationSid);
    set('voiceUrl', url(input.voiceUrl, 'VoiceUrl'));
    set('voiceMethod', method(input.voiceMethod, 'VoiceMethod'));
    set('voiceFallbackUrl', url(input.voiceFallbackUrl, 'VoiceFallbackUrl'));
    set('voiceFallbackMethod', method(input.voiceFallbackMethod, 'VoiceFallbackMethod'));
    set('voiceApplicationSid', input.voiceApplicationSid);
    set('voiceCallerIdLookup', input.voiceCallerIdLookup);
    set('voiceReceiveMode', input.voiceReceiveMode);
    set('statusCallback', url(input.statusCallback, 'StatusCallback'));
    set('statusCallbackMethod', method(input.statusCallbackMethod, 'StatusCallbackMethod'));
    set('addressSid', input.addressSid);
    set('identitySid', input.identitySid);
    set('bundleSid', input.bundleSid);
    set('trunkSid', input.trunkSid);
    set('emergencyAddressSid', input.emergencyAddressSid);
  }

  updateNumber(record: IncomingNumberRecord, input: NumberConfigInput): IncomingNumberRecord {
    this.applyNumberConfig(record, input);
    record.dateUpdated = this.now();
    return record;
  }

  releaseNumber(record: IncomingNumberRecord): void {
    this.numbers.delete(record.sid);
    const entry = this.inventoryByNumber.get(record.phoneNumber);
    if (entry) delete entry.ownerSid;
    for (const key of [...this.optOuts])
      if (key.startsWith(`${record.phoneNumber}|`)) this.optOuts.delete(key);
    this.ledger.record({
      kind: 'number.released',
      accountSid: record.accountSid,
      sid: record.sid,
      phoneNumber: record.phoneNumber,
    });
  }

  getNumber(accountSid: string, sid: string): IncomingNumberRecord | undefined {
    const n = this.numbers.get(sid);
    return n && n.accountSid === accountSid ? n : undefined;
  }

  listNumbers(accountSid?: string): IncomingNumberRecord[] {
    return [...this.numbers.values()].filter((n) => accountSid === undefined || n.accountSid === accountSid);
  }

  findOwnedNumber(phoneNumber: string): IncomingNumberRecord | undefined {
    for (const n of this.numbers.values()) if (n.phoneNumber === phoneNumber) return n;
    return undefined;
  }

  // ----------------------------------------------------------------- messages

  getMessage(accountSid: string, sid: string): MessageRecord | undefined {
    const m = this.messages.get(sid);
    return m && m.accountSid === accountSid ? m : undefined;
  }

  /** Newest first, as Twilio lists them. */
  listMessages(accountSid?: string): MessageRecord[] {
    return [...this.messages.values()]
      .filter((m) => accountSid === undefined || m.accountSid === accountSid)
      .reverse();
  }

  deleteMessage(record: MessageRecord): void {
    this.messages.delete(record.sid);
  }

  /** Messages a simulated handset sent or received, oldest first. */
  handsetMessages(handset: string): MessageRecord[] {
    return [...this.messages.values()].filter(
      (m) =>
        (m.direction === 'inbound' && m.from === handset) || (m.direction !== 'inbound' && m.to === handset),
    );
  }

  isOptedOut(sender: string, handset: string): boolean {
    return this.optOuts.has(`${sender}|${handset}`);
  }

  private reject(account: AccountRecord, input: SendMessageInput, error: TwilioApiError): TwilioApiError {
    this.ledger.record({
      kind: 'message.rejected',
      accountSid: account.sid,
      from: input.from ?? input.messagingServiceSid ?? null,
      to: input.to ?? null,
      code: error.code,
      status: error.status,
      message: error.message,
    });
    return error;
  }

  sendMessage(
    account: AccountRecord,
    input: SendMessageInput,
    direction: MessageDirection = 'outbound-api',
  ): MessageRecord {
    try {
      return this.sendMessageUnchecked(account, input, direction);
    } catch (error) {
      throw error instanceof TwilioApiError ? this.reject(account, input, error) : error;
    }
  }

  private sendMessageUnchecked(
    account: AccountRecord,
    input: SendMessageInput,
    direction: MessageDirection,
  ): MessageRecord {
    if (input.to === undefined || input.to === '')
      throw badRequest(21604, "A 'To' phone number is required.");
    if (!input.from && !input.messagingServiceSid) {
      throw badRequest(21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
    }
    const body = input.body ?? '';
    const mediaUrls = input.mediaUrls ?? [];
    if (body === '' && mediaUrls.length === 0) throw badRequest(21602, 'Message body is required.');
    if ([...body].length > 1600) {
      throw badRequest(21617, 'The concatenated message body exceeds the 1600 character limit.');
    }
    if (mediaUrls.length > 10) throw badRequest(21623, 'Number of media files exceeds allowed limit.');
    if (
      input.statusCallback !== undefined &&
      input.statusCallback !== '' &&
      !/^https?:\/\//i.test(input.statusCallback)
    ) {
      if (!this.publicBaseUrl) throw badRequest(21609, `Invalid StatusCallback url: ${input.statusCallback}`);
    }
    const to = normalizeE164(input.to);
    if (account.test) return this.sendTestMessage(account, input, to, body, mediaUrls);
    if (!to) throw badRequest(21211, `The 'To' number ${input.to} is not a valid phone number.`);

    // Resolve the sender.
    let sender: string;
    let senderNumber: IncomingNumberRecord | undefined;
    let messagingServiceSid: string | null = null;
    if (input.from) {
      const from = normalizeE164(input.from);
      if (from) {
        senderNumber = this.findOwnedNumber(from);
        if (!senderNumber || senderNumber.accountSid !== account.sid || !senderNumber.capabilities.sms) {
          throw badRequest(
            21606,
            `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
          );
        }
        sender = from;
      } else if (isAlphanumericSenderId(input.from)) {
        sender = input.from;
      } else {
        throw badRequest(
          21212,
          `The 'From' number ${input.from} is not a valid phone number, shortcode, or alphanumeric sender ID.`,
        );
      }
    } else {
      const mg = input.messagingServiceSid ?? '';
      if (!/^MG[0-9a-f]{32}$/i.test(mg))
        throw badRequest(21701, `The Messaging Service Sid ${mg} is invalid.`);
      messagingServiceSid = mg;
      // No Messaging Service resource is emulated: the account's SMS-capable numbers act as the sender
      // pool, preferring one in the destination's country (Twilio's "country code geomatch").
      const pool = this.listNumbers(account.sid).filter((n) => n.capabilities.sms);
      const destIso = countryOf(to)?.iso;
      senderNumber = pool.find((n) => n.isoCountry === destIso) ?? pool[0];
      if (!senderNumber) {
        throw badRequest(
          21703,
          'The Messaging Service does not have a phone number available to send a message.',
        );
      }
      sender = senderNumber.phoneNumber;
    }

    // Destination checks, in the order Twilio reports them.
    const destination = countryOf(to);
    if (!destination || !account.smsGeoPermissions.has(destination.iso)) {
      throw badRequest(
        21408,
        `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`,
      );
    }
    const suffix = failureSuffix(to);
    const alphaToNanp = !senderNumber && to.startsWith('+1');
    if (suffix === '12' || alphaToNanp) {
      throw badRequest(
        21612,
        `The 'To' phone number: ${to}, is not currently reachable using the 'From' phone number: ${sender} via SMS.`,
      );
    }
    if (suffix === '14' || !isMobileRange(to))
      throw badRequest(21614, `'To' number ${to} is not a valid mobile number`);
    if (direction !== 'outbound-reply' && this.isOptedOut(sender, to)) {
      throw badRequest(21610, 'Attempt to send to unsubscribed recipient');
    }

    // Long-code throughput: one segment per second per sender (3/s toll-free), at most maxQueue waiting.
    const segments = countSegments(body).segments;
    const perSecond = senderNumber?.type === 'tollfree' ? 3 : senderNumber ? 1 : 10;
    const nowMs = this.scheduler.nowMs();
    const startMs = Math.max(nowMs, this.senderFreeAt.get(sender) ?? 0);
    if (startMs - nowMs > this.maxQueueMs) {
      throw new TwilioApiError(
        429,
        21611,
        "This 'From' number has exceeded the maximum number of queued messages",
      );
    }
    this.senderFreeAt.set(sender, startMs + Math.ceil((segments * 1000) / perSecond));

    const now = this.now();
    const message: MessageRecord = {
      sid: this.newSid(mediaUrls.length > 0 ? 'MM' : 'SM'),
      accountSid: account.sid,
      messagingServiceSid,
      from: sender,
      to,
      body,
      status: messagingServiceSid ? 'accepted' : 'queued',
      direction,
      numSegments: segments,
      mediaUrls,
      price: null,
      priceUnit: 'USD',
      errorCode: null,
      errorMessage: null,
      statusCallback: input.statusCallback || null,
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
    };
    this.messages.set(message.sid, message);
    this.ledger.record({
      kind: 'message.created',
      accountSid: account.sid,
      messageSid: message.sid,
      direction,
      from: message.from,
      to,
      body,
      numSegments: segments,
      status: message.status,
      test: false,
    });
    this.scheduleLifecycle(account, message, startMs, destination.smsPrice);
    return message;
  }

  private sendTestMessage(
    account: AccountRecord,
    input: SendMessageInput,
    to: string | null,
    body: string,
    mediaUrls: string[],
  ): MessageRecord {
    const from = input.from ? normalizeE164(input.from) : null;
    if (input.from && (!from || from === MAGIC.invalid)) {
      throw badRequest(
        21212,
        `The 'From' number ${input.from} is not a valid phone number, shortcode, or alphanumeric sender ID.`,
      );
    }
    if (from === MAGIC.queueFull) {
      throw new TwilioApiError(
        429,
        21611,
        "This 'From' number has exceeded the maximum number of queued messages",
      );
    }
    if (input.from && from !== MAGIC.valid) {
      throw badRequest(
        21606,
        `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
      );
    }
    if (!to || to === MAGIC.invalid)
      throw badRequest(21211, `The 'To' number ${input.to} is not a valid phone number.`);
    if (to === MAGIC.unroutable) {
      throw badRequest(
        21612,
        `The 'To' phone number: ${to}, is not currently reachable using the 'From' phone number: ${from} via SMS.`,
      );
    }
    if (to === MAGIC.noGeo) {
      throw badRequest(
        21408,
        `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`,
      );
    }
    if (to === MAGIC.optedOut) throw badRequest(21610, 'Attempt to send to unsubscribed recipient');
    if (to === MAGIC.notMobile) throw badRequest(21614, `'To' number ${to} is not a valid mobile number`);
    const now = this.now();
    const message: MessageRecord = {
      sid: this.newSid(mediaUrls.length > 0 ? 'MM' : 'SM'),
      accountSid: account.sid,
      messagingServiceSid: input.messagingServiceSid ?? null,
      from,
      to,
      body,
      status: 'queued',
      direction: 'outbound-api',
      numSegments: countSegments(body).segments,
      mediaUrls,
      price: null,
      priceUnit: 'USD',
      errorCode: null,
      errorMessage: null,
      statusCallback: input.statusCallback || null,
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
    };
    this.ledger.record({
      kind: 'message.created',
      accountSid: account.sid,
      messageSid: message.sid,
      direction: 'outbound-api',
      from,
      to,
      body,
      numSegments: message.numSegments,
      status: 'queued',
      test: true,
    });
    return message;
  }

  private scheduleLifecycle(
    account: AccountRecord,
    message: MessageRecord,
    startMs: number,
    unitPrice: number,
  ): void {
    const failure = FAILURE_SUFFIX[failureSuffix(message.to) ?? ''];
    if (message.status === 'accepted') {
      this.scheduler.after(0, `message ${message.sid} queued`, () =>
        this.transition(account, message, 'queued'),
      );
    }
    this.scheduler.at(startMs, `message ${message.sid} sending`, () =>
      this.transition(account, message, 'sending'),
    );
    const sentAt = startMs + TIMINGS.sentAfterSending;
    if (failure?.status === 'failed') {
      this.scheduler.at(sentAt, `message ${message.sid} failed`, () =>
        this.transition(account, message, 'failed', failure),
      );
      return;
    }
    this.scheduler.at(sentAt, `message ${message.sid} sent`, () => {
      message.dateSent = this.now();
      message.price = price(unitPrice * message.numSegments);
      return this.transition(account, message, 'sent');
    });
    this.scheduler.at(sentAt + TIMINGS.deliveredAfterSent, `message ${message.sid} final`, () =>
      failure
        ? this.transition(account, message, 'undelivered', failure)
        : this.transition(account, message, 'delivered'),
    );
  }

  private async transition(
    account: AccountRecord,
    message: MessageRecord,
    status: MessageStatus,
    error?: { code: number; message: string },
  ): Promise<void> {
    // Deleted or canceled messages stop progressing.
    if (!this.messages.has(message.sid) || message.status === 'canceled') return;
    message.status = status;
    message.dateUpdated = this.now();
    if (error) {
      message.errorCode = error.code;
      message.errorMessage = error.message;
    }
    this.ledger.record({
      kind: 'message.status',
      accountSid: account.sid,
      messageSid: message.sid,
      status,
      errorCode: message.errorCode,
    });
    if (!message.statusCallback) return;
    const params: Record<string, string> = {
      AccountSid: account.sid,
      ApiVersion: API_VERSION,
      From: message.from ?? '',
      MessageSid: message.sid,
      MessageStatus: status,
      SmsSid: message.sid,
      SmsStatus: status,
      To: message.to,
    };
    if (message.messagingServiceSid) params.MessagingServiceSid = message.messagingServiceSid;
    if (error) params.ErrorCode = String(error.code);
    if (status === 'delivered' || status === 'undelivered') params.RawDlrDoneDate = rawDlrDate(this.now());
    await deliverWebhook(this.webhookCtx, {
      accountSid: account.sid,
      authToken: account.authToken,
      purpose: 'message-status',
      relatedSid: message.sid,
      url: message.statusCallback,
      method: 'POST',
      params,
    });
  }

  /** `Body=""` redacts; `Status=canceled` cancels a message that has not started sending. */
  updateMessage(record: MessageRecord, input: { body?: string; status?: string }): MessageRecord {
    if (input.status !== undefined) {
      if (input.status !== 'canceled') throw badRequest(20001, `Invalid Status: ${input.status}`);
      if (!['accepted', 'scheduled', 'queued'].includes(record.status)) {
        throw badRequest(30409, 'Message cannot be canceled: it is already being sent.');
      }
      record.status = 'canceled';
      this.ledger.record({
        kind: 'message.status',
        accountSid: record.accountSid,
        messageSid: record.sid,
        status: 'canceled',
        errorCode: null,
      });
    }
    if (input.body !== undefined) {
      if (input.body !== '')
        throw badRequest(20001, 'Body can only be updated to an empty string (redaction).');
      record.body = '';
    }
    record.dateUpdated = this.now();
    return record;
  }

  // ------------------------------------------------------------------ handsets

  /**
   * A simulated phone `from` texts the emulator number `to`: stores the inbound message, applies Twilio's
   * opt-out keywords, posts the signed webhook to the number's sms_url (falling back to sms_fallback_url)
   * and sends any TwiML `<Message>` replies.
   */
  async receiveFromHandset(input: {
    from: string;
    to: string;
    body?: string;
    mediaUrls?: string[];
  }): Promise<InboundResult> {
    const from = normalizeE164(input.from);
    if (!from) throw badRequest(21211, `The handset number ${input.from} is not a valid phone number.`);
    const to = normalizeE164(input.to);
    const number = to ? this.findOwnedNumber(to) : undefined;
    if (!to || !number) throw new TwilioApiError(404, 20404, `No emulated Twilio number ${input.to} exists.`);
    if (!number.capabilities.sms) throw badRequest(21606, `The number ${to} cannot receive SMS.`);
    const account = this.accounts.get(number.accountSid);
    if (!account) throw new TwilioApiError(404, 20404, `Account ${number.accountSid} not found`);
    const body = input.body ?? '';
    const mediaUrls = input.mediaUrls ?? [];
    const segments = countSegments(body).segments;
    const now = this.now();
    const destination = countryByIso(number.isoCountry);
    const message: MessageRecord = {
      sid: this.newSid(mediaUrls.length > 0 ? 'MM' : 'SM'),
      accountSid: account.sid,
      messagingServiceSid: null,
      from,
      to,
      body,
      status: 'received',
      direction: 'inbound',
      numSegments: segments,
      mediaUrls,
      price: price((destination?.inboundSmsPrice ?? 0) * segments),
      priceUnit: 'USD',
      errorCode: null,
      errorMessage: null,
      statusCallback: null,
      dateCreated: now,
      dateUpdated: now,
      dateSent: now,
    };
    this.messages.set(message.sid, message);
    this.ledger.record({
      kind: 'message.created',
      accountSid: account.sid,
      messageSid: message.sid,
      direction: 'inbound',
      from,
      to,
      body,
      numSegments: segments,
      status: 'received',
      test: false,
    });

    const replies: MessageRecord[] = [];
    const keyword = body.trim().toUpperCase();
    const autoReply = (text: string): void => {
      try {
        replies.push(this.sendMessage(account, { from: to, to: from, body: text }, 'outbound-reply'));
      } catch {
        // Auto-replies are best effort, as on Twilio (e.g. destination without geo permission).
      }
    };
    if (OPT_OUT_KEYWORDS.includes(keyword)) {
      this.optOuts.add(`${to}|${from}`);
      this.ledger.record({ kind: 'opt-out', accountSid: account.sid, sender: to, handset: from, keyword });
      autoReply(STOP_REPLY);
    } else if (OPT_IN_KEYWORDS.includes(keyword)) {
      this.optOuts.delete(`${to}|${from}`);
      this.ledger.record({ kind: 'opt-in', accountSid: account.sid, sender: to, handset: from, keyword });
      autoReply(START_REPLY);
    } else if (HELP_KEYWORDS.includes(keyword)) {
      autoReply(HELP_REPLY);
    }

    let webhook: InboundResult['webhook'] = null;
    if (number.smsUrl) {
      const params = this.inboundSmsParams(account, message, number);
      webhook = await deliverWebhook(this.webhookCtx, {
        accountSid: account.sid,
        authToken: account.authToken,
        purpose: 'incoming-message',
        relatedSid: message.sid,
        url: number.smsUrl,
        method: number.smsMethod,
        params,
      });
      let answer = webhook;
      if (!isSuccess(webhook) && number.smsFallbackUrl) {
        answer = await deliverWebhook(this.webhookCtx, {
          accountSid: account.sid,
          authToken: account.authToken,
          purpose: 'incoming-message',
          relatedSid: message.sid,
          url: number.smsFallbackUrl,
          method: number.smsFallbackMethod,
          params,
        });
      }
      if (isSuccess(answer) && answer.response) {
        for (const text of twimlMessages(answer.response.body)) {
          try {
            replies.push(this.sendMessage(account, { from: to, to: from, body: text }, 'outbound-reply'));
          } catch {
            // Recorded as message.rejected in the ledger (e.g. the handset opted out).
          }
        }
      }
    }
    return { message, webhook, replies };
  }

  private inboundSmsParams(
    account: AccountRecord,
    message: MessageRecord,
    number: IncomingNumberRecord,
  ): WebhookParams {
    const inv = this.inventoryByNumber.get(number.phoneNumber);
    const fromCountry = countryOf(message.from ?? '')?.iso ?? '';
    const params: Record<string, string> = {
      ToCountry: number.isoCountry,
      ToState: inv?.region ?? '',
      SmsMessageSid: message.sid,
      NumMedia: String(message.mediaUrls.length),
      ToCity: inv?.locality ?? '',
      FromZip: '',
      SmsSid: message.sid,
      FromState: '',
      SmsStatus: 'received',
      FromCity: '',
      Body: message.body,
      FromCountry: fromCountry,
      To: message.to,
      ToZip: inv?.postalCode ?? '',
      NumSegments: String(message.numSegments),
      ReferralNumMedia: '0',
      MessageSid: message.sid,
      AccountSid: account.sid,
      From: message.from ?? '',
      ApiVersion: API_VERSION,
    };
    message.mediaUrls.forEach((url, i) => {
      params[`MediaUrl${i}`] = url;
      params[`MediaContentType${i}`] = guessContentType(url);
    });
    return params;
  }

  // --------------------------------------------------------------------- calls

  getCall(accountSid: string, sid: string): CallRecord | undefined {
    const c = this.calls.get(sid);
    return c && c.accountSid === accountSid ? c : undefined;
  }

  listCalls(accountSid?: string): CallRecord[] {
    return [...this.calls.values()]
      .filter((c) => accountSid === undefined || c.accountSid === accountSid)
      .reverse();
  }

  createCall(account: AccountRecord, input: CreateCallInput): CallRecord {
    if (!input.to) throw badRequest(21201, "No 'To' number is specified");
    if (!input.from) throw badRequest(21213, "No 'From' number is specified");
    if (!input.url && !input.twiml && !input.applicationSid) {
      throw badRequest(21205, 'Url parameter is required.');
    }
    const to = normalizeE164(input.to);
    const from = normalizeE164(input.from);
    if (!to || (account.test && to === MAGIC.invalid))
      throw badRequest(21217, 'Phone number does not appear to be valid');
    if (!from || (account.test && from === MAGIC.invalid)) {
      throw badRequest(21212, `The 'From' number ${input.from} is not a valid phone number.`);
    }
    let phoneNumberSid: string | null = null;
    if (account.test) {
      if (to === MAGIC.unroutable) throw badRequest(21214, "'To' phone number cannot be reached");
      if (to === MAGIC.noGeo) throw badRequest(21215, `Account not authorized to call ${to}.`);
      if (from !== MAGIC.valid) {
        throw badRequest(
          21210,
          `The source phone number provided, ${from}, is not yet verified for your account.`,
        );
      }
    } else {
      const owned = this.findOwnedNumber(from);
      if (!owned || owned.accountSid !== account.sid || !owned.capabilities.voice) {
        throw badRequest(
          21210,
          `The source phone number provided, ${from}, is not yet verified for your account.`,
        );
      }
      phoneNumberSid = owned.sid;
      const country = countryOf(to);
      if (!country || !account.smsGeoPermissions.has(country.iso)) {
        throw badRequest(21215, `Account not authorized to call ${to}.`);
      }
    }
    const now = this.now();
    const call: CallRecord = {
      sid: this.newSid('CA'),
      accountSid: account.sid,
      parentCallSid: null,
      from,
      to,
      phoneNumberSid,
      status: 'queued',
      direction: 'outbound-api',
      url: input.url ?? null,
      twiml: input.twiml ?? null,
      method: (input.method ?? 'POST').toUpperCase(),
      statusCallback: input.statusCallback ?? null,
      statusCallbackMethod: (input.statusCallbackMethod ?? 'POST').toUpperCase(),
      statusCallbackEvents: input.statusCallbackEvents?.length ? input.statusCallbackEvents : ['completed'],
      startTime: null,
      endTime: null,
      duration: null,
      price: null,
      answeredBy: null,
      dateCreated: now,
      dateUpdated: now,
    };
    if (account.test) return call;
    this.calls.set(call.sid, call);
    this.ledger.record({
      kind: 'call.created',
      accountSid: account.sid,
      callSid: call.sid,
      direction: call.direction,
      from,
      to,
    });
    this.scheduleCall(account, call, DEFAULT_CALL_SECONDS);
    return call;
  }

  /** A simulated handset calls an emulator number: the number's voice_url gets the signed webhook. */
  async callFromHandset(input: { from: string; to: string; durationSeconds?: number }): Promise<{
    call: CallRecord;
    webhook: WebhookEntry | null;
  }> {
    const from = normalizeE164(input.from);
    if (!from) throw badRequest(21211, `The handset number ${input.from} is not a valid phone number.`);
    const to = normalizeE164(input.to);
    const number = to ? this.findOwnedNumber(to) : undefined;
    if (!to || !number) throw new TwilioApiError(404, 20404, `No emulated Twilio number ${input.to} exists.`);
    const account = this.accounts.get(number.accountSid);
    if (!account) throw new TwilioApiError(404, 20404, `Account ${number.accountSid} not found`);
    const now = this.now();
    const call: CallRecord = {
      sid: this.newSid('CA'),
      accountSid: account.sid,
      parentCallSid: null,
      from,
      to,
      phoneNumberSid: number.sid,
      status: 'ringing',
      direction: 'inbound',
      url: number.voiceUrl || null,
      twiml: null,
      method: number.voiceMethod,
      statusCallback: number.statusCallback || null,
      statusCallbackMethod: number.statusCallbackMethod,
      statusCallbackEvents: ['completed'],
      startTime: now,
      endTime: null,
      duration: null,
      price: null,
      answeredBy: null,
      dateCreated: now,
      dateUpdated: now,
    };
    this.calls.set(call.sid, call);
    this.ledger.record({
      kind: 'call.created',
      accountSid: account.sid,
      callSid: call.sid,
      direction: 'inbound',
      from,
      to,
    });
    let webhook: WebhookEntry | null = null;
    if (number.voiceUrl) {
      webhook = await deliverWebhook(this.webhookCtx, {
        accountSid: account.sid,
        authToken: account.authToken,
        purpose: 'incoming-call',
        relatedSid: call.sid,
        url: number.voiceUrl,
        method: number.voiceMethod,
        params: this.callParams(account, call, 'ringing'),
      });
    }
    await this.setCallStatus(account, call, 'in-progress');
    const duration = input.durationSeconds ?? DEFAULT_CALL_SECONDS;
    this.scheduler.after(duration * 1000, `call ${call.sid} completed`, async () => {
      call.duration = duration;
      call.endTime = this.now();
      call.price = price(0.0085 * Math.ceil(duration / 60));
      await this.setCallStatus(account, call, 'completed');
    });
    return { call, webhook };
  }

  private scheduleCall(account: AccountRecord, call: CallRecord, durationSeconds: number): void {
    const failure = CALL_FAILURE_SUFFIX[failureSuffix(call.to) ?? ''];
    this.scheduler.after(0, `call ${call.sid} initiated`, () => this.callEvent(account, call, 'initiated'));
    this.scheduler.after(TIMINGS.callRinging, `call ${call.sid} ringing`, () => {
      call.startTime = this.now();
      return this.setCallStatus(account, call, 'ringing');
    });
    if (failure) {
      this.scheduler.after(TIMINGS.callAnswered, `call ${call.sid} ${failure}`, () => {
        call.endTime = this.now();
        call.duration = 0;
        call.price = '0.00000';
        return this.setCallStatus(account, call, failure);
      });
      return;
    }
    this.scheduler.after(TIMINGS.callAnswered, `call ${call.sid} answered`, async () => {
      call.answeredBy = null;
      await this.setCallStatus(account, call, 'in-progress');
      if (call.url) {
        await deliverWebhook(this.webhookCtx, {
          accountSid: account.sid,
          authToken: account.authToken,
          purpose: 'call-url',
          relatedSid: call.sid,
          url: call.url,
          method: call.method,
          params: this.callParams(account, call, 'in-progress'),
        });
      }
    });
    this.scheduler.after(TIMINGS.callAnswered + durationSeconds * 1000, `call ${call.sid} completed`, () => {
      call.endTime = this.now();
      call.duration = durationSeconds;
      const country = countryOf(call.to);
      const perMinute = country?.iso === 'US' || country?.iso === 'CA' ? 0.014 : 0.12;
      call.price = price(perMinute * Math.ceil(durationSeconds / 60));
      return this.setCallStatus(account, call, 'completed');
    });
  }

  private callParams(account: AccountRecord, call: CallRecord, status: string): Record<string, string> {
    return {
      AccountSid: account.sid,
      ApiVersion: API_VERSION,
      CallSid: call.sid,
      CallStatus: status,
      Called: call.to,
      Caller: call.from,
      Direction: call.direction,
      From: call.from,
      FromCountry: countryOf(call.from)?.iso ?? '',
      To: call.to,
      ToCountry: countryOf(call.to)?.iso ?? '',
    };
  }

  private async setCallStatus(account: AccountRecord, call: CallRecord, status: CallStatus): Promise<void> {
    call.status = status;
    call.dateUpdated = this.now();
    this.ledger.record({ kind: 'call.status', accountSid: account.sid, callSid: call.sid, status });
    const event =
      status === 'in-progress'
        ? 'answered'
        : ['busy', 'failed', 'no-answer', 'canceled'].includes(status)
          ? 'completed'
          : status;
    await this.callEvent(account, call, event);
  }

  private async callEvent(account: AccountRecord, call: CallRecord, event: string): Promise<void> {
    if (!call.statusCallback || !call.statusCallbackEvents.includes(event)) return;
    const params = {
      ...this.callParams(account, call, event === 'initiated' ? 'initiated' : call.status),
      CallbackSource: 'call-progress-events',
      Timestamp: this.now().toUTCString().replace(/GMT$/, '+0000'),
      SequenceNumber: String(['initiated', 'ringing', 'answered', 'completed'].indexOf(event)),
      ...(call.duration !== null ? { CallDuration: String(call.duration) } : {}),
    };
    await deliverWebhook(this.webhookCtx, {
      accountSid: account.sid,
      authToken: account.authToken,
      purpose: 'call-status',
      relatedSid: call.sid,
      url: call.statusCallback,
      method: call.statusCallbackMethod,
      params,
    });
  }
}

/** `YYMMDDhhmm` carrier DLR timestamp (UTC). */
function rawDlrDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

function guessContentType(url: string): string {
  const ext = /\.([a-z0-9]+)(?:\?|$)/i.exec(url)?.[1]?.toLowerCase();
  const map: Record<string, string> = {
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    gif: 'image/gif',
  };
  return (ext && map[ext]) ?? 'application/octet-stream';
}

export function createTwilioEmulatorState(options: TwilioEmulatorStateOptions = {}): TwilioEmulatorState {
  return new TwilioEmulatorState(options);
}

/**
 * AVA's vocabulary for what it asks of a phone provider (numbers, texts, calls, webhook checks). Adapters
 * translate to and from the vendor's API and throw `ProviderError` on failure.
 */

export type NumberType = 'local' | 'mobile' | 'tollFree';

export type NumberCapabilities = { voice: boolean; sms: boolean; mms: boolean };

export type AvailableNumber = {
  phoneNumber: string;
  locality: string | null;
  region: string | null;
  country: string;
  capabilities: NumberCapabilities;
  /** Twilio's search API has no price; adapters that know it fill it in. */
  monthlyPrice?: number;
};

export type SearchNumbersInput = {
  /** ISO 3166-1 alpha-2, e.g. 'US', 'FR', 'IL'. */
  country: string;
  /** NANP only (US/CA); other countries ignore it. */
  areaCode?: string;
  /** Digits or a pattern: `*` one character, `%` any run. */
  contains?: string;
  type?: NumberType;
  sms?: boolean;
  voice?: boolean;
  limit?: number;
};

export type OwnedNumber = {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  capabilities: NumberCapabilities;
  smsUrl: string | null;
  voiceUrl: string | null;
  statusCallback: string | null;
};

export type BuyNumberInput = {
  /** The exact number picked from a search... */
  phoneNumber?: string;
  /** ...or any free local number in this area code (US/CA); one of the two is required. */
  areaCode?: string;
  smsUrl: string;
  statusCallback: string;
  voiceUrl?: string;
  friendlyName?: string;
};

export type NumberWebhooks = {
  smsUrl?: string;
  voiceUrl?: string;
  statusCallback?: string;
  friendlyName?: string;
};

export type SendSmsInput = {
  /** Falls back to the adapter's default sender. */
  from?: string;
  to: string;
  body: string;
  statusCallback?: string;
};

export type SentSms = {
  sid: string;
  status: string;
  segments: number;
  /** USD, negative like Twilio reports it; null until the provider has priced it. */
  price: number | null;
};

export type SmsStatus =
  | 'queued'
  | 'accepted'
  | 'scheduled'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'undelivered'
  | 'failed'
  | 'receiving'
  | 'received'
  | 'canceled'
  | 'read'
  | 'partially_delivered';

export type SmsMessage = {
  sid: string;
  from: string | null;
  to: string;
  body: string;
  status: SmsStatus;
  direction: 'inbound' | 'outbound';
  segments: number;
  price: number | null;
  priceUnit: string | null;
  errorCode: number | null;
  /** Plain-language reason for a failed delivery (see `deliveryErrorReason`). */
  errorReason: string | null;
  createdAt: Date | null;
  sentAt: Date | null;
};

export type ListMessagesInput = {
  to?: string;
  from?: string;
  sentAfter?: Date;
  sentBefore?: Date;
  limit?: number;
};

export type PhoneCall = {
  sid: string;
  from: string;
  to: string;
  status: string;
  direction: 'inbound' | 'outbound';
  startedAt: Date | null;
  endedAt: Date | null;
  durationSeconds: number | null;
  price: number | null;
};

export type ListCallsInput = {
  to?: string;
  from?: string;
  status?: 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';
  startedAfter?: Date;
  startedBefore?: Date;
  limit?: number;
};

/** One page of a Twilio list, newest first; `nextPageUrl` (null on the last page) is what a resumed import continues from. */
export type ProviderPage<T> = { items: T[]; nextPageUrl: string | null };

export type PageInput = {
  /** records per page (Twilio allows up to 1000); ignored when `pageUrl` is given, which carries its own */
  pageSize?: number;
  /** a previous page's `nextPageUrl` */
  pageUrl?: string;
};

export type AccountCheck = { accountName: string; status: string; type: string | null };

/** What system messages (sign-in codes) need: the outbox adapter provides only this. */
export interface SmsSender {
  sendSms(input: SendSmsInput): Promise<SentSms | void>;
}

export interface TelephonyPort extends SmsSender {
  verifyCredentials(): Promise<AccountCheck>;
  searchAvailableNumbers(input: SearchNumbersInput): Promise<AvailableNumber[]>;
  buyNumber(input: BuyNumberInput): Promise<OwnedNumber>;
  listNumbers(): Promise<OwnedNumber[]>;
  updateNumberWebhooks(sid: string, webhooks: NumberWebhooks): Promise<OwnedNumber>;
  releaseNumber(sid: string): Promise<void>;
  sendSms(input: SendSmsInput): Promise<SentSms>;
  getMessage(sid: string): Promise<SmsMessage>;
  listMessages(input?: ListMessagesInput): Promise<SmsMessage[]>;
  listCalls(input?: ListCallsInput): Promise<PhoneCall[]>;
  /** The account's whole message history, one page at a time (the history sync). */
  pageMessages(input: PageInput): Promise<ProviderPage<SmsMessage>>;
  /** The account's whole call log, one page at a time. */
  pageCalls(input: PageInput): Promise<ProviderPage<PhoneCall>>;
  /** True when `signature` (X-Twilio-Signature) matches the URL and form params we received. */
  validateWebhook(input: { url: string; params: Record<string, string>; signature: string }): boolean;
}

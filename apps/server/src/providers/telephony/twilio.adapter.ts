import twilio from 'twilio';
import { timingSafeEqual } from 'node:crypto';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { ProviderError } from '../provider-error.ts';
import type {
  AvailableNumber,
  NumberCapabilities,
  OwnedNumber,
  PhoneCall,
  SmsMessage,
  SmsStatus,
  TelephonyPort,
} from './telephony.port.ts';
import { deliveryErrorReason, toTwilioProviderError } from './twilio.errors.ts';

export type TwilioTelephonyConfig = {
  accountSid: string;
  authToken: string;
  /**
   * Origin plus optional path prefix that replaces `https://api.twilio.com` (and every other Twilio host),
   * e.g. `http://127.0.0.1:3000/sandbox/twilio` for the emulator. Unset: the real Twilio.
   */
  baseUrl?: string;
  /** Sender used when `sendSms` gets no `from`. */
  defaultFrom?: string;
  /** Per-request timeout; the SDK's default (30 s) is too long for a request a user waits on. */
  timeoutMs?: number;
};

/**
 * The SDK hard-codes Twilio's hosts (NOTES §2), so a custom HTTP client is the one place an origin can be
 * swapped; auth, encoding and paging stay the SDK's own. The original host goes in a header so one
 * emulator could serve several Twilio domains.
 */
class OriginRewritingRequestClient extends twilio.RequestClient {
  private readonly target: URL | undefined;
  constructor(baseUrl: string | undefined, timeoutMs: number) {
    super({ timeout: timeoutMs });
    this.target = baseUrl ? new URL(baseUrl) : undefined;
  }
  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    if (!this.target) return super.request<TData>(opts);
    const u = new URL(opts.uri);
    const headers = { ...opts.headers, 'X-Original-Host': u.host };
    u.protocol = this.target.protocol;
    u.host = this.target.host;
    u.pathname = this.target.pathname.replace(/\/$/, '') + u.pathname;
    return super.request<TData>({ ...opts, uri: u.toString(), headers });
  }
}

type AvailableLike = {
  phoneNumber: string;
  locality: string;
  region: string;
  isoCountry: string;
  capabilities: unknown;
};

/** Twilio's capability keys come lowercase in the spec examples and uppercase (`SMS`) in some answers. */
function capabilitiesOf(raw: unknown): NumberCapabilities {
  const lower: Record<string, unknown> = {};
  if (typeof raw === 'object' && raw !== null) {
    for (const [k, v] of Object.entries(raw)) lower[k.toLowerCase()] = v;
  }
  return { voice: lower.voice === true, sms: lower.sms === true, mms: lower.mms === true };
}

const numberOrNull = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

const dateOrNull = (value: unknown): Date | null =>
  value instanceof Date && !Number.isNaN(value.getTime()) ? value : null;

type IncomingNumberLike = {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  capabilities: unknown;
  smsUrl: string | null;
  voiceUrl: string | null;
  statusCallback: string | null;
};

const ownedNumber = (n: IncomingNumberLike): OwnedNumber => ({
  sid: n.sid,
  phoneNumber: n.phoneNumber,
  friendlyName: n.friendlyName,
  capabilities: capabilitiesOf(n.capabilities),
  // Twilio sends "" for unset URLs; AVA treats them as absent.
  smsUrl: n.smsUrl || null,
  voiceUrl: n.voiceUrl || null,
  statusCallback: n.statusCallback || null,
});

type MessageLike = {
  sid: string;
  from: string | null;
  to: string;
  body: string;
  status: string;
  direction: string;
  numSegments: string;
  price: string | null;
  priceUnit: string | null;
  errorCode: number | null;
  dateCreated: Date;
  dateSent: Date;
};

const smsMessage = (m: MessageLike): SmsMessage => ({
  sid: m.sid,
  from: m.from ?? null,
  to: m.to,
  body: m.body ?? '',
  status: m.status as SmsStatus,
  direction: m.direction === 'inbound' ? 'inbound' : 'outbound',
  segments: numberOrNull(m.numSegments) ?? 0,
  price: numberOrNull(m.price),
  priceUnit: m.priceUnit ?? null,
  errorCode: m.errorCode ?? null,
  errorReason: deliveryErrorReason(m.errorCode)?.userMessage ?? null,
  createdAt: dateOrNull(m.dateCreated),
  sentAt: dateOrNull(m.dateSent),
});

type CallLike = {
  sid: string;
  from: string;
  to: string;
  status: string;
  direction: string;
  startTime: Date;
  endTime: Date;
  duration: string;
  price: string | null;
};

const phoneCall = (c: CallLike): PhoneCall => ({
  sid: c.sid,
  from: c.from,
  to: c.to,
  status: c.status,
  direction: c.direction === 'inbound' ? 'inbound' : 'outbound',
  startedAt: dateOrNull(c.startTime),
  endedAt: dateOrNull(c.endTime),
  durationSeconds: numberOrNull(c.duration),
  price: numberOrNull(c.price),
});

/**
 * A stored page URL is sent with the account's Basic auth, so only Twilio's own hosts are accepted (the SDK
 * builds them on api.twilio.com; in sandbox mode the request client rewrites the origin afterwards).
 */
function twilioPageUrl(pageUrl: string): string {
  let url: URL | undefined;
  try {
    url = new URL(pageUrl);
  } catch {
    url = undefined;
  }
  if (
    url?.protocol !== 'https:' ||
    !(url.hostname === 'twilio.com' || url.hostname.endsWith('.twilio.com'))
  ) {
    throw new ProviderError({
      provider: 'twilio',
      code: 'twilio.rejected',
      retryable: false,
      userMessage: 'The stored Twilio page address is not a Twilio address.',
    });
  }
  return url.toString();
}

/** Runs an SDK call and rethrows any failure as a ProviderError (the SDK error itself is dropped: it holds auth). */
async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toTwilioProviderError(error);
  }
}

export function createTwilioTelephony(config: TwilioTelephonyConfig): TelephonyPort {
  const { accountSid, authToken, defaultFrom } = config;
  const client = twilio(accountSid, authToken, {
    httpClient: new OriginRewritingRequestClient(config.baseUrl, config.timeoutMs ?? 15_000),
  });

  return {
    verifyCredentials: () =>
      call(async () => {
        const account = await client.api.v2010.accounts(accountSid).fetch();
        return { accountName: account.friendlyName, status: account.status, type: account.type ?? null };
      }),

    searchAvailableNumbers: ({ country, areaCode, contains, type = 'local', sms, voice, limit = 20 }) =>
      call(async () => {
        const inCountry = client.availablePhoneNumbers(country.toUpperCase());
        const params = {
          ...(areaCode !== undefined ? { areaCode: Number(areaCode) } : {}),
          ...(contains !== undefined ? { contains } : {}),
          ...(sms !== undefined ? { smsEnabled: sms } : {}),
          ...(voice !== undefined ? { voiceEnabled: voice } : {}),
          limit,
        };
        const found: AvailableLike[] =
          type === 'mobile'
            ? await inCountry.mobile.list(params)
            : type === 'tollFree'
              ? await inCountry.tollFree.list(params)
              : await inCountry.local.list(params);
        return found.map((n): AvailableNumber => ({
          phoneNumber: n.phoneNumber,
          locality: n.locality || null,
          region: n.region || null,
          country: n.isoCountry,
          capabilities: capabilitiesOf(n.capabilities),
        }));
      }),

    buyNumber: ({ phoneNumber, areaCode, smsUrl, statusCallback, voiceUrl, friendlyName }) =>
      call(async () =>
        ownedNumber(
          await client.incomingPhoneNumbers.create({
            ...(phoneNumber !== undefined ? { phoneNumber } : {}),
            ...(areaCode !== undefined ? { areaCode } : {}),
            smsUrl,
            smsMethod: 'POST',
            statusCallback,
            ...(voiceUrl !== undefined ? { voiceUrl, voiceMethod: 'POST' } : {}),
            ...(friendlyName !== undefined ? { friendlyName } : {}),
          }),
        ),
      ),

    listNumbers: () => call(async () => (await client.incomingPhoneNumbers.list()).map(ownedNumber)),

    updateNumberWebhooks: (sid, { smsUrl, voiceUrl, statusCallback, friendlyName }) =>
      call(async () =>
        ownedNumber(
          await client.incomingPhoneNumbers(sid).update({
            ...(smsUrl !== undefined ? { smsUrl, smsMethod: 'POST' } : {}),
            ...(voiceUrl !== undefined ? { voiceUrl, voiceMethod: 'POST' } : {}),
            ...(statusCallback !== undefined ? { statusCallback } : {}),
            ...(friendlyName !== undefined ? { friendlyName } : {}),
          }),
        ),
      ),

    releaseNumber: (sid) =>
      call(async () => {
        await client.incomingPhoneNumbers(sid).remove();
      }),

    sendSms: ({ from, to, body, statusCallback }) =>
      call(async () => {
        const sender = from ?? defaultFrom;
        if (!sender) {
          throw new ProviderError({
            provider: 'twilio',
            code: 'twilio.invalidFrom',
            retryable: false,
            userMessage: 'No sending number is set. Pick one of your numbers in Settings.',
          });
        }
        const m = await client.messages.create({
          from: sender,
          to,
          body,
          ...(statusCallback !== undefined ? { statusCallback } : {}),
        });
        return {
          sid: m.sid,
          status: m.status,
          segments: numberOrNull(m.numSegments) ?? 0,
          price: numberOrNull(m.price),
        };
      }),

    getMessage: (sid) => call(async () => smsMessage(await client.messages(sid).fetch())),

    listMessages: ({ to, from, sentAfter, sentBefore, limit = 50 } = {}) =>
      call(async () =>
        (
          await client.messages.list({
            ...(to !== undefined ? { to } : {}),
            ...(from !== undefined ? { from } : {}),
            ...(sentAfter !== undefined ? { dateSentAfter: sentAfter } : {}),
            ...(sentBefore !== undefined ? { dateSentBefore: sentBefore } : {}),
            limit,
          })
        ).map(smsMessage),
      ),

    listCalls: ({ to, from, status, startedAfter, startedBefore, limit = 50 } = {}) =>
      call(async () =>
        (
          await client.calls.list({
            ...(to !== undefined ? { to } : {}),
            ...(from !== undefined ? { from } : {}),
            ...(status !== undefined ? { status } : {}),
            ...(startedAfter !== undefined ? { startTimeAfter: startedAfter } : {}),
            ...(startedBefore !== undefined ? { startTimeBefore: startedBefore } : {}),
            limit,
          })
        ).map(phoneCall),
      ),

    pageMessages: ({ pageSize = 100, pageUrl }) =>
      call(async () => {
        const page = pageUrl
          ? await client.messages.getPage(twilioPageUrl(pageUrl))
          : await client.messages.page({ pageSize });
        return { items: page.instances.map(smsMessage), nextPageUrl: page.nextPageUrl ?? null };
      }),

    pageCalls: ({ pageSize = 100, pageUrl }) =>
      call(async () => {
        const page = pageUrl
          ? await client.calls.getPage(twilioPageUrl(pageUrl))
          : await client.calls.page({ pageSize });
        return { items: page.instances.map(phoneCall), nextPageUrl: page.nextPageUrl ?? null };
      }),

    validateWebhook: ({ url, params, signature }) =>
      Boolean(signature) && validTwilioSignature(authToken, url, params, signature!),
  };
}

/**
 * Twilio's X-Twilio-Signature check (the SDK's own), without building a client: webhook ingest runs it
 * on every request with the account's cached token.
 *
 * The SDK's `validateRequest` tries the URL without its port first, then with it, then normalised forms;
 * the URL exactly as given is always among them. So it is tried first, with the SDK's own signature
 * function: a PUBLIC_URL with a port (`http://host:3000`) then costs one HMAC per webhook instead of two.
 * A mismatch falls through to the SDK's full check, so what is accepted does not change.
 */
export function validTwilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string>,
  signature: string,
): boolean {
  const expected = Buffer.from(twilio.getExpectedTwilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  if (expected.length === given.length && timingSafeEqual(expected, given)) return true;
  return twilio.validateRequest(authToken, signature, url, params);
}

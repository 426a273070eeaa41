import type { InventoryNumber } from './inventory.ts';
import { friendlyPhone } from './phone.ts';
import type { AccountRecord, CallRecord, IncomingNumberRecord, MessageRecord } from './types.ts';

export const API_VERSION = '2010-04-01';
export const API_PREFIX = `/${API_VERSION}`;

/** Twilio's RFC 2822 date, always UTC with a literal `+0000` (the SDK parses exactly that format). */
export function rfc2822(date: Date): string;
export function rfc2822(date: Date | null): string | null;
export function rfc2822(date: Date | null): string | null {
  return date ? date.toUTCString().replace(/GMT$/, '+0000') : null;
}

const accountUri = (sid: string): string => `${API_PREFIX}/Accounts/${sid}`;

export function accountJson(a: AccountRecord): Record<string, unknown> {
  const base = accountUri(a.sid);
  const sub = (name: string, path: string): [string, string] => [name, `${base}/${path}.json`];
  return {
    auth_token: a.authToken,
    date_created: rfc2822(a.dateCreated),
    date_updated: rfc2822(a.dateUpdated),
    friendly_name: a.friendlyName,
    owner_account_sid: a.sid,
    sid: a.sid,
    status: a.status,
    subresource_uris: Object.fromEntries([
      sub('available_phone_numbers', 'AvailablePhoneNumbers'),
      sub('calls', 'Calls'),
      sub('incoming_phone_numbers', 'IncomingPhoneNumbers'),
      sub('messages', 'Messages'),
      sub('addresses', 'Addresses'),
      sub('applications', 'Applications'),
      sub('recordings', 'Recordings'),
      sub('usage', 'Usage'),
      sub('balance', 'Balance'),
    ]),
    type: a.type,
    uri: `${base}.json`,
  };
}

export function messageJson(m: MessageRecord): Record<string, unknown> {
  const uri = `${accountUri(m.accountSid)}/Messages/${m.sid}`;
  return {
    account_sid: m.accountSid,
    api_version: API_VERSION,
    body: m.body,
    date_created: rfc2822(m.dateCreated),
    date_sent: rfc2822(m.dateSent),
    date_updated: rfc2822(m.dateUpdated),
    direction: m.direction,
    error_code: m.errorCode,
    error_message: m.errorMessage,
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: String(m.mediaUrls.length),
    num_segments: String(m.numSegments),
    price: m.price,
    price_unit: m.priceUnit,
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
    to: m.to,
    uri: `${uri}.json`,
  };
}

export function incomingNumberJson(n: IncomingNumberRecord): Record<string, unknown> {
  return {
    account_sid: n.accountSid,
    address_requirements: n.addressRequirements,
    address_sid: n.addressSid,
    api_version: API_VERSION,
    beta: false,
    capabilities: { ...n.capabilities },
    date_created: rfc2822(n.dateCreated),
    date_updated: rfc2822(n.dateUpdated),
    emergency_status: 'Inactive',
    emergency_address_sid: n.emergencyAddressSid,
    emergency_address_status: 'unregistered',
    friendly_name: n.friendlyName,
    identity_sid: n.identitySid,
    origin: 'twilio',
    phone_number: n.phoneNumber,
    sid: n.sid,
    sms_application_sid: n.smsApplicationSid,
    sms_fallback_method: n.smsFallbackMethod,
    sms_fallback_url: n.smsFallbackUrl,
    sms_method: n.smsMethod,
    sms_url: n.smsUrl,
    status_callback: n.statusCallback,
    status_callback_method: n.statusCallbackMethod,
    trunk_sid: n.trunkSid,
    uri: `${accountUri(n.accountSid)}/IncomingPhoneNumbers/${n.sid}.json`,
    voice_application_sid: n.voiceApplicationSid,
    voice_caller_id_lookup: n.voiceCallerIdLookup,
    voice_fallback_method: n.voiceFallbackMethod,
    voice_fallback_url: n.voiceFallbackUrl,
    voice_method: n.voiceMethod,
    voice_url: n.voiceUrl,
    bundle_sid: n.bundleSid,
    voice_receive_mode: n.voiceReceiveMode,
    status: 'in-use',
    type: n.type === 'tollfree' ? 'tollfree' : n.type,
  };
}

export function availableNumberJson(n: InventoryNumber): Record<string, unknown> {
  return {
    friendly_name: n.friendlyName,
    phone_number: n.phoneNumber,
    lata: n.lata,
    locality: n.locality,
    rate_center: n.rateCenter,
    latitude: n.latitude,
    longitude: n.longitude,
    region: n.region,
    postal_code: n.postalCode,
    iso_country: n.isoCountry,
    address_requirements: n.addressRequirements,
    beta: false,
    // Same keys as the spec examples (lowercase); `fax` omitted like them.
    capabilities: { voice: n.capabilities.voice, sms: n.capabilities.sms, mms: n.capabilities.mms },
  };
}

export function callJson(c: CallRecord): Record<string, unknown> {
  const uri = `${accountUri(c.accountSid)}/Calls/${c.sid}`;
  const sub = (name: string, path: string): [string, string] => [name, `${uri}/${path}.json`];
  return {
    account_sid: c.accountSid,
    answered_by: c.answeredBy,
    api_version: API_VERSION,
    caller_name: null,
    date_created: rfc2822(c.dateCreated),
    date_updated: rfc2822(c.dateUpdated),
    direction: c.direction,
    duration: c.duration === null ? null : String(c.duration),
    end_time: rfc2822(c.endTime),
    forwarded_from: null,
    from: c.from,
    from_formatted: friendlyPhone(c.from),
    group_sid: null,
    parent_call_sid: c.parentCallSid,
    phone_number_sid: c.phoneNumberSid,
    price: c.price,
    price_unit: 'USD',
    queue_time: '0',
    sid: c.sid,
    start_time: rfc2822(c.startTime),
    status: c.status,
    subresource_uris: Object.fromEntries([
      sub('notifications', 'Notifications'),
      sub('recordings', 'Recordings'),
      sub('payments', 'Payments'),
      sub('events', 'Events'),
      sub('siprec', 'Siprec'),
      sub('streams', 'Streams'),
      sub('transcriptions', 'Transcriptions'),
      sub('user_defined_message_subscriptions', 'UserDefinedMessageSubscriptions'),
      sub('user_defined_messages', 'UserDefinedMessages'),
    ]),
    to: c.to,
    to_formatted: friendlyPhone(c.to),
    trunk_sid: null,
    uri: `${uri}.json`,
  };
}

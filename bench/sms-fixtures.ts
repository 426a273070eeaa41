/**
 * What the SMS benchmarks share (status-storm.ts, soak.ts): an org wired to the sandbox's Twilio, texts
 * that already went out (rows with Twilio SIDs, seeded in one statement), and the form parameters Twilio
 * posts to the webhooks.
 */
import type { MessageRecord } from '@ava/sandbox';
import { createHash } from 'node:crypto';
import twilio from 'twilio';
import { signUp, type Started } from './harness.ts';

export type SmsOrg = Awaited<ReturnType<typeof setUpSmsOrg>>;

/** An org with sandbox Twilio credentials, quiet hours off, French defaults and `numbers` bought numbers. */
export async function setUpSmsOrg(s: Started, numbers = 1) {
  const { cookie, orgId } = await signUp(s.address);
  const api = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${s.address}/api/v1/orgs/${orgId}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return { status: res.status, json: (text ? JSON.parse(text) : null) as T };
  };
  await api('POST', '/credentials/twilio/sandbox', {});
  await s.database.executeSql(
    `UPDATE organizations SET country = 'FR', timezone = 'Europe/Paris' WHERE id = $1`,
    [orgId],
  );
  await api('PATCH', '/messaging/settings', { quietHoursEnabled: false });
  const bought: { id: string; e164: string }[] = [];
  for (let i = 0; i < numbers; i++) {
    const [pick] = (await api<{ phoneNumber: string }[]>('GET', '/numbers/available?country=FR&type=mobile'))
      .json;
    bought.push(
      (await api<{ id: string; e164: string }>('POST', '/numbers', { phoneNumber: pick!.phoneNumber })).json,
    );
  }
  const twilio = s.app.ava.sandbox!.twilio;
  const account = twilio.getAccount(twilio.findOwnedNumber(bought[0]!.e164)!.accountSid)!;
  return { orgId, cookie, api, numbers: bought, account: { sid: account.sid, authToken: account.authToken } };
}

/** The SID of seeded text `i`: the same in SQL (`'SM' || md5(prefix || '-' || i)`) and here. */
export const seededSid = (prefix: string, i: number) =>
  `SM${createHash('md5').update(`${prefix}-${i}`).digest('hex')}`;
/** The French mobile seeded text `i` went to (distinct per prefix offset). */
export const seededTo = (first: number, i: number) => `+337${String(first + i).padStart(8, '0')}`;

/** Twilio's final answer for a seeded text, as GET /Messages/{sid} would give it once the text settled. */
export type Settled = { status: 'sent' | 'delivered' | 'undelivered' | 'failed'; errorCode: number | null };

/**
 * `count` outbound texts that Twilio accepted (status `queued`, with a SID), each to its own contact, from
 * `from`, in one statement through the analytics triggers: a bulk send the dispatcher handed over. Twilio's
 * side is seeded too (the emulator's message records, with the final status and price each will reach), so
 * the price look-up a final status callback makes finds the message, as it would at Twilio.
 */
export async function seedSentTexts(
  s: Started,
  org: SmsOrg,
  opts: {
    count: number;
    prefix: string;
    /** contacts are +337 followed by first + i on 8 digits */
    firstContact: number;
    from: { id: string; e164: string };
    settled: (i: number) => Settled;
  },
) {
  const t0 = performance.now();
  const { count, prefix, firstContact, from } = opts;
  await s.database.executeSql(
    `INSERT INTO contacts (id, org_id, e164, name)
     SELECT md5($1 || '-contact-' || i)::uuid::text, $2, '+337' || lpad(($3::int + i)::text, 8, '0'), 'Client ' || i
     FROM generate_series(1, $4::int) AS i`,
    [prefix, org.orgId, firstContact, count],
  );
  await s.database.executeSql(
    `INSERT INTO messages (id, org_id, contact_id, phone_number_id, direction, from_number, to_number, body,
                           twilio_sid, status, segments, encoding, country, source, send_at, sent_at, attempts)
     SELECT md5($1 || '-message-' || i)::uuid::text, $2, md5($1 || '-contact-' || i)::uuid::text, $3, 'outbound',
            $4, '+337' || lpad(($5::int + i)::text, 8, '0'),
            'Bonjour, -20 % sur votre prochaine visite cette semaine. Répondez STOP pour vous désabonner.',
            'SM' || md5($1 || '-' || i), 'queued', 1, 'GSM-7', 'FR', 'bulk', now(), now(), 1
     FROM generate_series(1, $6::int) AS i`,
    [prefix, org.orgId, from.id, from.e164, firstContact, count],
  );
  await s.database.executeSql('ANALYZE messages');
  // The emulator keeps its messages in a private map; a bench may reach in to seed what a real account
  // would already hold.
  const records = (s.app.ava.sandbox!.twilio as unknown as { messages: Map<string, MessageRecord> }).messages;
  const now = new Date();
  for (let i = 1; i <= count; i++) {
    const end = opts.settled(i);
    const sid = seededSid(prefix, i);
    records.set(sid, {
      sid,
      accountSid: org.account.sid,
      messagingServiceSid: null,
      from: from.e164,
      to: seededTo(firstContact, i),
      body: 'Bonjour, -20 % sur votre prochaine visite cette semaine. Répondez STOP pour vous désabonner.',
      status: end.status,
      direction: 'outbound-api',
      numSegments: 1,
      mediaUrls: [],
      price: end.status === 'failed' ? null : '-0.08580',
      priceUnit: 'USD',
      errorCode: end.errorCode,
      errorMessage: end.errorCode ? 'Unreachable destination handset' : null,
      statusCallback: null,
      dateCreated: now,
      dateUpdated: now,
      dateSent: end.status === 'failed' ? null : now,
    });
  }
  return { ms: Math.round(performance.now() - t0) };
}

/** The parameters of a status callback, as Twilio (and the emulator) posts them. */
export function statusParams(
  account: { sid: string },
  from: string,
  to: string,
  sid: string,
  status: string,
  errorCode?: number | null,
): Record<string, string> {
  const p: Record<string, string> = {
    AccountSid: account.sid,
    ApiVersion: '2010-04-01',
    From: from,
    MessageSid: sid,
    MessageStatus: status,
    SmsSid: sid,
    SmsStatus: status,
    To: to,
  };
  if (errorCode) p.ErrorCode = String(errorCode);
  if (status === 'delivered' || status === 'undelivered') p.RawDlrDoneDate = '2611211200';
  return p;
}

/** The parameters Twilio posts for an inbound SMS (the emulator's list). */
export function inboundParams(
  account: { sid: string },
  to: string,
  from: string,
  sid: string,
  body: string,
): Record<string, string> {
  return {
    ToCountry: 'FR',
    ToState: '',
    SmsMessageSid: sid,
    NumMedia: '0',
    ToCity: 'Paris',
    FromZip: '',
    SmsSid: sid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: body,
    FromCountry: 'FR',
    To: to,
    ToZip: '',
    NumSegments: '1',
    ReferralNumMedia: '0',
    MessageSid: sid,
    AccountSid: account.sid,
    From: from,
    ApiVersion: '2010-04-01',
  };
}

/** A small deterministic PRNG (mulberry32): the same plan on every run of a given size. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A form post as Twilio sends it to `url`: url-encoded, signed with the account's auth token. */
export function signedTwilioForm(authToken: string, url: string, params: Record<string, string>) {
  return {
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, url, params),
    },
    body: new URLSearchParams(params).toString(),
  };
}

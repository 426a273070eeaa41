import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createTwilioEmulatorState, twilioEmulator, type TwilioEmulatorState } from '@ava/sandbox';
import { ProviderError } from '../provider-error.ts';
import { createTwilioTelephony, validTwilioSignature } from './twilio.adapter.ts';
import { deliveryErrorReason } from './twilio.errors.ts';
import type { TelephonyPort } from './telephony.port.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test code reads JSON field by field
type Json = any;

const T0 = new Date('2026-11-21T07:16:00Z');
const PREFIX = '/sandbox/twilio';

type Account = { accountSid: string; authToken: string };

let emulator: FastifyInstance;
let state: TwilioEmulatorState;
let baseUrl: string;
let receiver: FastifyInstance;
let receiverUrl: string;
const received: Array<{ url: string; params: Record<string, string>; signature: string }> = [];

async function sandbox(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Json }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function newAccount(body: Record<string, unknown> = {}): Promise<Account> {
  const created = await sandbox('POST', '/sandbox/accounts', body);
  expect(created.status).toBe(201);
  return created.json as Account;
}

const telephony = (account: Account, extra: { defaultFrom?: string; baseUrl?: string } = {}) =>
  createTwilioTelephony({ ...account, baseUrl, ...extra });

/** Resolves with the ProviderError the promise rejected with (and fails the test if it resolved). */
async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected a ProviderError');
}

async function buyAnySmsNumber(port: TelephonyPort, areaCode = '415') {
  const [pick] = await port.searchAvailableNumbers({ country: 'US', areaCode, sms: true, limit: 1 });
  if (!pick) throw new Error('no number in inventory');
  return port.buyNumber({
    phoneNumber: pick.phoneNumber,
    smsUrl: `${receiverUrl}/sms`,
    statusCallback: `${receiverUrl}/status`,
  });
}

beforeAll(async () => {
  state = createTwilioEmulatorState({ clock: 'manual', now: () => T0, seed: 7 });
  emulator = Fastify();
  await emulator.register(twilioEmulator, { state, prefix: PREFIX });
  await emulator.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(emulator.server.address() as AddressInfo).port}${PREFIX}`;

  // Stands in for AVA's webhook route: records what Twilio signed.
  receiver = Fastify();
  await receiver.register(formbody);
  receiver.post('/*', async (req, reply) => {
    received.push({
      url: `${receiverUrl}${req.url}`,
      params: { ...(req.body as Record<string, string>) },
      signature: String(req.headers['x-twilio-signature'] ?? ''),
    });
    return reply.type('text/xml').send('<Response/>');
  });
  await receiver.listen({ port: 0, host: '127.0.0.1' });
  receiverUrl = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await receiver.close();
  await emulator.close();
  state.dispose();
});

describe('Twilio adapter: credentials', () => {
  it('reads the account name and status with good credentials', async () => {
    const account = await newAccount({ friendlyName: 'Cabinet Dupont' });
    await expect(telephony(account).verifyCredentials()).resolves.toEqual({
      accountName: 'Cabinet Dupont',
      status: 'active',
      type: expect.any(String),
    });
  });

  it('maps a wrong auth token to twilio.invalidCredentials without leaking the token', async () => {
    const account = await newAccount();
    const wrongToken = 'f'.repeat(32);
    const error = await failure(
      telephony({ accountSid: account.accountSid, authToken: wrongToken }).verifyCredentials(),
    );
    expect(error).toMatchObject({
      provider: 'twilio',
      code: 'twilio.invalidCredentials',
      reason: 'provider.twilio.invalidCredentials',
      retryable: false,
      status: 401,
      providerCode: 20003,
    });
    expect(error.userMessage).toMatch(/Account SID and Auth Token/);
    const serialised = `${JSON.stringify(error)} ${error.message} ${String(error.stack)}`;
    expect(serialised).not.toContain(wrongToken);
    expect(serialised).not.toContain(account.authToken);
  });

  it('tells test credentials apart from live ones', async () => {
    const account = await newAccount({ test: true });
    const error = await failure(telephony(account).verifyCredentials());
    expect(error).toMatchObject({ code: 'twilio.testCredentials', status: 403, retryable: false });
  });
});

describe('Twilio adapter: numbers', () => {
  it('searches by country, area code, type and capability', async () => {
    const port = telephony(await newAccount());
    const sf = await port.searchAvailableNumbers({ country: 'US', areaCode: '415', sms: true, limit: 5 });
    expect(sf).toHaveLength(5);
    for (const n of sf) {
      expect(n.phoneNumber).toMatch(/^\+1415\d{7}$/);
      expect(n).toMatchObject({ country: 'US', capabilities: { sms: true } });
    }
    const frMobiles = await port.searchAvailableNumbers({ country: 'fr', type: 'mobile', limit: 3 });
    expect(frMobiles.length).toBeGreaterThan(0);
    for (const n of frMobiles) expect(n.phoneNumber).toMatch(/^\+33[67]/);
    // French landlines are voice only in the inventory, so an SMS search finds none.
    await expect(port.searchAvailableNumbers({ country: 'FR', type: 'local', sms: true })).resolves.toEqual(
      [],
    );
    const tollFree = await port.searchAvailableNumbers({ country: 'US', type: 'tollFree', limit: 2 });
    for (const n of tollFree) expect(n.phoneNumber).toMatch(/^\+18\d\d/);
    const first = sf[0]!.phoneNumber;
    const matching = await port.searchAvailableNumbers({ country: 'US', contains: first.slice(-4) });
    expect(matching.map((n) => n.phoneNumber)).toContain(first);
  });

  it('buys, lists, rewires and releases a number', async () => {
    const port = telephony(await newAccount());
    const bought = await buyAnySmsNumber(port);
    expect(bought).toMatchObject({
      sid: expect.stringMatching(/^PN[0-9a-f]{32}$/),
      smsUrl: `${receiverUrl}/sms`,
      statusCallback: `${receiverUrl}/status`,
      voiceUrl: null,
      capabilities: { sms: true },
    });
    expect((await port.listNumbers()).map((n) => n.sid)).toEqual([bought.sid]);

    const rewired = await port.updateNumberWebhooks(bought.sid, {
      voiceUrl: 'https://api.vapi.ai/twilio/inbound_call',
      friendlyName: 'Front desk',
    });
    expect(rewired).toMatchObject({
      friendlyName: 'Front desk',
      voiceUrl: 'https://api.vapi.ai/twilio/inbound_call',
      smsUrl: `${receiverUrl}/sms`,
    });

    await port.releaseNumber(bought.sid);
    expect(await port.listNumbers()).toEqual([]);
    const gone = await failure(port.updateNumberWebhooks(bought.sid, { smsUrl: `${receiverUrl}/x` }));
    expect(gone).toMatchObject({ code: 'twilio.notFound', status: 404, retryable: false });
  });

  it('buys any number in an area code, and says when none is left', async () => {
    const port = telephony(await newAccount({ test: true }));
    const bought = await port.buyNumber({
      areaCode: '500',
      smsUrl: `${receiverUrl}/sms`,
      statusCallback: '',
    });
    expect(bought.phoneNumber).toBe('+15005550006');
    const none = await failure(
      port.buyNumber({ areaCode: '533', smsUrl: `${receiverUrl}/sms`, statusCallback: '' }),
    );
    expect(none).toMatchObject({ code: 'twilio.noNumbersInArea', providerCode: 21452, retryable: false });
    expect(none.userMessage).toMatch(/area code/);
  });

  it('maps taken and invalid numbers', async () => {
    const first = telephony(await newAccount());
    const second = telephony(await newAccount());
    const bought = await buyAnySmsNumber(first, '212');
    const taken = await failure(
      second.buyNumber({ phoneNumber: bought.phoneNumber, smsUrl: `${receiverUrl}/sms`, statusCallback: '' }),
    );
    expect(taken).toMatchObject({ code: 'twilio.numberUnavailable', providerCode: 21422, status: 400 });
    expect(taken.userMessage).toMatch(/taken/);
    const invalid = await failure(
      second.buyNumber({ phoneNumber: '12', smsUrl: `${receiverUrl}/sms`, statusCallback: '' }),
    );
    expect(invalid).toMatchObject({ code: 'twilio.numberInvalid', providerCode: 21421 });
  });
});

describe('Twilio adapter: texts', () => {
  it('sends a text from the default sender, then reads its delivery and price', async () => {
    const account = await newAccount();
    const number = await buyAnySmsNumber(telephony(account), '512');
    const port = telephony(account, { defaultFrom: number.phoneNumber });
    const body = 'Your appointment is confirmed for Tuesday at 10:00. '.repeat(4).trim();
    const sent = await port.sendSms({ to: '+14155550123', body });
    expect(sent).toEqual({
      sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      status: 'queued',
      segments: 2,
      price: null,
    });
    state.runAll();
    const message = await port.getMessage(sent.sid);
    expect(message).toMatchObject({
      sid: sent.sid,
      from: number.phoneNumber,
      to: '+14155550123',
      body,
      status: 'delivered',
      direction: 'outbound',
      segments: 2,
      errorCode: null,
      errorReason: null,
      priceUnit: 'USD',
    });
    expect(message.price).toBeCloseTo(-0.0166, 4);
    expect(message.sentAt).toBeInstanceOf(Date);

    await port.sendSms({ to: '+14155550124', body: 'Another contact' });
    const toFirst = await port.listMessages({ to: '+14155550123' });
    expect(toFirst.map((m) => m.sid)).toEqual([sent.sid]);
    expect(await port.listMessages()).toHaveLength(2);
    const unknown = await failure(port.getMessage(`SM${'0'.repeat(32)}`));
    expect(unknown.code).toBe('twilio.notFound');
  });

  it('explains failed deliveries in plain words', async () => {
    const account = await newAccount();
    const number = await buyAnySmsNumber(telephony(account), '305');
    const port = telephony(account, { defaultFrom: number.phoneNumber });
    const unreachable = await port.sendSms({ to: '+14155559903', body: 'Hello' });
    const unknownError = await port.sendSms({ to: '+14155559908', body: 'Hello' });
    state.runAll();
    await expect(port.getMessage(unreachable.sid)).resolves.toMatchObject({
      status: 'undelivered',
      errorCode: 30003,
      errorReason: "Couldn't reach this phone. It may be switched off or out of coverage.",
    });
    await expect(port.getMessage(unknownError.sid)).resolves.toMatchObject({
      status: 'failed',
      errorCode: 30008,
      errorReason: expect.stringMatching(/unknown reason/),
    });
  });

  it('maps every refusal of a live account to its code', async () => {
    const account = await newAccount({ smsGeoPermissions: ['US'] });
    const number = await buyAnySmsNumber(telephony(account), '617');
    const port = telephony(account, { defaultFrom: number.phoneNumber });
    const cases: Array<[Promise<unknown>, string, number]> = [
      [port.sendSms({ to: '12', body: 'x' }), 'twilio.invalidTo', 21211],
      [port.sendSms({ from: 'not valid!', to: '+14155550123', body: 'x' }), 'twilio.invalidFrom', 21212],
      [
        port.sendSms({ from: '+14155550000', to: '+14155550123', body: 'x' }),
        'twilio.senderNotCapable',
        21606,
      ],
      [port.sendSms({ to: '+33612345678', body: 'x' }), 'twilio.regionNotEnabled', 21408],
      [port.sendSms({ to: '+14155559912', body: 'x' }), 'twilio.unreachable', 21612],
      [port.sendSms({ to: '+14155559914', body: 'x' }), 'twilio.notMobile', 21614],
    ];
    for (const [promise, code, providerCode] of cases) {
      const error = await failure(promise);
      expect(error).toMatchObject({ code, providerCode, status: 400, retryable: false });
      expect(error.userMessage.length).toBeGreaterThan(10);
    }
    const noSender = await failure(telephony(account).sendSms({ to: '+14155550123', body: 'x' }));
    expect(noSender).toMatchObject({ code: 'twilio.invalidFrom', status: undefined });
  });

  it('refuses to text a contact who replied STOP', async () => {
    const account = await newAccount();
    const number = await buyAnySmsNumber(telephony(account), '312');
    const port = telephony(account, { defaultFrom: number.phoneNumber });
    const stop = await sandbox('POST', `/sandbox/handsets/${encodeURIComponent('+13125550188')}/messages`, {
      to: number.phoneNumber,
      body: 'STOP',
    });
    expect(stop.status).toBe(201);
    const error = await failure(port.sendSms({ to: '+13125550188', body: 'Reminder' }));
    expect(error).toMatchObject({ code: 'twilio.optedOut', providerCode: 21610, retryable: false });
    expect(error.userMessage).toBe(
      'This contact replied STOP. They must text START before you can text them again.',
    );
  });

  it('matches Twilio test-credential magic numbers, including a full queue (retryable)', async () => {
    const port = telephony(await newAccount({ test: true }), { defaultFrom: '+15005550006' });
    await expect(port.sendSms({ to: '+14155550123', body: 'ok' })).resolves.toMatchObject({
      status: 'queued',
    });
    const optedOut = await failure(port.sendSms({ to: '+15005550004', body: 'x' }));
    expect(optedOut.code).toBe('twilio.optedOut');
    const noGeo = await failure(port.sendSms({ to: '+15005550003', body: 'x' }));
    expect(noGeo.code).toBe('twilio.regionNotEnabled');
    const queueFull = await failure(port.sendSms({ from: '+15005550008', to: '+14155550123', body: 'x' }));
    expect(queueFull).toMatchObject({ code: 'twilio.queueFull', status: 429, retryable: true });
  });
});

describe('Twilio adapter: calls', () => {
  it('lists calls with AVA vocabulary', async () => {
    const account = await newAccount();
    const port = telephony(account);
    const number = await buyAnySmsNumber(port, '206');
    await port.updateNumberWebhooks(number.sid, { voiceUrl: `${receiverUrl}/voice` });
    const dial = await sandbox('POST', `/sandbox/handsets/${encodeURIComponent('+12065550147')}/calls`, {
      to: number.phoneNumber,
      durationSeconds: 42,
    });
    expect(dial.status).toBe(201);
    state.runAll();
    const calls = await port.listCalls({ to: number.phoneNumber });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      sid: expect.stringMatching(/^CA/),
      from: '+12065550147',
      to: number.phoneNumber,
      direction: 'inbound',
    });
    await expect(port.listCalls({ from: '+19995550000' })).resolves.toEqual([]);
  });
});

describe('Twilio adapter: paged history', () => {
  it('pages through messages and calls newest first, continuing from nextPageUrl', async () => {
    const account = await newAccount();
    const number = await buyAnySmsNumber(telephony(account), '617');
    const port = telephony(account, { defaultFrom: number.phoneNumber });
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) sent.push((await port.sendSms({ to: '+16175550140', body: `#${i}` })).sid);
    const pages: string[][] = [];
    let pageUrl: string | undefined;
    do {
      const page = await port.pageMessages({ pageSize: 2, ...(pageUrl ? { pageUrl } : {}) });
      pages.push(page.items.map((m) => m.sid));
      pageUrl = page.nextPageUrl ?? undefined;
      if (pageUrl) expect(new URL(pageUrl).hostname).toBe('api.twilio.com');
    } while (pageUrl);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual([...sent].reverse());
    const first = await port.pageMessages({ pageSize: 2 });
    expect(first.items[0]).toMatchObject({ direction: 'outbound', from: number.phoneNumber, body: '#4' });

    await port.updateNumberWebhooks(number.sid, { voiceUrl: `${receiverUrl}/voice` });
    for (const from of ['+16175550141', '+16175550142', '+16175550143']) {
      await sandbox('POST', `/sandbox/handsets/${encodeURIComponent(from)}/calls`, {
        to: number.phoneNumber,
        durationSeconds: 5,
      });
    }
    const calls = await port.pageCalls({ pageSize: 2 });
    expect(calls.items.map((c) => c.from)).toEqual(['+16175550143', '+16175550142']);
    const rest = await port.pageCalls({ pageUrl: calls.nextPageUrl! });
    expect(rest).toEqual({ items: [expect.objectContaining({ from: '+16175550141' })], nextPageUrl: null });
  });

  it('keeps the error mapping on a next page, and never sends credentials to a foreign address', async () => {
    const account = await newAccount();
    const port = telephony(account, {
      defaultFrom: (await buyAnySmsNumber(telephony(account), '808')).phoneNumber,
    });
    for (let i = 0; i < 3; i++) await port.sendSms({ to: '+18085550150', body: `#${i}` });
    const first = await port.pageMessages({ pageSize: 2 });
    await sandbox('PUT', '/sandbox/faults', { accountSid: account.accountSid, rate429: 1 });
    const limited = await failure(port.pageMessages({ pageUrl: first.nextPageUrl! }));
    expect(limited).toMatchObject({ code: 'twilio.rateLimited', retryable: true });
    await sandbox('DELETE', `/sandbox/faults?accountSid=${account.accountSid}`);
    expect((await port.pageMessages({ pageUrl: first.nextPageUrl! })).items).toHaveLength(1);
    const foreign = await failure(port.pageMessages({ pageUrl: 'https://evil.example/2010-04-01/x.json' }));
    expect(foreign).toMatchObject({ code: 'twilio.rejected', retryable: false });
    const plain = await failure(port.pageCalls({ pageUrl: 'http://api.twilio.com/2010-04-01/x.json' }));
    expect(plain.code).toBe('twilio.rejected');
  });
});

describe('Twilio adapter: outages', () => {
  it('rate limits are retryable', async () => {
    const account = await newAccount();
    await sandbox('PUT', '/sandbox/faults', { accountSid: account.accountSid, rate429: 1 });
    const error = await failure(telephony(account).listNumbers());
    expect(error).toMatchObject({
      code: 'twilio.rateLimited',
      status: 429,
      retryable: true,
      providerCode: 20429,
    });
    await sandbox('DELETE', `/sandbox/faults?accountSid=${account.accountSid}`);
    await expect(telephony(account).listNumbers()).resolves.toEqual([]);
  });

  it('server errors and unreachable hosts are retryable "try again in a minute"', async () => {
    const account = await newAccount();
    await sandbox('PUT', '/sandbox/faults', { accountSid: account.accountSid, rate500: 1 });
    const serverError = await failure(telephony(account).listMessages());
    expect(serverError).toMatchObject({ code: 'twilio.unavailable', status: 500, retryable: true });
    expect(serverError.userMessage).toBe('Twilio did not answer; try again in a minute.');
    await sandbox('DELETE', `/sandbox/faults?accountSid=${account.accountSid}`);

    const closed = Fastify();
    await closed.listen({ port: 0, host: '127.0.0.1' });
    const deadUrl = `http://127.0.0.1:${(closed.server.address() as AddressInfo).port}`;
    await closed.close();
    const down = await failure(telephony(account, { baseUrl: deadUrl }).verifyCredentials());
    expect(down).toMatchObject({ code: 'twilio.unavailable', status: undefined, retryable: true });
    expect(JSON.stringify(down)).not.toContain(account.authToken);
  });
});

describe('Twilio adapter: webhook signatures', () => {
  it('accepts the signature Twilio sent and rejects forged or tampered ones', async () => {
    const account = await newAccount();
    const port = telephony(account);
    const number = await buyAnySmsNumber(port, '808');
    received.length = 0;
    const sent = await sandbox('POST', `/sandbox/handsets/${encodeURIComponent('+18085550142')}/messages`, {
      to: number.phoneNumber,
      body: 'Can I book for 3 pm, 2+2 people?',
    });
    expect(sent.status).toBe(201);
    const hook = received.find((r) => r.params.Body === 'Can I book for 3 pm, 2+2 people?');
    expect(hook).toBeDefined();
    const { url, params, signature } = hook!;
    expect(signature).not.toBe('');
    expect(port.validateWebhook({ url, params, signature })).toBe(true);

    expect(port.validateWebhook({ url, params, signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' })).toBe(false);
    expect(port.validateWebhook({ url, params, signature: '' })).toBe(false);
    expect(port.validateWebhook({ url, params: { ...params, Body: 'Cancel everything' }, signature })).toBe(
      false,
    );
    expect(port.validateWebhook({ url: `${url}?tenant=other`, params, signature })).toBe(false);
    // Another account's token cannot vouch for this request.
    const other = telephony(await newAccount());
    expect(other.validateWebhook({ url, params, signature })).toBe(false);
  });
});

describe('validTwilioSignature', () => {
  // Twilio's scheme, written out here: HMAC-SHA1 over the URL followed by each key and value, keys sorted.
  const token = 'f'.repeat(32);
  const params = { From: '+33612345678', Body: 'Ça marche ? 100 % sûr', AccountSid: `AC${'1'.repeat(32)}` };
  const sign = (url: string, p: Record<string, string> = params) =>
    createHmac('sha1', token)
      .update(
        Object.keys(p)
          .sort()
          .reduce((acc, k) => acc + k + p[k], url),
      )
      .digest('base64');

  it('accepts the URL exactly as signed, with or without a port, and what the SDK accepts besides', () => {
    for (const url of [
      'http://127.0.0.1:3000/webhooks/twilio/messages',
      'https://ava.example/webhooks/x?a=1',
    ])
      expect(validTwilioSignature(token, url, params, sign(url))).toBe(true);
    // Twilio may sign the address with its default port while AVA's public URL has none, and back.
    expect(
      validTwilioSignature(token, 'https://ava.example/h', params, sign('https://ava.example:443/h')),
    ).toBe(true);
    expect(
      validTwilioSignature(token, 'https://ava.example:443/h', params, sign('https://ava.example/h')),
    ).toBe(true);
  });

  it('refuses another URL, other parameters, another token or a truncated signature', () => {
    const url = 'http://127.0.0.1:3000/webhooks/twilio/messages';
    const good = sign(url);
    expect(validTwilioSignature(token, 'http://127.0.0.1:3001/webhooks/twilio/messages', params, good)).toBe(
      false,
    );
    expect(validTwilioSignature(token, url, { ...params, Body: 'STOP' }, good)).toBe(false);
    expect(validTwilioSignature('e'.repeat(32), url, params, good)).toBe(false);
    expect(validTwilioSignature(token, url, params, good.slice(0, -1))).toBe(false);
    expect(validTwilioSignature(token, url, params, '')).toBe(false);
  });
});

describe('deliveryErrorReason', () => {
  it('gives a plain reason and i18n key for every documented delivery code', () => {
    const codes = [30001, 30002, 30003, 30004, 30005, 30006, 30007, 30008, 30009, 30010, 30032, 30034];
    const messages = new Set<string>();
    for (const code of codes) {
      const reason = deliveryErrorReason(code);
      expect(reason).toMatchObject({ code, reason: `provider.twilio.delivery.${code}` });
      expect(reason!.userMessage).not.toMatch(/Twilio error/);
      messages.add(reason!.userMessage);
    }
    expect(messages.size).toBe(codes.length);
    expect(deliveryErrorReason('30007')?.userMessage).toMatch(/spam/);
    expect(deliveryErrorReason(30003)?.retryable).toBe(true);
    expect(deliveryErrorReason(30004)?.retryable).toBe(false);
    expect(deliveryErrorReason(30999)).toMatchObject({
      reason: 'provider.twilio.delivery.unknown',
      userMessage: 'The text was not delivered (Twilio error 30999).',
    });
    expect(deliveryErrorReason(null)).toBeNull();
    expect(deliveryErrorReason('')).toBeNull();
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import {
  createAccount,
  sandboxPost,
  startEmulator,
  startReceiver,
  validateRecorded,
  type Harness,
  type Receiver,
} from './twilio-helpers.ts';
import { createTwilioEmulatorState } from '../src/twilio/index.ts';

async function rejection(
  fn: () => Promise<unknown>,
): Promise<{ status: number; code: number; message: string }> {
  try {
    await fn();
  } catch (error) {
    return error as { status: number; code: number; message: string };
  }
  throw new Error('expected the call to fail');
}

let h: Harness;
let rx: Receiver;
let sid: string;
let token: string;
let client: ReturnType<Harness['client']>;
let business: string;

beforeAll(async () => {
  h = await startEmulator({ seed: 7 });
  rx = await startReceiver();
  ({ accountSid: sid, authToken: token } = await createAccount(h));
  client = h.client(sid, token);
  business = (
    await client.incomingPhoneNumbers.create({ areaCode: '415', smsUrl: `${rx.url}/sms?tenant=t1` })
  ).phoneNumber;
});
afterAll(async () => {
  await h.close();
  await rx.close();
});
beforeEach(async () => {
  // Each test starts with an idle queue and an empty receiver log.
  await h.state.runAll();
  rx.requests.length = 0;
  rx.respond.clear();
});

/** Every request the receiver got must carry a signature twilio.validateRequest accepts. */
function expectSigned(requests: Receiver['requests']): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    const signature = String(r.headers['x-twilio-signature']);
    const url = `${rx.url}${r.path}${r.path === '/sms' ? '?tenant=t1' : ''}`;
    expect(twilio.validateRequest(token, signature, url, r.params)).toBe(true);
    expect(twilio.validateRequest('0'.repeat(32), signature, url, r.params)).toBe(false);
  }
}

describe('outbound status lifecycle', () => {
  it('goes queued → sending → sent → delivered on the manual clock with signed callbacks', async () => {
    const m = await client.messages.create({
      to: '+14155550111',
      from: business,
      body: 'Hello',
      statusCallback: `${rx.url}/status`,
    });
    expect(m.status).toBe('queued');
    expect(rx.requests).toHaveLength(0); // no callback for the initial status

    await h.state.advance(0);
    expect((await client.messages(m.sid).fetch()).status).toBe('sending');
    await h.state.advance(1000);
    const sent = await client.messages(m.sid).fetch();
    expect(sent.status).toBe('sent');
    expect(sent.dateSent?.toISOString()).toBe('2026-11-21T07:16:01.000Z');
    expect(sent.price).toBe('-0.00830');
    await h.state.advance(1999);
    expect((await client.messages(m.sid).fetch()).status).toBe('sent');
    await h.state.advance(1);
    expect((await client.messages(m.sid).fetch()).status).toBe('delivered');

    expect(rx.requests.map((r) => r.params.MessageStatus)).toEqual(['sending', 'sent', 'delivered']);
    const delivered = rx.requests[2]?.params ?? {};
    expect(delivered).toMatchObject({
      AccountSid: sid,
      ApiVersion: '2010-04-01',
      From: business,
      To: '+14155550111',
      MessageSid: m.sid,
      SmsSid: m.sid,
      SmsStatus: 'delivered',
      RawDlrDoneDate: '2611210716',
    });
    expect(rx.requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expectSigned(rx.requests);
    const ledger = h.state.ledger.ofKind('webhook').filter((w) => w.relatedSid === m.sid);
    expect(ledger.map((w) => [w.purpose, w.outcome, w.response?.status])).toEqual([
      ['message-status', 'delivered', 200],
      ['message-status', 'delivered', 200],
      ['message-status', 'delivered', 200],
    ]);
  });

  it('fails designated recipients: …9903 undelivered/30003, …9908 failed/30008', async () => {
    const u = await client.messages.create({
      to: '+14155559903',
      from: business,
      body: 'x',
      statusCallback: `${rx.url}/s`,
    });
    const f = await client.messages.create({
      to: '+14155559908',
      from: business,
      body: 'x',
      statusCallback: `${rx.url}/s`,
    });
    await h.state.runAll();
    expect(await client.messages(u.sid).fetch()).toMatchObject({ status: 'undelivered', errorCode: 30003 });
    expect(await client.messages(f.sid).fetch()).toMatchObject({
      status: 'failed',
      errorCode: 30008,
      price: null,
    });
    const final = rx.requests.filter((r) => ['undelivered', 'failed'].includes(r.params.MessageStatus ?? ''));
    // f fails at the end of "sending" (+1 s, it starts at +1 s behind u), u is undelivered at +3 s.
    expect(final.map((r) => [r.params.MessageSid, r.params.MessageStatus, r.params.ErrorCode])).toEqual([
      [f.sid, 'failed', '30008'],
      [u.sid, 'undelivered', '30003'],
    ]);
  });

  it('sends 1 segment per second per sender and queues the rest', async () => {
    const a = await client.messages.create({ to: '+14155550120', from: business, body: 'a'.repeat(200) }); // 2 segments
    const b = await client.messages.create({ to: '+14155550121', from: business, body: 'b' });
    const c = await client.messages.create({ to: '+14155550122', from: business, body: 'c' });
    await h.state.runAll();
    const sendingAt = (s: string) =>
      h.state.ledger.ofKind('message.status').find((e) => e.messageSid === s && e.status === 'sending')?.at;
    const t0 = Date.parse(sendingAt(a.sid) ?? '');
    expect(Date.parse(sendingAt(b.sid) ?? '') - t0).toBe(2000);
    expect(Date.parse(sendingAt(c.sid) ?? '') - t0).toBe(3000);
  });
});

describe('queue limit (21611)', () => {
  it('rejects a message that would wait longer than maxQueueSeconds, with 429', async () => {
    const small = await startEmulator({ maxQueueSeconds: 3 });
    try {
      const acct = await createAccount(small);
      const c = small.client(acct.accountSid, acct.authToken);
      const from = (await c.incomingPhoneNumbers.create({ areaCode: '212' })).phoneNumber;
      for (let i = 0; i < 4; i++) await c.messages.create({ to: '+12125550100', from, body: `m${i}` });
      const err = await rejection(() =>
        c.messages.create({ to: '+12125550100', from, body: 'one too many' }),
      );
      expect(err).toMatchObject({ status: 429, code: 21611 });
      await small.state.advance(1000);
      expect((await c.messages.create({ to: '+12125550100', from, body: 'room again' })).status).toBe(
        'queued',
      );
    } finally {
      await small.close();
    }
  });

  it('defaults to 10 hours of segments per long code', () => {
    const state = createTwilioEmulatorState({ clock: 'manual' });
    const account = state.createAccount();
    const from = state.buyNumber(account, { areaCode: '415' }).phoneNumber;
    const body = 'x'.repeat(1600); // 11 GSM-7 segments → 11 s each
    let sent = 0;
    let error: unknown;
    try {
      for (; sent < 4000; sent++) state.sendMessage(account, { to: '+14155550100', from, body });
    } catch (e) {
      error = e;
    }
    expect(sent).toBe(3273); // the 3274th would start 36,003 s from now
    expect(error).toMatchObject({ status: 429, code: 21611 });
    state.dispose();
  });
});

describe('simulated handset inbound SMS', () => {
  it('stores the inbound message and POSTs a signed webhook with Twilio’s parameters', async () => {
    rx.respond.set('/sms', { status: 200, body: '<Response></Response>' });
    const res = await sandboxPost(h, `/sandbox/handsets/${encodeURIComponent('+33612345678')}/messages`, {
      to: business,
      body: 'Bonjour, je voudrais un rendez-vous',
    });
    expect(res.status).toBe(201);
    expect(res.json.message).toMatchObject({
      direction: 'inbound',
      status: 'received',
      from: '+33612345678',
      to: business,
    });
    expect(rx.requests).toHaveLength(1);
    const req = rx.requests[0]!;
    expect(req.path).toBe('/sms');
    expect(req.params).toMatchObject({
      MessageSid: res.json.message.sid,
      SmsMessageSid: res.json.message.sid,
      SmsSid: res.json.message.sid,
      AccountSid: sid,
      From: '+33612345678',
      To: business,
      Body: 'Bonjour, je voudrais un rendez-vous',
      NumMedia: '0',
      NumSegments: '1',
      SmsStatus: 'received',
      ApiVersion: '2010-04-01',
      FromCountry: 'FR',
      ToCountry: 'US',
      ToCity: 'San Francisco',
      ToState: 'CA',
      ToZip: '94102',
    });
    expectSigned(rx.requests);
    expect(res.json.webhook).toMatchObject({
      purpose: 'incoming-message',
      url: `${rx.url}/sms?tenant=t1`,
      outcome: 'delivered',
      response: { status: 200, body: '<Response></Response>' },
    });
    const listed = await client.messages.list({ from: '+33612345678' });
    expect(listed[0]).toMatchObject({ sid: res.json.message.sid, direction: 'inbound', status: 'received' });
  });

  it('sends TwiML <Message> replies back to the handset', async () => {
    rx.respond.set('/sms', {
      status: 200,
      body: '<Response><Message>Merci ! On vous rappelle.</Message></Response>',
    });
    const res = await sandboxPost(h, '/sandbox/handsets/+972541112233/messages', {
      to: business,
      body: 'שלום',
    });
    expect(res.json.replies).toHaveLength(1);
    expect(res.json.replies[0]).toMatchObject({
      direction: 'outbound-reply',
      to: '+972541112233',
      from: business,
    });
    const inbox = (await (await fetch(`${h.baseUrl}/sandbox/handsets/+972541112233/messages`)).json()) as {
      messages: Array<{ body: string }>;
    };
    expect(inbox.messages.map((m) => m.body)).toEqual(['שלום', 'Merci ! On vous rappelle.']);
  });

  it('falls back to sms_fallback_url when sms_url fails, and supports GET webhooks', async () => {
    const [n] = await client.availablePhoneNumbers('US').local.list({ areaCode: 808, limit: 1 });
    const pn = await client.incomingPhoneNumbers.create({
      phoneNumber: n?.phoneNumber ?? '',
      smsUrl: `${rx.url}/broken`,
      smsFallbackUrl: `${rx.url}/fallback`,
      smsFallbackMethod: 'GET',
    });
    rx.respond.set('/broken', { status: 500, body: 'oops' });
    await sandboxPost(h, '/sandbox/handsets/+14155550177/messages', { to: pn.phoneNumber, body: 'hi there' });
    expect(rx.requests.map((r) => r.path)).toEqual(['/broken', '/fallback']);
    const fallback = h.state.ledger.ofKind('webhook').at(-1);
    expect(fallback?.method).toBe('GET');
    expect(fallback?.url).toContain('Body=hi+there');
    // GET: the signature covers the full URL only.
    expect(twilio.validateRequest(token, fallback?.signature ?? '', fallback?.url ?? '', {})).toBe(true);
  });
});

describe('STOP / START', () => {
  it('blocks sends after STOP (21610) and re-subscribes on START', async () => {
    const handset = '+14155550188';
    expect((await client.messages.create({ to: handset, from: business, body: 'promo' })).status).toBe(
      'queued',
    );
    const stop = await sandboxPost(h, `/sandbox/handsets/${handset}/messages`, {
      to: business,
      body: ' stop ',
    });
    expect(stop.json.replies[0]?.body).toMatch(/unsubscribed/);
    expect(rx.requests.at(-1)?.params.Body).toBe(' stop '); // still forwarded to the app
    const err = await rejection(() =>
      client.messages.create({ to: handset, from: business, body: 'promo 2' }),
    );
    expect(err).toMatchObject({
      status: 400,
      code: 21610,
      message: 'Attempt to send to unsubscribed recipient',
    });
    // "STOP PLEASE" is not a keyword; other senders are unaffected.
    await sandboxPost(h, `/sandbox/handsets/${handset}/messages`, { to: business, body: 'STOP PLEASE' });
    expect(
      (await rejection(() => client.messages.create({ to: handset, from: business, body: 'x' }))).code,
    ).toBe(21610);
    await sandboxPost(h, `/sandbox/handsets/${handset}/messages`, { to: business, body: 'START' });
    expect((await client.messages.create({ to: handset, from: business, body: 'welcome back' })).status).toBe(
      'queued',
    );
    expect(h.state.ledger.ofKind('opt-out').map((e) => e.keyword)).toEqual(['STOP']);
    for (const kw of ['STOPALL', 'unsubscribe', 'Cancel', 'END', 'QUIT']) {
      await sandboxPost(h, `/sandbox/handsets/${handset}/messages`, { to: business, body: kw });
      expect(h.state.isOptedOut(business, handset)).toBe(true);
      await sandboxPost(h, `/sandbox/handsets/${handset}/messages`, { to: business, body: 'unstop' });
      expect(h.state.isOptedOut(business, handset)).toBe(false);
    }
  });
});

describe('fault injection', () => {
  afterEach(async () => {
    await fetch(`${h.baseUrl}/sandbox/faults`, { method: 'DELETE' });
  });

  it('returns 429 / 20429 or 500 for one account only', async () => {
    const other = await createAccount(h);
    const res = await fetch(`${h.baseUrl}/sandbox/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountSid: sid, rate429: 1 }),
    });
    expect(res.status).toBe(200);
    expect(await rejection(() => client.messages.list())).toMatchObject({ status: 429, code: 20429 });
    expect(await h.client(other.accountSid, other.authToken).messages.list()).toEqual([]);
    h.state.faults.set({ rate500: 1 }, sid);
    expect(await rejection(() => client.messages.list())).toMatchObject({ status: 500, code: 20500 });
  });

  it('adds latency', async () => {
    h.state.faults.set({ latencyMs: 120 });
    const started = performance.now();
    await client.messages.list({ limit: 1 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('drops or duplicates webhooks', async () => {
    h.state.faults.set({ dropWebhookRate: 1 });
    const dropped = await sandboxPost(h, '/sandbox/handsets/+14155550150/messages', {
      to: business,
      body: 'a',
    });
    expect(dropped.json.webhook.outcome).toBe('dropped');
    expect(rx.requests).toHaveLength(0);
    h.state.faults.set({ duplicateWebhookRate: 1 });
    await sandboxPost(h, '/sandbox/handsets/+14155550150/messages', { to: business, body: 'b' });
    expect(rx.requests.map((r) => r.params.Body)).toEqual(['b', 'b']);
    expect(
      h.state.ledger
        .ofKind('webhook')
        .slice(-2)
        .map((w) => w.duplicate),
    ).toEqual([false, true]);
  });
});

describe('test credentials (magic numbers)', () => {
  it('behaves as Twilio documents', async () => {
    const t = await createAccount(h, { test: true });
    const c = h.client(t.accountSid, t.authToken);
    const ok = await c.messages.create({ to: '+14155550100', from: '+15005550006', body: 'hi' });
    expect(ok).toMatchObject({ status: 'queued', from: '+15005550006' });
    const expectCode = async (params: Record<string, string>, code: number, status = 400) =>
      expect(await rejection(() => c.messages.create({ body: 'x', ...params } as never))).toMatchObject({
        code,
        status,
      });
    await expectCode({ to: '+14155550100', from: '+15005550001' }, 21212);
    await expectCode({ to: '+14155550100', from: '+15005550007' }, 21606);
    await expectCode({ to: '+14155550100', from: '+15005550008' }, 21611, 429);
    await expectCode({ to: '+14155550100', from: '+15005550000' }, 21606);
    await expectCode({ to: '+15005550001', from: '+15005550006' }, 21211);
    await expectCode({ to: '+15005550002', from: '+15005550006' }, 21612);
    await expectCode({ to: '+15005550003', from: '+15005550006' }, 21408);
    await expectCode({ to: '+15005550004', from: '+15005550006' }, 21610);
    await expectCode({ to: '+15005550009', from: '+15005550006' }, 21614);
    expect((await c.incomingPhoneNumbers.create({ phoneNumber: '+15005550006' })).phoneNumber).toBe(
      '+15005550006',
    );
    expect((await c.incomingPhoneNumbers.create({ areaCode: '500' })).phoneNumber).toBe('+15005550006');
    expect(
      await rejection(() => c.incomingPhoneNumbers.create({ phoneNumber: '+15005550000' })),
    ).toMatchObject({ code: 21422 });
    expect(
      await rejection(() => c.incomingPhoneNumbers.create({ phoneNumber: '+15005550001' })),
    ).toMatchObject({ code: 21421 });
    expect(await rejection(() => c.incomingPhoneNumbers.create({ areaCode: '533' }))).toMatchObject({
      code: 21452,
    });
    expect(await rejection(() => c.messages.list())).toMatchObject({ status: 403, code: 20008 });
    expect(h.state.ledger.ofKind('message.created').filter((e) => e.test)).toHaveLength(1);
  });
});

describe('calls', () => {
  it('creates an outbound call, fetches its TwiML URL and reports status callbacks', async () => {
    const call = await client.calls.create({
      to: '+14155550160',
      from: business,
      url: `${rx.url}/twiml`,
      statusCallback: `${rx.url}/call-status`,
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    });
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call).toMatchObject({
      status: 'queued',
      direction: 'outbound-api',
      toFormatted: '(415) 555-0160',
    });
    await h.state.runAll();
    const fetched = await client.calls(call.sid).fetch();
    expect(fetched).toMatchObject({ status: 'completed', duration: '30', price: '-0.01400' });
    expect(rx.requests.filter((r) => r.path === '/call-status').map((r) => r.params.CallStatus)).toEqual([
      'initiated',
      'ringing',
      'in-progress',
      'completed',
    ]);
    expect(rx.requests.find((r) => r.path === '/twiml')?.params).toMatchObject({
      CallSid: call.sid,
      CallStatus: 'in-progress',
    });
    expect((await client.calls.list({ status: 'completed' })).map((c) => c.sid)).toContain(call.sid);
  });

  it('rings out busy for …9917, and requires Url', async () => {
    const busy = await client.calls.create({ to: '+14155559917', from: business, twiml: '<Response/>' });
    await h.state.runAll();
    expect((await client.calls(busy.sid).fetch()).status).toBe('busy');
    expect(
      await rejection(() => client.calls.create({ to: '+14155550160', from: business } as never)),
    ).toMatchObject({
      code: 21205,
    });
  });

  it('delivers a signed voice webhook when a handset calls a number', async () => {
    await client.incomingPhoneNumbers.list().then(async (nums) => {
      const pn = nums.find((n) => n.phoneNumber === business);
      await client.incomingPhoneNumbers(pn?.sid ?? '').update({ voiceUrl: `${rx.url}/voice` });
    });
    rx.respond.set('/voice', { status: 200, body: '<Response><Say>Bonjour</Say></Response>' });
    const res = await sandboxPost(h, '/sandbox/handsets/+33612345678/calls', {
      to: business,
      durationSeconds: 42,
    });
    expect(res.status).toBe(201);
    expect(res.json.webhook.response.body).toContain('<Say>Bonjour</Say>');
    expect(rx.requests[0]?.params).toMatchObject({
      Direction: 'inbound',
      CallStatus: 'ringing',
      From: '+33612345678',
    });
    expect(
      twilio.validateRequest(
        token,
        String(rx.requests[0]?.headers['x-twilio-signature']),
        `${rx.url}/voice`,
        rx.requests[0]?.params ?? {},
      ),
    ).toBe(true);
    await h.state.advance(42_000);
    expect((await client.calls(res.json.call.sid).fetch()).duration).toBe('42');
  });
});

describe('mounted under a prefix', () => {
  it('serves the same API at /sandbox/twilio and the SDK pages through it', async () => {
    const p = await startEmulator({ prefix: '/sandbox/twilio' });
    try {
      expect(p.baseUrl).toMatch(/\/sandbox\/twilio$/);
      const acct = await createAccount(p);
      const c = p.client(acct.accountSid, acct.authToken);
      const from = (await c.incomingPhoneNumbers.create({ areaCode: '312' })).phoneNumber;
      for (let i = 0; i < 3; i++) await c.messages.create({ to: '+13125550100', from, body: `p${i}` });
      expect((await c.messages.list({ pageSize: 1 })).map((m) => m.body)).toEqual(['p2', 'p1', 'p0']);
      const clock = await (await fetch(`${p.baseUrl}/sandbox/clock`)).json();
      expect(clock).toMatchObject({ mode: 'manual', now: '2026-11-21T07:16:00.000Z' });
      const adv = await sandboxPost(p, '/sandbox/clock/advance', { ms: 10_000 });
      expect(adv.json.now).toBe('2026-11-21T07:16:10.000Z');
      const ledger = (await (await fetch(`${p.baseUrl}/sandbox/ledger?kind=message.status`)).json()) as {
        entries: Array<{ status: string }>;
      };
      expect(ledger.entries.filter((e) => e.status === 'delivered')).toHaveLength(3);
      expect(validateRecorded(p).failures).toEqual([]);
    } finally {
      await p.close();
    }
  });
});

describe('OpenAPI conformance', () => {
  it('every 2xx body the emulator sent in this file validates against the trimmed Twilio spec', () => {
    const { checked, failures } = validateRecorded(h);
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });
});

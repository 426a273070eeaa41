import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, startEmulator, validateRecorded, type Harness } from './twilio-helpers.ts';

/** Runs `fn` and returns the SDK exception it throws (fails the test if it resolves). */
async function rejection(
  fn: () => Promise<unknown>,
): Promise<{ status: number; code: number; message: string; moreInfo: string }> {
  try {
    await fn();
  } catch (error) {
    return error as { status: number; code: number; message: string; moreInfo: string };
  }
  throw new Error('expected the call to fail');
}

let h: Harness;
let sid: string;
let token: string;
let client: ReturnType<Harness['client']>;

beforeAll(async () => {
  h = await startEmulator({ seed: 42 });
  ({ accountSid: sid, authToken: token } = await createAccount(h, { friendlyName: 'Clinique Dupont' }));
  client = h.client(sid, token);
});
afterAll(async () => h.close());

describe('accounts and auth', () => {
  it('creates real-looking, deterministic credentials', async () => {
    expect(sid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    const other = await startEmulator({ seed: 42 });
    try {
      expect(await createAccount(other, { friendlyName: 'x' })).toMatchObject({
        accountSid: sid,
        authToken: token,
      });
    } finally {
      await other.close();
    }
  });

  it('fetches the account through the SDK', async () => {
    const account = await client.api.v2010.accounts(sid).fetch();
    expect(account.sid).toBe(sid);
    expect(account.friendlyName).toBe('Clinique Dupont');
    expect(account.status).toBe('active');
    expect(account.dateCreated.toISOString()).toBe('2026-11-21T07:16:00.000Z');
  });

  it('rejects a wrong token with 401 / 20003 and Twilio’s exact body', async () => {
    const err = await rejection(() => h.client(sid, 'f'.repeat(32)).messages.list());
    expect(err).toMatchObject({ status: 401, code: 20003, message: 'Authenticate' });
    expect(err.moreInfo).toBe('https://www.twilio.com/docs/errors/20003');
    const res = await fetch(`${h.baseUrl}/2010-04-01/Accounts/${sid}.json`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="Twilio API"');
    expect(await res.json()).toEqual({
      code: 20003,
      detail: 'Your AccountSid or AuthToken was incorrect.',
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401,
    });
  });

  it('answers 404 / 20404 for another account’s path', async () => {
    const other = await createAccount(h);
    const res = await fetch(`${h.baseUrl}/2010-04-01/Accounts/${other.accountSid}/Messages.json`, {
      headers: { authorization: `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      code: 20404,
      message: `The requested resource /2010-04-01/Accounts/${other.accountSid}/Messages.json was not found`,
      more_info: 'https://www.twilio.com/docs/errors/20404',
      status: 404,
    });
  });
});

describe('AvailablePhoneNumbers', () => {
  it('lists the supported countries', async () => {
    const countries = await client.availablePhoneNumbers.list();
    expect(countries.map((c) => c.countryCode).sort()).toEqual(['CA', 'FR', 'GB', 'IL', 'US']);
    const fr = countries.find((c) => c.countryCode === 'FR');
    expect(fr?.country).toBe('France');
    expect(Object.keys(fr?.subresourceUris ?? {}).sort()).toEqual(['local', 'mobile', 'toll_free']);
  });

  it('searches US local numbers by area code with realistic locality data', async () => {
    const nums = await client.availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 5 });
    expect(nums).toHaveLength(5);
    for (const n of nums) {
      expect(n.phoneNumber).toMatch(/^\+1415[2-9]\d{6}$/);
      expect(n).toMatchObject({
        locality: 'San Francisco',
        region: 'CA',
        postalCode: '94102',
        isoCountry: 'US',
      });
      expect(n.friendlyName).toBe(`(415) ${n.phoneNumber.slice(5, 8)}-${n.phoneNumber.slice(8)}`);
    }
    expect(h.responses.at(-1)?.url).toMatch(/Local\.json\?AreaCode=415&PageSize=5$/);
  });

  it('is deterministic: the same search returns the same numbers', async () => {
    const a = await client.availablePhoneNumbers('CA').local.list({ areaCode: 514, limit: 3 });
    const b = await client.availablePhoneNumbers('CA').local.list({ areaCode: 514, limit: 3 });
    expect(a.map((n) => n.phoneNumber)).toEqual(b.map((n) => n.phoneNumber));
    expect(a[0]).toMatchObject({ locality: 'Montreal', region: 'QC' });
  });

  it('applies Contains with * wildcards', async () => {
    const all = await client.availablePhoneNumbers('US').local.list({ areaCode: 212, limit: 50 });
    const target = all[3]?.phoneNumber ?? '';
    const pattern = `${target.slice(-4, -2)}*${target.slice(-1)}`;
    const found = await client.availablePhoneNumbers('US').local.list({ contains: pattern, limit: 50 });
    expect(found.map((n) => n.phoneNumber)).toContain(target);
    const re = new RegExp(pattern.replace('*', '\\d'));
    expect(found.every((n) => re.test(n.phoneNumber))).toBe(true);
    const anchored = await client.availablePhoneNumbers('US').local.list({ contains: '+1617', limit: 10 });
    expect(anchored.length).toBeGreaterThan(0);
    expect(anchored.every((n) => n.phoneNumber.startsWith('+1617'))).toBe(true);
  });

  it('filters on capabilities', async () => {
    const voiceOnly = await client.availablePhoneNumbers('US').local.list({ smsEnabled: false, limit: 20 });
    expect(voiceOnly.length).toBeGreaterThan(0);
    expect(voiceOnly.every((n) => n.capabilities.voice && !n.capabilities.sms)).toBe(true);
    const frSms = await client.availablePhoneNumbers('FR').local.list({ smsEnabled: true });
    expect(frSms).toEqual([]);
  });

  it('offers French and Israeli mobiles with voice+SMS', async () => {
    const fr = await client.availablePhoneNumbers('FR').mobile.list({ limit: 10 });
    expect(fr).toHaveLength(10);
    expect(
      fr.every((n) => /^\+33[67]\d{8}$/.test(n.phoneNumber) && n.capabilities.sms && n.capabilities.voice),
    ).toBe(true);
    const il = await client.availablePhoneNumbers('IL').mobile.list({ smsEnabled: true, limit: 5 });
    expect(il.every((n) => /^\+9725\d{8}$/.test(n.phoneNumber))).toBe(true);
    const gbTollFree = await client.availablePhoneNumbers('GB').tollFree.list({ limit: 2 });
    expect(gbTollFree[0]?.phoneNumber).toMatch(/^\+44800\d{7}$/);
  });

  it('answers Twilio’s 404 for unknown countries and missing types', async () => {
    const err = await rejection(() => client.availablePhoneNumbers('XX').local.list());
    expect(err).toMatchObject({ status: 404, code: 20404 });
    expect(err.message).toBe(
      `The requested resource /2010-04-01/Accounts/${sid}/AvailablePhoneNumbers/XX/Local.json was not found`,
    );
    expect(await rejection(() => client.availablePhoneNumbers('US').mobile.list())).toMatchObject({
      status: 404,
    });
  });
});

describe('IncomingPhoneNumbers', () => {
  it('buys a number, removes it from the inventory and refuses to sell it twice', async () => {
    const [candidate] = await client.availablePhoneNumbers('US').local.list({ areaCode: 512, limit: 1 });
    const phoneNumber = candidate?.phoneNumber ?? '';
    const pn = await client.incomingPhoneNumbers.create({ phoneNumber, smsUrl: 'https://ava.example/sms' });
    expect(pn.sid).toMatch(/^PN[0-9a-f]{32}$/);
    expect(pn).toMatchObject({
      phoneNumber,
      smsUrl: 'https://ava.example/sms',
      smsMethod: 'POST',
      accountSid: sid,
    });
    expect(pn.capabilities).toMatchObject({ voice: true, sms: true });
    const again = await client.availablePhoneNumbers('US').local.list({ areaCode: 512, limit: 50 });
    expect(again.map((n) => n.phoneNumber)).not.toContain(phoneNumber);
    const err = await rejection(() => client.incomingPhoneNumbers.create({ phoneNumber }));
    expect(err).toMatchObject({ status: 400, code: 21422 });
    expect(await rejection(() => client.incomingPhoneNumbers.create({ phoneNumber: '12' }))).toMatchObject({
      code: 21421,
    });
  });

  it('buys by area code, or fails with 21452', async () => {
    const pn = await client.incomingPhoneNumbers.create({ areaCode: '305' });
    expect(pn.phoneNumber).toMatch(/^\+1305/);
    expect(await rejection(() => client.incomingPhoneNumbers.create({ areaCode: '999' }))).toMatchObject({
      status: 400,
      code: 21452,
    });
  });

  it('lists with a PhoneNumber filter and pages through next_page_uri', async () => {
    const avail = await client.availablePhoneNumbers('CA').local.list({ areaCode: 416, limit: 3 });
    for (const n of avail) await client.incomingPhoneNumbers.create({ phoneNumber: n.phoneNumber });
    const total = (await client.incomingPhoneNumbers.list()).length;
    expect(total).toBe(5);
    const paged = await client.incomingPhoneNumbers.list({ pageSize: 2 });
    expect(paged).toHaveLength(5);
    expect(new Set(paged.map((n) => n.sid)).size).toBe(5);
    const urls = h.httpClient(client).seen.map((s) => s.url);
    expect(
      urls.some((u) => /IncomingPhoneNumbers\.json\?PageSize=2&Page=1&PageToken=PAPN[0-9a-f]{32}$/.test(u)),
    ).toBe(true);
    const one = await client.incomingPhoneNumbers.list({ phoneNumber: avail[1]?.phoneNumber ?? '' });
    expect(one.map((n) => n.phoneNumber)).toEqual([avail[1]?.phoneNumber]);
  });

  it('updates, fetches and releases a number back to the inventory', async () => {
    const [candidate] = await client.availablePhoneNumbers('GB').mobile.list({ limit: 1 });
    const pn = await client.incomingPhoneNumbers.create({ phoneNumber: candidate?.phoneNumber ?? '' });
    const updated = await client.incomingPhoneNumbers(pn.sid).update({
      friendlyName: 'Front desk',
      smsUrl: 'https://ava.example/sms/in',
      smsMethod: 'GET',
      voiceUrl: 'https://ava.example/voice',
      statusCallback: 'https://ava.example/status',
    });
    expect(updated).toMatchObject({
      friendlyName: 'Front desk',
      smsUrl: 'https://ava.example/sms/in',
      smsMethod: 'GET',
      voiceUrl: 'https://ava.example/voice',
      statusCallback: 'https://ava.example/status',
    });
    expect((await client.incomingPhoneNumbers(pn.sid).fetch()).friendlyName).toBe('Front desk');
    expect(await client.incomingPhoneNumbers(pn.sid).remove()).toBe(true);
    expect(await rejection(() => client.incomingPhoneNumbers(pn.sid).fetch())).toMatchObject({
      status: 404,
      code: 20404,
    });
    const back = await client.availablePhoneNumbers('GB').mobile.list({ limit: 1 });
    expect(back[0]?.phoneNumber).toBe(candidate?.phoneNumber);
  });
});

describe('Messages', () => {
  let usNumber: string;
  let frNumber: string;
  let voiceOnly: string;

  beforeAll(async () => {
    usNumber = (await client.incomingPhoneNumbers.create({ areaCode: '617' })).phoneNumber;
    const [fr] = await client.availablePhoneNumbers('FR').mobile.list({ limit: 1 });
    frNumber = (await client.incomingPhoneNumbers.create({ phoneNumber: fr?.phoneNumber ?? '' })).phoneNumber;
    const [vo] = await client.availablePhoneNumbers('FR').local.list({ limit: 1 });
    voiceOnly = (await client.incomingPhoneNumbers.create({ phoneNumber: vo?.phoneNumber ?? '' }))
      .phoneNumber;
  });

  it('creates a message shaped like Twilio’s', async () => {
    const m = await client.messages.create({
      to: '+14155550142',
      from: usNumber,
      body: 'Your appointment is at 3pm',
    });
    expect(m.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(m).toMatchObject({
      accountSid: sid,
      to: '+14155550142',
      from: usNumber,
      status: 'queued',
      direction: 'outbound-api',
      numSegments: '1',
      numMedia: '0',
      price: null,
      priceUnit: 'USD',
      errorCode: null,
      apiVersion: '2010-04-01',
      uri: `/2010-04-01/Accounts/${sid}/Messages/${m.sid}.json`,
    });
    const raw = h.responses.at(-1)?.body as Record<string, unknown>;
    expect(raw.date_created).toBe('Sat, 21 Nov 2026 07:16:00 +0000');
    expect(raw.date_sent).toBeNull();
    expect(h.responses.at(-1)?.status).toBe(201);
  });

  it('computes segments and a negative per-segment price by destination', async () => {
    const hebrew = await client.messages.create({
      to: '+972541234567',
      from: frNumber,
      body: 'ש'.repeat(71),
    });
    expect(hebrew.numSegments).toBe('2');
    const long = await client.messages.create({ to: '+33612345678', from: frNumber, body: 'a'.repeat(307) });
    expect(long.numSegments).toBe('3');
    await h.state.runAll();
    expect((await client.messages(hebrew.sid).fetch()).price).toBe('-0.53000');
    const sent = await client.messages(long.sid).fetch();
    expect(sent.price).toBe('-0.25740');
    expect(sent.status).toBe('delivered');
    expect(sent.dateSent).toBeInstanceOf(Date);
  });

  it('reports Twilio’s validation errors', async () => {
    const cases: Array<[Record<string, string>, number]> = [
      [{ to: 'not-a-number', from: usNumber, body: 'x' }, 21211],
      [{ to: '+14155550142', from: '+1415', body: 'x' }, 21212],
      [{ to: '+14155550142', from: '+14155550199', body: 'x' }, 21606],
      [{ to: '+14155550142', from: voiceOnly, body: 'x' }, 21606],
      [{ to: '+4915112345678', from: usNumber, body: 'x' }, 21408],
      [{ to: '+33142868200', from: frNumber, body: 'x' }, 21614],
      [{ to: '+14155559914', from: usNumber, body: 'x' }, 21614],
      [{ to: '+14155550142', body: 'x' }, 21603],
      [{ to: '+14155550142', from: usNumber }, 21602],
      [{ to: '+14155550142', from: usNumber, body: 'a'.repeat(1601) }, 21617],
    ];
    for (const [params, code] of cases) {
      const err = await rejection(() => client.messages.create(params as never));
      expect({ params, code: err.code, status: err.status }).toEqual({ params, code, status: 400 });
      expect(err.moreInfo).toBe(`https://www.twilio.com/docs/errors/${code}`);
    }
    const rejected = h.state.ledger.ofKind('message.rejected').map((e) => e.code);
    expect(rejected).toEqual(expect.arrayContaining([21211, 21212, 21606, 21408, 21614]));
  });

  it('lists with To/From/DateSent filters and Twilio pagination', async () => {
    const acct = await createAccount(h);
    const c = h.client(acct.accountSid, acct.authToken);
    const from = (await c.incomingPhoneNumbers.create({ areaCode: '206' })).phoneNumber;
    const sids: string[] = [];
    for (let i = 0; i < 5; i++) {
      sids.push((await c.messages.create({ to: `+1206555010${i % 2}`, from, body: `msg ${i}` })).sid);
    }
    const all = await c.messages.list();
    expect(all.map((m) => m.sid)).toEqual([...sids].reverse());
    const filtered = await c.messages.list({ to: '+12065550101' });
    expect(filtered.map((m) => m.body)).toEqual(['msg 3', 'msg 1']);
    expect((await c.messages.list({ from: '+12065550999' })).length).toBe(0);

    const page = await c.messages.page({ pageSize: 2, to: '+12065550100' });
    expect(page.instances.map((m) => m.body)).toEqual(['msg 4', 'msg 2']);
    const raw = h.responses.at(-1)?.body as Record<string, unknown>;
    expect(raw).toMatchObject({
      page: 0,
      page_size: 2,
      start: 0,
      end: 1,
      previous_page_uri: null,
      first_page_uri: `/2010-04-01/Accounts/${acct.accountSid}/Messages.json?To=%2B12065550100&PageSize=2&Page=0`,
      next_page_uri: `/2010-04-01/Accounts/${acct.accountSid}/Messages.json?To=%2B12065550100&PageSize=2&Page=1&PageToken=PA${sids[2]}`,
    });
    const next = await page.nextPage();
    expect(next?.instances.map((m) => m.body)).toEqual(['msg 0']);
    expect((h.responses.at(-1)?.body as Record<string, unknown>).next_page_uri).toBeNull();

    expect((await c.messages.list({ dateSent: new Date('2026-11-21T00:00:00Z') })).length).toBe(0);
    await h.state.runAll();
    expect((await c.messages.list({ dateSent: new Date('2026-11-21T00:00:00Z') })).length).toBe(5);
    expect((await c.messages.list({ dateSentAfter: new Date('2026-11-22T00:00:00Z') })).length).toBe(0);
    expect((await c.messages.list({ dateSentBefore: new Date('2026-11-22T00:00:00Z') })).length).toBe(5);
  });

  it('sends through a Messaging Service from a same-country number, starting "accepted"', async () => {
    const mg = `MG${'ab'.repeat(16)}`;
    const m = await client.messages.create({
      to: '+33698765432',
      messagingServiceSid: mg,
      body: 'Rappel RDV',
    });
    expect(m).toMatchObject({ status: 'accepted', messagingServiceSid: mg, from: frNumber });
    await h.state.advance(0);
    expect((await client.messages(m.sid).fetch()).status).toBe('sending');
    expect(
      await rejection(() =>
        client.messages.create({ to: '+33698765432', messagingServiceSid: 'MG1', body: 'x' }),
      ),
    ).toMatchObject({
      code: 21701,
    });
  });

  it('cancels a queued message so it is never sent', async () => {
    // Queue two messages from the same sender: the second waits behind the first.
    await client.messages.create({ to: '+14155550144', from: usNumber, body: 'first' });
    const second = await client.messages.create({ to: '+14155550145', from: usNumber, body: 'second' });
    expect((await client.messages(second.sid).update({ status: 'canceled' })).status).toBe('canceled');
    await h.state.runAll();
    expect((await client.messages(second.sid).fetch()).status).toBe('canceled');
    expect(
      h.state.ledger
        .ofKind('message.status')
        .filter((e) => e.messageSid === second.sid)
        .map((e) => e.status),
    ).toEqual(['canceled']);
  });

  it('redacts, deletes and 404s messages', async () => {
    const m = await client.messages.create({ to: '+14155550143', from: usNumber, body: 'secret code 1234' });
    await h.state.runAll();
    const redacted = await client.messages(m.sid).update({ body: '' });
    expect(redacted.body).toBe('');
    expect((await client.messages(m.sid).fetch()).body).toBe('');
    expect(await client.messages(m.sid).remove()).toBe(true);
    const err = await rejection(() => client.messages(m.sid).fetch());
    expect(err).toMatchObject({ status: 404, code: 20404 });
  });
});

describe('OpenAPI conformance', () => {
  it('every 2xx body the emulator sent in this file validates against the trimmed Twilio spec', () => {
    const { checked, failures } = validateRecorded(h);
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });
});

import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, driverName, signUp, type SignedUp, type TestApp } from '../../../test/helpers.ts';
import { createTwilioTelephony } from '../../providers/telephony/twilio.adapter.ts';

describe(`phone numbers on ${driverName}`, () => {
  let t: TestApp;
  let owner: SignedUp;
  let accountSid: string;
  const as = (who: SignedUp, opts: InjectOptions) =>
    t.app.inject({ ...opts, headers: { ...opts.headers, cookie: who.cookie } });
  const url = (who: SignedUp, rest = '') => `/api/v1/orgs/${who.orgId}/numbers${rest}`;
  /** The same account, driven from "the Twilio console" (outside AVA). */
  const console = () => {
    const account = t.app.ava.sandbox!.twilio.getAccount(accountSid)!;
    return createTwilioTelephony({
      accountSid,
      authToken: account.authToken,
      baseUrl: `${t.app.ava.config.internalUrl}/sandbox/twilio`,
    });
  };

  beforeAll(async () => {
    t = await createTestApp();
    owner = await signUp(t.app);
    const connected = await as(owner, {
      method: 'POST',
      url: `/api/v1/orgs/${owner.orgId}/credentials/twilio/sandbox`,
    });
    accountSid = connected.json().credentials.accountId;
  });
  afterAll(async () => t?.close());

  it('needs Twilio credentials first, and says so', async () => {
    const fresh = await signUp(t.app);
    const res = await as(fresh, { method: 'GET', url: url(fresh, '/available?country=FR') });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'PROVIDER_ERROR',
      details: { reason: 'provider.twilio.notConfigured' },
    });
  });

  it('searches French mobiles and US numbers by area code and digits', async () => {
    const fr = await as(owner, {
      method: 'GET',
      url: url(owner, '/available?country=FR&type=mobile&sms=true'),
    });
    expect(fr.statusCode).toBe(200);
    expect(fr.json().length).toBeGreaterThan(0);
    for (const n of fr.json()) {
      expect(n.phoneNumber).toMatch(/^\+33[67]\d{8}$/);
      expect(n.capabilities).toMatchObject({ sms: true, voice: true });
      expect(n.country).toBe('FR');
    }
    const us = await as(owner, { method: 'GET', url: url(owner, '/available?country=US&areaCode=415') });
    expect(
      us
        .json()
        .every(
          (n: { phoneNumber: string; locality: string | null }) =>
            n.phoneNumber.startsWith('+1415') && n.locality,
        ),
    ).toBe(true);
    const digits = await as(owner, { method: 'GET', url: url(owner, '/available?country=US&contains=77') });
    expect(digits.json().every((n: { phoneNumber: string }) => n.phoneNumber.slice(2).includes('77'))).toBe(
      true,
    );
    const bad = await as(owner, { method: 'GET', url: url(owner, '/available?country=France&areaCode=4') });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['querystring.areaCode', 'querystring.country']);
  });

  it('buys a number in one click, wired to AVA at once; a taken number says so', async () => {
    const [pick] = (
      await as(owner, { method: 'GET', url: url(owner, '/available?country=FR&type=mobile') })
    ).json();
    const res = await as(owner, {
      method: 'POST',
      url: url(owner),
      payload: { phoneNumber: pick.phoneNumber, label: 'Accueil' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      e164: pick.phoneNumber,
      label: 'Accueil',
      country: 'FR',
      wiring: { sms: 'ava', status: 'ava' },
    });
    const remote = (await console().listNumbers()).find((n) => n.phoneNumber === pick.phoneNumber)!;
    expect(remote.smsUrl).toBe('http://ava.test/webhooks/twilio/messages');
    expect(remote.statusCallback).toBe('http://ava.test/webhooks/twilio/status');

    const other = await signUp(t.app);
    await as(other, { method: 'POST', url: `/api/v1/orgs/${other.orgId}/credentials/twilio/sandbox` });
    const taken = await as(other, {
      method: 'POST',
      url: url(other),
      payload: { phoneNumber: pick.phoneNumber },
    });
    expect(taken.statusCode).toBe(409);
  });

  it('a number just taken by someone else is reported in plain words', async () => {
    const [pick] = (
      await as(owner, { method: 'GET', url: url(owner, '/available?country=US&areaCode=212') })
    ).json();
    const stranger = t.app.ava.sandbox!.twilio.createAccount();
    t.app.ava.sandbox!.twilio.buyNumber(stranger, { phoneNumber: pick.phoneNumber });
    const res = await as(owner, {
      method: 'POST',
      url: url(owner),
      payload: { phoneNumber: pick.phoneNumber },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'PROVIDER_ERROR',
      details: { reason: 'provider.twilio.numberUnavailable', retryable: false },
    });
    expect(res.json().error.message).not.toMatch(/^\d+$/);
  });

  it('syncs numbers added, changed and released in the Twilio console', async () => {
    const tw = console();
    const [a, b] = await tw.searchAvailableNumbers({ country: 'GB', type: 'mobile' });
    const boughtA = await tw.buyNumber({
      phoneNumber: a!.phoneNumber,
      smsUrl: 'https://elsewhere.example/sms',
      statusCallback: '',
    });
    const boughtB = await tw.buyNumber({
      phoneNumber: b!.phoneNumber,
      smsUrl: 'https://elsewhere.example/sms',
      statusCallback: '',
    });
    const first = await as(owner, { method: 'POST', url: url(owner, '/sync') });
    expect(first.json()).toMatchObject({ ok: true, added: 2, removed: 0 });

    await tw.releaseNumber(boughtA.sid);
    await tw.updateNumberWebhooks(boughtB.sid, { smsUrl: 'https://changed.example/sms' });
    const second = await as(owner, { method: 'POST', url: url(owner, '/sync') });
    expect(second.json()).toMatchObject({ ok: true, added: 0, updated: 1, removed: 1 });

    const list = (await as(owner, { method: 'GET', url: url(owner) })).json();
    expect(list.lastSync).toMatchObject({ ok: true, updated: 1, removed: 1 });
    const synced = list.numbers.find((n: { e164: string }) => n.e164 === boughtB.phoneNumber);
    expect(synced.wiring.sms).toBe('other');
    const rewired = await as(owner, { method: 'POST', url: url(owner, `/${synced.id}/rewire`) });
    expect(rewired.json().wiring).toMatchObject({ sms: 'ava', status: 'ava' });
  });

  it('a failed sync is recorded with its reason', async () => {
    t.app.ava.sandbox!.twilio.faults.set({ rate500: 1 }, accountSid);
    try {
      const res = await as(owner, { method: 'POST', url: url(owner, '/sync') });
      expect(res.json()).toMatchObject({ ok: false, reason: 'provider.twilio.unavailable' });
    } finally {
      t.app.ava.sandbox!.twilio.faults.set({ rate500: 0 }, accountSid);
    }
    expect((await as(owner, { method: 'GET', url: url(owner) })).json().lastSync.ok).toBe(false);
  });

  it('per-number settings: label, rotation, hours, fallback; bad hours are refused', async () => {
    const [n] = (await as(owner, { method: 'GET', url: url(owner) })).json().numbers;
    const res = await as(owner, {
      method: 'PATCH',
      url: url(owner, `/${n.id}`),
      payload: {
        label: 'Salon',
        rotation: true,
        businessHours: [{ day: 1, open: '09:00', close: '18:00' }],
        fallbackNumber: '+33 6 11 22 33 44',
      },
    });
    expect(res.json()).toMatchObject({
      label: 'Salon',
      rotation: true,
      fallbackNumber: '+33611223344',
      businessHours: [{ day: 1, open: '09:00', close: '18:00' }],
    });
    const bad = await as(owner, {
      method: 'PATCH',
      url: url(owner, `/${n.id}`),
      payload: { businessHours: [{ day: 1, open: '18:00', close: '09:00' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (await as(owner, { method: 'GET', url: url(owner, `/${n.id}`) })).json().businessHours[0].open,
    ).toBe('09:00');
  });

  it('releases a number at Twilio and removes it', async () => {
    const [n] = (await as(owner, { method: 'GET', url: url(owner) })).json().numbers;
    expect((await as(owner, { method: 'DELETE', url: url(owner, `/${n.id}`) })).statusCode).toBe(200);
    expect((await console().listNumbers()).map((x) => x.phoneNumber)).not.toContain(n.e164);
    expect((await as(owner, { method: 'GET', url: url(owner, `/${n.id}`) })).statusCode).toBe(404);
  });

  it('free Vapi US numbers, with a clear message at the cap', async () => {
    const org = await signUp(t.app);
    const vapi = await as(org, { method: 'POST', url: `/api/v1/orgs/${org.orgId}/credentials/vapi/sandbox` });
    expect(vapi.json().verification.ok).toBe(true);
    const first = await as(org, { method: 'POST', url: url(org, '/vapi'), payload: { areaCode: '415' } });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ source: 'vapi', country: 'US', wiring: { voice: 'vapi' } });
    expect(first.json().e164).toMatch(/^\+1415/);
    for (const account of t.app.ava.sandbox!.vapi.accounts.values()) account.freeNumberCap = 1;
    const capped = await as(org, { method: 'POST', url: url(org, '/vapi'), payload: { areaCode: '415' } });
    expect(capped.statusCode).toBe(422);
    expect(capped.json().error.details.reason).toBe('provider.vapi.freeNumberLimit');
  });

  it('real numbers need a verified email; sandbox numbers do not', async () => {
    const org = await signUp(t.app);
    // Real (non-sandbox) credentials: the purchase is refused before any provider is asked.
    await as(org, {
      method: 'PUT',
      url: `/api/v1/orgs/${org.orgId}/credentials/twilio`,
      payload: { accountSid: `AC${'4'.repeat(32)}`, authToken: 'c'.repeat(32) },
    });
    const res = await as(org, { method: 'POST', url: url(org), payload: { phoneNumber: '+33612345678' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('EMAIL_NOT_VERIFIED');
    await as(org, {
      method: 'PUT',
      url: `/api/v1/orgs/${org.orgId}/credentials/vapi`,
      payload: { privateKey: 'a-real-looking-vapi-key' },
    });
    const free = await as(org, { method: 'POST', url: url(org, '/vapi'), payload: { areaCode: '415' } });
    expect(free.json().error.code).toBe('EMAIL_NOT_VERIFIED');
    expect((await as(org, { method: 'GET', url: url(org) })).json().numbers).toEqual([]);
  });

  it('tenant floor: org B sees, changes and releases none of org A numbers', async () => {
    const [pick] = (await as(owner, { method: 'GET', url: url(owner, '/available?country=CA') })).json();
    const n = (
      await as(owner, { method: 'POST', url: url(owner), payload: { phoneNumber: pick.phoneNumber } })
    ).json();
    const b = await signUp(t.app);
    const routes: InjectOptions[] = [
      { method: 'GET', url: url(owner) },
      { method: 'GET', url: url(owner, '/available?country=FR') },
      { method: 'POST', url: url(owner), payload: { phoneNumber: '+33612345678' } },
      { method: 'POST', url: url(owner, '/vapi'), payload: { areaCode: '415' } },
      { method: 'POST', url: url(owner, '/sync') },
      { method: 'GET', url: url(owner, `/${n.id}`) },
      { method: 'PATCH', url: url(owner, `/${n.id}`), payload: { label: 'x' } },
      { method: 'POST', url: url(owner, `/${n.id}/rewire`) },
      { method: 'DELETE', url: url(owner, `/${n.id}`) },
    ];
    for (const r of routes) {
      expect((await as(b, r)).statusCode, `${r.method} ${r.url}`).toBe(404);
      expect((await t.app.inject(r)).statusCode, `${r.method} ${r.url}`).toBe(401);
    }
    // org B's own routes with org A's number id: still nothing.
    expect((await as(b, { method: 'GET', url: url(b, `/${n.id}`) })).statusCode).toBe(404);
    expect((await as(b, { method: 'DELETE', url: url(b, `/${n.id}`) })).statusCode).toBe(404);
    expect((await as(owner, { method: 'GET', url: url(owner, `/${n.id}`) })).json().e164).toBe(
      pick.phoneNumber,
    );
  });
});

import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, driverName, signUp, type SignedUp, type TestApp } from '../../../test/helpers.ts';
import { RESUME_IMPORTS } from './phone-numbers.jobs.ts';

describe(`auto-import of numbers into Vapi on ${driverName}`, () => {
  let t: TestApp;
  const as = (who: SignedUp, opts: InjectOptions) =>
    t.app.inject({ ...opts, headers: { ...opts.headers, cookie: who.cookie } });
  const org = (who: SignedUp, rest: string) => `/api/v1/orgs/${who.orgId}${rest}`;
  const receptionist = {
    name: 'Léa',
    firstMessage: 'Bonjour, salon Élégance, que puis-je faire pour vous ?',
    systemPrompt: 'Tu es la réceptionniste du salon.',
    language: 'fr',
  };

  /** Buys the first number the search offers (a French mobile with voice unless told otherwise). */
  async function buyNumber(who: SignedUp, search = 'country=FR&type=mobile&voice=true') {
    const [pick] = (await as(who, { method: 'GET', url: org(who, `/numbers/available?${search}`) })).json();
    const res = await as(who, {
      method: 'POST',
      url: org(who, '/numbers'),
      payload: { phoneNumber: pick.phoneNumber },
    });
    expect(res.statusCode).toBe(201);
    return res.json();
  }

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('enter credentials once: buy → guidance → Vapi key → receptionist → imported by itself, SMS left on AVA', async () => {
    const owner = await signUp(t.app);
    await as(owner, { method: 'POST', url: org(owner, '/credentials/twilio/sandbox') });
    const bought = await buyNumber(owner);
    expect(bought).toMatchObject({
      importStatus: 'pending',
      importIssue: {
        kind: 'guidance',
        steps: [
          { code: 'vapi.keyMissing', link: '/settings/telephony' },
          { code: 'assistant.missing', link: '/settings/receptionist' },
        ],
      },
    });

    let resumed = t.app.ava.jobs.waitForNext(RESUME_IMPORTS);
    await as(owner, { method: 'POST', url: org(owner, '/credentials/vapi/sandbox') });
    await resumed;
    const afterKey = (await as(owner, { method: 'GET', url: org(owner, `/numbers/${bought.id}`) })).json();
    expect(afterKey.importIssue.steps).toEqual([
      { code: 'assistant.missing', link: '/settings/receptionist' },
    ]);

    resumed = t.app.ava.jobs.waitForNext(RESUME_IMPORTS);
    const created = await as(owner, {
      method: 'POST',
      url: org(owner, '/assistants'),
      payload: receptionist,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ vapiAssistantId: expect.any(String), syncIssue: null });
    await resumed;

    const done = (await as(owner, { method: 'GET', url: org(owner, `/numbers/${bought.id}`) })).json();
    expect(done).toMatchObject({
      importStatus: 'imported',
      importIssue: null,
      assistantId: created.json().id,
      wiring: { sms: 'ava', voice: 'vapi' },
    });

    // At the providers: Vapi has the number, linked to the assistant, and AVA's webhook + secret on both.
    const sandbox = t.app.ava.sandbox!;
    const vapiNumber = [...sandbox.vapi.phoneNumbers.values()]
      .map((n) => n.data)
      .find((n) => n.number === bought.e164)!;
    expect(vapiNumber).toMatchObject({
      provider: 'twilio',
      assistantId: created.json().vapiAssistantId,
      smsEnabled: false,
    });
    const vapiAssistant = sandbox.vapi.assistants.get(created.json().vapiAssistantId)!;
    const server = vapiAssistant.server as { url: string; headers: Record<string, string> };
    expect(server.url).toBe('http://ava.test/webhooks/vapi');
    expect(server.headers['x-vapi-secret']).toMatch(new RegExp(`^${owner.orgId}\\.`));
    const twilioNumber = sandbox.twilio.listNumbers().find((n) => n.phoneNumber === bought.e164)!;
    expect(twilioNumber.smsUrl).toBe('http://ava.test/webhooks/twilio/messages');
    expect(twilioNumber.voiceUrl).toMatch(/\/twilio\/inbound_call$/);
    // The per-org secret never leaves through the API.
    expect(JSON.stringify([done, created.json()])).not.toContain(server.headers['x-vapi-secret']);
  });

  it('with everything in place, buying a number imports it at once', async () => {
    const owner = await signUp(t.app);
    await as(owner, { method: 'POST', url: org(owner, '/credentials/twilio/sandbox') });
    await as(owner, { method: 'POST', url: org(owner, '/credentials/vapi/sandbox') });
    await as(owner, { method: 'POST', url: org(owner, '/assistants'), payload: receptionist });
    const bought = await buyNumber(owner);
    expect(bought).toMatchObject({ importStatus: 'imported', wiring: { sms: 'ava', voice: 'vapi' } });
  });

  it('names a wrong Vapi key and a number that left the Twilio account', async () => {
    const owner = await signUp(t.app);
    await as(owner, { method: 'POST', url: org(owner, '/credentials/twilio/sandbox') });
    const bought = await buyNumber(owner);
    // The key was valid when saved, then revoked in the Vapi dashboard.
    const saved = (await as(owner, { method: 'POST', url: org(owner, '/credentials/vapi/sandbox') })).json();
    const account = [...t.app.ava.sandbox!.vapi.accounts.values()].find(
      (a) => a.publicKey === saved.credentials.publicKey,
    )!;
    account.privateKey = 'revoked-key';
    const sid = t.app.ava.sandbox!.twilio.listNumbers().find((n) => n.phoneNumber === bought.e164)!;
    t.app.ava.sandbox!.twilio.releaseNumber(sid);
    const res = await as(owner, {
      method: 'POST',
      url: org(owner, `/numbers/${bought.id}/import`),
      payload: {},
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().importIssue.steps.map((s: { code: string }) => s.code)).toEqual([
      'vapi.keyInvalid',
      'assistant.missing',
      'number.notInTwilioAccount',
    ]);
  });

  it('a number that cannot take calls is named as such', async () => {
    const owner = await signUp(t.app);
    await as(owner, { method: 'POST', url: org(owner, '/credentials/twilio/sandbox') });
    const bought = await buyNumber(owner, 'country=GB&type=mobile');
    expect(bought.importStatus).toBe('pending');
    // Meanwhile voice is removed from the number on the Twilio side.
    t.app.ava.sandbox!.twilio.listNumbers().find((n) => n.phoneNumber === bought.e164)!.capabilities.voice =
      false;
    await as(owner, { method: 'POST', url: org(owner, '/credentials/vapi/sandbox') });
    await as(owner, { method: 'POST', url: org(owner, '/assistants'), payload: receptionist });
    const res = await as(owner, {
      method: 'POST',
      url: org(owner, `/numbers/${bought.id}/import`),
      payload: {},
    });
    expect(res.json()).toMatchObject({
      importStatus: 'pending',
      importIssue: { kind: 'guidance', steps: [{ code: 'number.notVoiceCapable', link: '/numbers' }] },
    });
  });

  it('a provider outage leaves the import pending with a retryable reason', async () => {
    const owner = await signUp(t.app);
    await as(owner, { method: 'POST', url: org(owner, '/credentials/twilio/sandbox') });
    await as(owner, { method: 'POST', url: org(owner, '/credentials/vapi/sandbox') });
    await as(owner, { method: 'POST', url: org(owner, '/assistants'), payload: receptionist });
    const vapi = t.app.ava.sandbox!.vapi;
    const before = { ...vapi.faults };
    // Searching and buying are Twilio's: only the import into Vapi meets the outage.
    Object.assign(vapi.faults, { apiErrorRate: 1, apiErrorStatus: 500 });
    let bought: { id: string };
    try {
      bought = await buyNumber(owner, 'country=US&areaCode=415');
      expect(bought).toMatchObject({
        importStatus: 'pending',
        importIssue: { kind: 'error', reason: 'provider.vapi.unavailable', retryable: true },
      });
    } finally {
      Object.assign(vapi.faults, before);
    }
    const retried = await as(owner, {
      method: 'POST',
      url: org(owner, `/numbers/${bought.id}/import`),
      payload: {},
    });
    expect(retried.json().importStatus).toBe('imported');
  });

  it('two imports of one number at once: both end imported, on the one Vapi number', async () => {
    const owner = await signUp(t.app);
    await as(owner, { method: 'POST', url: org(owner, '/credentials/twilio/sandbox') });
    // Bought before the receptionist exists: pending, waiting for it.
    const bought = await buyNumber(owner, 'country=US&areaCode=415');
    expect(bought.importStatus).toBe('pending');
    await as(owner, { method: 'POST', url: org(owner, '/credentials/vapi/sandbox') });
    await as(owner, { method: 'POST', url: org(owner, '/assistants'), payload: receptionist });
    const both = await Promise.all(
      [1, 2].map(() =>
        as(owner, { method: 'POST', url: org(owner, `/numbers/${bought.id}/import`), payload: {} }),
      ),
    );
    expect(both.map((r) => r.json().importStatus)).toEqual(['imported', 'imported']);
    const [number] = (await as(owner, { method: 'GET', url: org(owner, '/numbers') })).json().numbers;
    expect(number.importStatus).toBe('imported');
  });

  it('members cannot import; org B cannot import org A numbers', async () => {
    const owner = await signUp(t.app);
    await as(owner, { method: 'POST', url: org(owner, '/credentials/twilio/sandbox') });
    const bought = await buyNumber(owner, 'country=CA');
    const b = await signUp(t.app);
    expect(
      (await as(b, { method: 'POST', url: org(owner, `/numbers/${bought.id}/import`), payload: {} }))
        .statusCode,
    ).toBe(404);
    expect(
      (await as(b, { method: 'POST', url: org(b, `/numbers/${bought.id}/import`), payload: {} })).statusCode,
    ).toBe(404);
    for (const r of [
      { method: 'GET', url: org(owner, '/assistants') },
      { method: 'POST', url: org(owner, '/assistants'), payload: receptionist },
    ] as InjectOptions[]) {
      expect((await as(b, r)).statusCode).toBe(404);
      expect((await t.app.inject(r)).statusCode).toBe(401);
    }
  });
});

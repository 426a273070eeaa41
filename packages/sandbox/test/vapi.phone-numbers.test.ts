import { afterEach, describe, expect, it } from 'vitest';
import type { Vapi } from '@vapi-ai/server-sdk';
import type { TwilioNumberGateway } from '../src/vapi/index.ts';
import type { Harness } from './vapi.harness.ts';
import { startVapi, vapiFailure } from './vapi.harness.ts';
import { expectValid, vapiResponse } from './vapi.openapi.ts';

const SID = 'AC0123456789abcdef0123456789abcdef';

/** A Twilio double that knows one account and one number, and records the URL changes Vapi makes. */
function fakeTwilio(): TwilioNumberGateway & { urlUpdates: Array<Record<string, string | undefined>> } {
  const urlUpdates: Array<Record<string, string | undefined>> = [];
  return {
    urlUpdates,
    async verifyNumber(accountSid, authToken, number) {
      if (accountSid !== SID || authToken !== 'right-token')
        return { ok: false, reason: 'invalid-credentials' };
      if (number !== '+33612345678') return { ok: false, reason: 'number-not-found' };
      return { ok: true, numberSid: 'PN0123456789abcdef0123456789abcdef' };
    },
    async setNumberUrls(input) {
      urlUpdates.push({ ...input });
    },
  };
}

describe('Vapi emulator: phone numbers', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('buys free US numbers in the desired area code, activating then active, valid per the OpenAPI', async () => {
    let clock = Date.parse('2026-03-10T09:00:00Z');
    h = await startVapi({ activationDelayMs: 120_000, now: () => new Date(clock) });
    const vapi = h.client((await h.newAccount()).privateKey);
    const assistant = await vapi.assistants.create({ name: 'Front desk' });
    const { data: created, rawResponse } = await vapi.phoneNumbers
      .create({
        provider: 'vapi',
        numberDesiredAreaCode: '415',
        assistantId: assistant.id,
        name: 'Acme main',
      })
      .withRawResponse();
    expect(rawResponse.status).toBe(201);
    expectValid(vapiResponse('/phone-number', 'post', '201'), created);
    expect(created).toMatchObject({ provider: 'vapi', status: 'activating', assistantId: assistant.id });
    expect((created as Vapi.VapiPhoneNumber).number).toMatch(/^\+1415\d{7}$/);

    expect((await vapi.phoneNumbers.get({ id: created.id })).status).toBe('activating');
    clock += 120_000;
    const active = await vapi.phoneNumbers.get({ id: created.id });
    expectValid(vapiResponse('/phone-number/{id}', 'get', '200'), active);
    expect(active.status).toBe('active');

    const bad = await vapiFailure(
      vapi.phoneNumbers.create({ provider: 'vapi', numberDesiredAreaCode: '41' }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatchObject({ error: 'Bad Request', statusCode: 400 });
  });

  it('enforces the per-account free number cap (default 10, configurable to 5) with a 400', async () => {
    h = await startVapi();
    const vapi = h.client((await h.newAccount()).privateKey);
    for (let i = 0; i < 10; i += 1)
      await vapi.phoneNumbers.create({ provider: 'vapi', numberDesiredAreaCode: '212' });
    const eleventh = await vapiFailure(
      vapi.phoneNumbers.create({ provider: 'vapi', numberDesiredAreaCode: '212' }),
    );
    expect(eleventh.statusCode).toBe(400);
    expect((eleventh.body as { message: string }).message).toMatch(/up to 10 free/);
    await h.close();

    h = await startVapi({ freeNumberCap: 5 });
    const capped = h.client((await h.newAccount()).privateKey);
    const numbers = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      const n = await capped.phoneNumbers.create({ provider: 'vapi', numberDesiredAreaCode: '646' });
      numbers.add((n as Vapi.VapiPhoneNumber).number ?? '');
    }
    expect(numbers.size).toBe(5);
    const sixth = await vapiFailure(
      capped.phoneNumbers.create({ provider: 'vapi', numberDesiredAreaCode: '646' }),
    );
    expect(sixth.statusCode).toBe(400);
    // The cap is per account: another account still gets its free numbers.
    const otherAccount = h.client((await h.newAccount()).privateKey);
    expect(
      (await otherAccount.phoneNumbers.create({ provider: 'vapi', numberDesiredAreaCode: '646' })).provider,
    ).toBe('vapi');
  });

  it('imports a Twilio number after checking credentials and number, taking over only the voice URL when smsEnabled is false', async () => {
    const twilio = fakeTwilio();
    h = await startVapi({ twilio, publicBaseUrl: 'https://vapi.sandbox.test' });
    const vapi = h.client((await h.newAccount()).privateKey);

    const wrongToken = await vapiFailure(
      vapi.phoneNumbers.create({
        provider: 'twilio',
        number: '+33612345678',
        twilioAccountSid: SID,
        twilioAuthToken: 'nope',
      }),
    );
    expect(wrongToken.statusCode).toBe(400);
    expect((wrongToken.body as { message: string }).message).toMatch(/credentials/i);
    const unknownNumber = await vapiFailure(
      vapi.phoneNumbers.create({
        provider: 'twilio',
        number: '+33699999999',
        twilioAccountSid: SID,
        twilioAuthToken: 'right-token',
      }),
    );
    expect((unknownNumber.body as { message: string }).message).toMatch(/Not Found/);
    expect(twilio.urlUpdates).toHaveLength(0);

    const imported = await vapi.phoneNumbers.create({
      provider: 'twilio',
      number: '+33612345678',
      twilioAccountSid: SID,
      twilioAuthToken: 'right-token',
      smsEnabled: false,
    });
    expectValid(vapiResponse('/phone-number', 'post', '201'), imported);
    expect(imported).toMatchObject({
      provider: 'twilio',
      number: '+33612345678',
      status: 'active',
      smsEnabled: false,
    });
    expect(twilio.urlUpdates).toEqual([
      {
        accountSid: SID,
        authToken: 'right-token',
        numberSid: 'PN0123456789abcdef0123456789abcdef',
        voiceUrl: 'https://vapi.sandbox.test/twilio/inbound_call',
      },
    ]);

    const duplicate = await vapiFailure(
      vapi.phoneNumbers.create({
        provider: 'twilio',
        number: '+33612345678',
        twilioAccountSid: SID,
        twilioAuthToken: 'right-token',
      }),
    );
    expect(duplicate.statusCode).toBe(400);
  });

  it('takes over the SMS URL too when smsEnabled is left to its default', async () => {
    const twilio = fakeTwilio();
    h = await startVapi({ twilio, publicBaseUrl: 'https://vapi.sandbox.test' });
    const vapi = h.client((await h.newAccount()).privateKey);
    const imported = await vapi.phoneNumbers.create({
      provider: 'twilio',
      number: '+33612345678',
      twilioAccountSid: SID,
      twilioAuthToken: 'right-token',
    });
    expect((imported as Vapi.TwilioPhoneNumber).smsEnabled).toBe(true);
    expect(twilio.urlUpdates[0]?.['smsUrl']).toBe('https://vapi.sandbox.test/twilio/sms');
  });

  it('updates (assistantId, server), lists, paginates and deletes numbers', async () => {
    h = await startVapi();
    const vapi = h.client((await h.newAccount()).privateKey);
    const a1 = await vapi.assistants.create({ name: 'A1' });
    const number = await vapi.phoneNumbers.create({ provider: 'vapi', numberDesiredAreaCode: '305' });
    const updated = await vapi.phoneNumbers.update({
      id: number.id,
      body: {
        provider: 'vapi',
        assistantId: a1.id,
        server: { url: 'https://app.example.com/api/vapi/webhook' },
      },
    });
    expectValid(vapiResponse('/phone-number/{id}', 'patch', '200'), updated);
    expect(updated).toMatchObject({
      assistantId: a1.id,
      server: { url: 'https://app.example.com/api/vapi/webhook' },
    });

    const unknownField = await vapiFailure(
      vapi.phoneNumbers.update({
        id: number.id,
        body: { provider: 'vapi', smsEnabled: true } as unknown as Vapi.UpdateVapiPhoneNumberDto & {
          provider: 'vapi';
        },
      }),
    );
    expect((unknownField.body as { message: string[] }).message).toEqual([
      'property smsEnabled should not exist',
    ]);
    const badAssistant = await vapiFailure(
      vapi.phoneNumbers.update({
        id: number.id,
        body: { provider: 'vapi', assistantId: '00000000-0000-4000-8000-000000000000' },
      }),
    );
    expect(badAssistant.statusCode).toBe(400);

    const list = await vapi.phoneNumbers.list();
    expectValid(vapiResponse('/phone-number', 'get', '200'), list);
    expect(list.map((n) => n.id)).toEqual([number.id]);
    const page = await vapi.phoneNumbers.phoneNumberControllerFindAllPaginated({ limit: 10 });
    expectValid(vapiResponse('/v2/phone-number', 'get', '200'), page);
    expect(page.metadata.totalItems).toBe(1);

    const deleted = await vapi.phoneNumbers.delete({ id: number.id });
    expectValid(vapiResponse('/phone-number/{id}', 'delete', '200'), deleted);
    expect(await vapi.phoneNumbers.list()).toEqual([]);
    expect((await vapiFailure(vapi.phoneNumbers.get({ id: number.id }))).statusCode).toBe(404);
  });
});

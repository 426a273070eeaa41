import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createListeningApp,
  driverName,
  eventsProcessed,
  signUp,
  TEST_KEY,
  type SignedUp,
} from '../../../test/helpers.ts';
import { encrypt, keyringFromString } from '../../lib/secrets.ts';
import { createTwilioTelephony } from '../../providers/telephony/twilio.adapter.ts';
import type { TelephonyPort } from '../../providers/telephony/telephony.port.ts';
import { credentialsRepository } from '../credentials/credentials.repository.ts';
import { webhooksRepository } from './webhooks.repository.ts';

const keyring = keyringFromString(TEST_KEY);

describe(`Twilio webhooks through the sandbox on ${driverName}`, () => {
  let t: Awaited<ReturnType<typeof createListeningApp>>;
  let owner: SignedUp;
  let number: string;
  let telephony: TelephonyPort;
  const events = () => webhooksRepository(t.database.db).list(owner.orgId);

  beforeAll(async () => {
    t = await createListeningApp({}, { sandbox: { clock: 'manual' } });
    owner = await signUp(t.app);
    const account = t.app.ava.sandbox!.twilio.createAccount();
    await credentialsRepository(t.database.db).upsert(owner.orgId, {
      provider: 'twilio',
      accountId: account.sid,
      secretEncrypted: encrypt(keyring, account.authToken),
      secretLast4: account.authToken.slice(-4),
      sandbox: true,
    });
    // The real adapter, pointed at the emulator mounted in AVA itself.
    telephony = createTwilioTelephony({
      accountSid: account.sid,
      authToken: account.authToken,
      baseUrl: `${t.publicUrl}/sandbox/twilio`,
    });
    const [available] = await telephony.searchAvailableNumbers({ country: 'FR', type: 'mobile', sms: true });
    const bought = await telephony.buyNumber({
      phoneNumber: available!.phoneNumber,
      smsUrl: `${t.publicUrl}/webhooks/twilio/messages`,
      statusCallback: `${t.publicUrl}/webhooks/twilio/status`,
    });
    number = bought.phoneNumber;
  });
  afterAll(async () => t?.close());

  it('a handset text reaches AVA signed, is verified and stored once', async () => {
    const result = await t.app.ava.sandbox!.twilio.receiveFromHandset({
      from: '+33611223344',
      to: number,
      body: 'Bonjour, vous êtes ouverts ?',
    });
    expect(result.webhook?.response?.status).toBe(200);
    expect(result.webhook?.response?.body).toContain('<Response>');
    const stored = await events();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ provider: 'twilio', kind: 'message.inbound' });
    expect((stored[0]!.payload as Record<string, string>).Body).toBe('Bonjour, vous êtes ouverts ?');

    // Twilio retries when it doubts the first delivery: the same signed request is a no-op.
    const replay = await fetch(result.webhook!.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': result.webhook!.signature,
      },
      body: new URLSearchParams(result.webhook!.params as Record<string, string>).toString(),
    });
    expect(replay.status).toBe(200);
    expect(await events()).toHaveLength(1);
    // …and handled once: one text in the inbox.
    await eventsProcessed(t.database);
    const { rows } = await t.database.executeSql(
      `SELECT count(*)::int AS n FROM messages WHERE body = 'Bonjour, vous êtes ouverts ?'`,
    );
    expect(rows[0]?.n).toBe(1);
    // The replay is counted apart from first deliveries.
    const scraped = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(scraped.body).toMatch(/ava_webhook_requests_total\{provider="twilio",result="replayed"\} [1-9]/);
  });

  it('refuses unsigned (401) and forged (403) requests and stores nothing', async () => {
    const before = (await events()).length;
    const params = {
      AccountSid: 'AC' + '0'.repeat(32),
      MessageSid: 'SM' + '1'.repeat(32),
      From: '+33600000000',
      To: number,
      Body: 'forged',
    };
    const post = (headers: Record<string, string>, body: Record<string, string>) =>
      fetch(`${t.publicUrl}/webhooks/twilio/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(body).toString(),
      });
    const unsigned = await post({}, params);
    expect(unsigned.status).toBe(401);
    const unknownAccount = await post({ 'x-twilio-signature': 'bm9wZQ==' }, params);
    expect(unknownAccount.status).toBe(403);
    const [sid] = t.app.ava.sandbox!.twilio.listAccounts().map((a) => a.sid);
    const forged = await post({ 'x-twilio-signature': 'bm9wZQ==' }, { ...params, AccountSid: sid! });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    expect(await events()).toHaveLength(before);
  });

  it('a tampered body fails the signature check', async () => {
    const result = await t.app.ava.sandbox!.twilio.receiveFromHandset({
      from: '+33611223355',
      to: number,
      body: 'original',
    });
    const before = (await events()).length;
    const tampered = await fetch(result.webhook!.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': result.webhook!.signature,
      },
      body: new URLSearchParams({
        ...(result.webhook!.params as Record<string, string>),
        Body: 'changed',
        MessageSid: 'SM' + '9'.repeat(32),
      }).toString(),
    });
    expect(tampered.status).toBe(403);
    expect(await events()).toHaveLength(before);
  });

  it('status callbacks move through the lifecycle, one stored event per status', async () => {
    const sent = await telephony.sendSms({
      from: number,
      to: '+33699887766',
      body: 'Votre rendez-vous est confirmé',
      statusCallback: `${t.publicUrl}/webhooks/twilio/status`,
    });
    await t.app.ava.sandbox!.twilio.runAll();
    const statuses = (await events())
      .filter(
        (e) => e.kind === 'message.status' && (e.payload as Record<string, string>).MessageSid === sent.sid,
      )
      .map((e) => (e.payload as Record<string, string>).MessageStatus);
    expect(statuses).toEqual(expect.arrayContaining(['sent', 'delivered']));
    expect(new Set(statuses).size).toBe(statuses.length);
  });
});

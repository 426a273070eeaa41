import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListeningApp, driverName, signUp, TEST_KEY, type SignedUp } from '../../../test/helpers.ts';
import { encrypt, keyringFromString } from '../../lib/secrets.ts';
import { credentialsRepository } from '../credentials/credentials.repository.ts';
import { webhooksRepository } from './webhooks.repository.ts';

const keyring = keyringFromString(TEST_KEY);

describe(`Vapi server messages through the sandbox on ${driverName}`, () => {
  let t: Awaited<ReturnType<typeof createListeningApp>>;
  let owner: SignedUp;
  let secret: string;
  let vapi: (path: string, body?: unknown) => Promise<Response>;
  const events = () => webhooksRepository(t.database.db).list(owner.orgId);

  beforeAll(async () => {
    t = await createListeningApp();
    owner = await signUp(t.app);
    secret = `${owner.orgId}.per-org-random-secret-value`;
    await credentialsRepository(t.database.db).ensureWebhookSecret(owner.orgId, encrypt(keyring, secret));
    const account = (await (
      await fetch(`${t.publicUrl}/sandbox/vapi/sandbox/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()) as { privateKey: string };
    vapi = (path, body) =>
      fetch(`${t.publicUrl}/sandbox/vapi${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${account.privateKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      });
  });
  afterAll(async () => t?.close());

  async function callWith(headers: Record<string, string>) {
    const assistant = (await (
      await vapi('/assistant', {
        name: 'Reception',
        firstMessage: 'Bonjour, cabinet du docteur Lévy.',
        server: { url: `${t.publicUrl}/webhooks/vapi`, headers },
        serverMessages: ['status-update', 'end-of-call-report'],
      })
    ).json()) as { id: string };
    const phone = (await (
      await vapi('/phone-number', {
        provider: 'vapi',
        numberDesiredAreaCode: '415',
        assistantId: assistant.id,
      })
    ).json()) as { id: string };
    const call = await vapi('/sandbox/calls', {
      phoneNumberId: phone.id,
      from: '+14155550123',
      script: ['Bonjour, je voudrais un rendez-vous.'],
    });
    expect(call.status).toBe(201);
    return ((await call.json()) as { call: { id: string } }).call.id;
  }

  it('stores each server message of a call once, verified by the org secret', async () => {
    const callId = await callWith({ 'X-Vapi-Secret': secret });
    const stored = (await events()).filter((e) => JSON.stringify(e.payload).includes(callId));
    const kinds = stored.map((e) => e.kind);
    expect(kinds).toContain('status-update');
    expect(kinds.at(-1)).toBe('end-of-call-report');
    const report = stored.at(-1)!.payload as { message: { artifact?: { transcript?: string } } };
    expect(report.message.artifact?.transcript).toContain('rendez-vous');
  });

  it('refuses a wrong or missing secret and stores nothing', async () => {
    const before = (await events()).length;
    await callWith({ 'X-Vapi-Secret': `${owner.orgId}.wrong` });
    await callWith({});
    expect(await events()).toHaveLength(before);
    const direct = await fetch(`${t.publicUrl}/webhooks/vapi`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-vapi-secret': 'unknown-org.whatever' },
      body: JSON.stringify({ message: { type: 'status-update', call: { id: 'x' } } }),
    });
    expect(direct.status).toBe(403);
    const missing = await fetch(`${t.publicUrl}/webhooks/vapi`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: { type: 'status-update' } }),
    });
    expect(missing.status).toBe(401);
  });

  it('a retried message is acknowledged and not stored twice', async () => {
    const body = JSON.stringify({
      message: {
        type: 'status-update',
        status: 'in-progress',
        timestamp: 1_790_000_000_000,
        call: { id: 'call-retried' },
      },
    });
    const send = () =>
      fetch(`${t.publicUrl}/webhooks/vapi`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-vapi-secret': secret },
        body,
      });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    expect((await events()).filter((e) => JSON.stringify(e.payload).includes('call-retried'))).toHaveLength(
      1,
    );
  });
});

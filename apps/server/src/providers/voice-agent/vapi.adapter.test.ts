import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import {
  createTwilioEmulatorState,
  twilioEmulator,
  twilioGateway,
  vapiEmulator,
  VapiEmulatorState,
  type TwilioEmulatorState,
} from '@ava/sandbox';
import { ProviderError } from '../provider-error.ts';
import { createTwilioTelephony } from '../telephony/twilio.adapter.ts';
import { createVapiVoiceAgent, VAPI_SECRET_HEADER, verifyVapiSecret } from './vapi.adapter.ts';
import type { AssistantSpec } from './voice-agent.port.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test code reads JSON field by field
type Json = any;

let app: FastifyInstance;
let origin: string;
let twilioState: TwilioEmulatorState;
const vapiState = new VapiEmulatorState();
let receiver: FastifyInstance;
let hookUrl: string;
const hooks: Array<{ type: string; secret: string | undefined; body: Json }> = [];

async function post(path: string, body: unknown, method = 'POST'): Promise<{ status: number; json: Json }> {
  const res = await fetch(`${origin}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

async function newVapiAccount(body: Record<string, unknown> = {}): Promise<string> {
  const created = await post('/sandbox/vapi/sandbox/accounts', body);
  expect(created.status).toBe(201);
  return created.json.privateKey as string;
}

const agent = (apiKey: string, baseUrl = `${origin}/sandbox/vapi`) =>
  createVapiVoiceAgent({ apiKey, baseUrl, maxRetries: 0, timeoutSeconds: 10 });

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected a ProviderError');
}

const SECRET = 'org-secret-3f9a1c';

const spec = (overrides: Partial<AssistantSpec> = {}): AssistantSpec => ({
  name: 'Cabinet Dupont',
  firstMessage: 'Cabinet Dupont, bonjour !',
  systemPrompt: 'You are the receptionist of Cabinet Dupont. Reply in French.',
  voice: { provider: 'vapi', voiceId: 'Elliot' },
  language: 'fr',
  tools: [
    {
      name: 'checkAvailability',
      description: 'Free slots on a day',
      parameters: { type: 'object', properties: { date: { type: 'string' } }, required: ['date'] },
    },
  ],
  serverUrl: `${hookUrl}/vapi`,
  serverSecret: SECRET,
  ...overrides,
});

beforeAll(async () => {
  receiver = Fastify();
  receiver.post('/*', async (req) => {
    const body = req.body as { message?: { type?: string } };
    const header = req.headers[VAPI_SECRET_HEADER];
    hooks.push({
      type: String(body.message?.type),
      secret: typeof header === 'string' ? header : undefined,
      body,
    });
    if (body.message?.type === 'tool-calls') {
      const list = (body.message as { toolCallList?: Array<{ id: string }> }).toolCallList ?? [];
      return { results: list.map((t) => ({ toolCallId: t.id, result: 'No free slot that day.' })) };
    }
    return {};
  });
  await receiver.listen({ port: 0, host: '127.0.0.1' });
  hookUrl = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;

  twilioState = createTwilioEmulatorState({ clock: 'manual', seed: 3 });
  app = Fastify();
  await app.register(twilioEmulator, { prefix: '/sandbox/twilio', state: twilioState });
  await app.register(vapiEmulator, {
    prefix: '/sandbox/vapi',
    state: vapiState,
    twilio: twilioGateway(twilioState),
    publicBaseUrl: 'https://ava.example/sandbox/vapi',
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app.close();
  await receiver.close();
  twilioState.dispose();
});

beforeEach(async () => {
  await post('/sandbox/vapi/sandbox/faults', { apiErrorRate: 0 }, 'PUT');
});

describe('Vapi adapter: assistants', () => {
  it('creates an assistant in Vapi shape and reads it back in AVA words, without the secret', async () => {
    const key = await newVapiAccount();
    const port = agent(key);
    await expect(port.verify()).resolves.toEqual({ assistants: 0 });
    const created = await port.createAssistant(spec({ metadata: { orgId: 'org_1' } }));
    expect(created).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Cabinet Dupont',
      firstMessage: 'Cabinet Dupont, bonjour !',
      systemPrompt: 'You are the receptionist of Cabinet Dupont. Reply in French.',
      voice: { provider: 'vapi', voiceId: 'Elliot' },
      language: 'fr',
      serverUrl: `${hookUrl}/vapi`,
      metadata: { orgId: 'org_1' },
      tools: [{ name: 'checkAvailability', description: 'Free slots on a day' }],
    });
    expect(JSON.stringify(created)).not.toContain(SECRET);

    // What Vapi stored: server headers with the per-org secret, transcriber, serverMessages, tools in model.
    const stored = vapiState.assistants.get(created.id) as Record<string, Json>;
    expect(stored.server).toMatchObject({
      url: `${hookUrl}/vapi`,
      headers: { [VAPI_SECRET_HEADER]: SECRET },
    });
    expect(stored.transcriber).toEqual({ provider: 'deepgram', model: 'nova-3', language: 'fr' });
    expect(stored.serverMessages).toEqual(
      expect.arrayContaining(['end-of-call-report', 'status-update', 'tool-calls', 'transcript']),
    );
    expect(stored.model.messages).toEqual([{ role: 'system', content: spec().systemPrompt }]);
    expect(stored.model.tools.map((t: { type: string }) => t.type)).toEqual(['function', 'endCall']);

    await expect(port.verify()).resolves.toEqual({ assistants: 1 });
    await expect(port.getAssistant(created.id)).resolves.toEqual(created);
  });

  it('updates, lists and deletes; Hebrew goes to a transcriber that knows Hebrew', async () => {
    const port = agent(await newVapiAccount());
    const a = await port.createAssistant(spec());
    const b = await port.createAssistant(spec({ name: 'Second' }));
    const updated = await port.updateAssistant(
      a.id,
      spec({ language: 'he', firstMessage: 'שלום, כאן מרפאת דופון', tools: [] }),
    );
    expect(updated).toMatchObject({
      id: a.id,
      language: 'he',
      firstMessage: 'שלום, כאן מרפאת דופון',
      tools: [],
    });
    expect((vapiState.assistants.get(a.id) as Record<string, Json>).transcriber).toEqual({
      provider: 'azure',
      language: 'he-IL',
    });
    expect((await port.listAssistants()).map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
    await port.deleteAssistant(b.id);
    expect((await port.listAssistants()).map((x) => x.id)).toEqual([a.id]);
    const gone = await failure(port.getAssistant(b.id));
    expect(gone).toMatchObject({ code: 'vapi.notFound', status: 404, retryable: false });
  });

  it('returns Vapi validation messages as details', async () => {
    const port = agent(await newVapiAccount());
    const error = await failure(
      port.createAssistant(spec({ name: 'A name that is much longer than forty characters' })),
    );
    expect(error).toMatchObject({ code: 'vapi.invalidRequest', status: 400, retryable: false });
    expect(error.details).toEqual(expect.arrayContaining([expect.stringMatching(/name must be shorter/)]));
  });

  it('maps a wrong API key to vapi.invalidKey, without echoing the key', async () => {
    const error = await failure(agent('not-a-key-123').verify());
    expect(error).toMatchObject({ code: 'vapi.invalidKey', status: 401, retryable: false });
    expect(JSON.stringify(error)).not.toContain('not-a-key-123');
  });
});

describe('Vapi adapter: phone numbers', () => {
  it('buys free numbers until the cap, then says so', async () => {
    const port = agent(await newVapiAccount({ freeNumberCap: 1 }));
    const assistant = await port.createAssistant(spec());
    const first = await port.buyFreeNumber({
      areaCode: '415',
      assistantId: assistant.id,
      serverUrl: `${hookUrl}/vapi`,
      serverSecret: SECRET,
      name: 'Front desk',
    });
    expect(first).toMatchObject({
      provider: 'vapi',
      number: expect.stringMatching(/^\+1415\d{7}$/),
      assistantId: assistant.id,
      serverUrl: `${hookUrl}/vapi`,
      name: 'Front desk',
    });
    const error = await failure(
      port.buyFreeNumber({ areaCode: '212', serverUrl: `${hookUrl}/vapi`, serverSecret: SECRET }),
    );
    expect(error).toMatchObject({
      code: 'vapi.freeNumberLimit',
      reason: 'provider.vapi.freeNumberLimit',
      status: 400,
    });
    expect(error.retryable).toBe(false);
    expect(error.userMessage).toMatch(/free numbers/);
    const badArea = await failure(
      port.buyFreeNumber({ areaCode: '41', serverUrl: `${hookUrl}/vapi`, serverSecret: SECRET }),
    );
    expect(badArea.code).toBe('vapi.invalidRequest');
  });

  it('imports a Twilio number without taking over its SMS webhook, then reroutes and deletes it', async () => {
    const twilioAccount = (await post('/sandbox/twilio/sandbox/accounts', {})).json as {
      accountSid: string;
      authToken: string;
    };
    const telephony = createTwilioTelephony({ ...twilioAccount, baseUrl: `${origin}/sandbox/twilio` });
    const [pick] = await telephony.searchAvailableNumbers({
      country: 'US',
      areaCode: '617',
      sms: true,
      limit: 1,
    });
    const owned = await telephony.buyNumber({
      phoneNumber: pick!.phoneNumber,
      smsUrl: 'https://ava.example/webhooks/twilio/sms',
      statusCallback: 'https://ava.example/webhooks/twilio/status',
    });

    const port = agent(await newVapiAccount());
    const assistant = await port.createAssistant(spec());
    const imported = await port.importTwilioNumber({
      number: owned.phoneNumber,
      twilioAccountSid: twilioAccount.accountSid,
      twilioAuthToken: twilioAccount.authToken,
      assistantId: assistant.id,
      serverUrl: `${hookUrl}/vapi`,
      serverSecret: SECRET,
      smsEnabled: false,
    });
    expect(imported).toMatchObject({
      provider: 'twilio',
      number: owned.phoneNumber,
      assistantId: assistant.id,
    });
    expect(JSON.stringify(imported)).not.toContain(twilioAccount.authToken);
    const [after] = await telephony.listNumbers();
    expect(after).toMatchObject({
      voiceUrl: 'https://ava.example/sandbox/vapi/twilio/inbound_call',
      smsUrl: 'https://ava.example/webhooks/twilio/sms',
    });

    const other = await port.createAssistant(spec({ name: 'Night shift' }));
    const rerouted = await port.updatePhoneNumber(imported.id, { assistantId: other.id });
    expect(rerouted).toMatchObject({ id: imported.id, assistantId: other.id, serverUrl: `${hookUrl}/vapi` });
    expect((await port.listPhoneNumbers()).map((n) => n.id)).toEqual([imported.id]);
    await port.deletePhoneNumber(imported.id);
    await expect(port.listPhoneNumbers()).resolves.toEqual([]);
    const gone = await failure(port.updatePhoneNumber(imported.id, { name: 'x' }));
    expect(gone.code).toBe('vapi.notFound');
  });

  it('explains Twilio import failures', async () => {
    const twilioAccount = (await post('/sandbox/twilio/sandbox/accounts', {})).json as {
      accountSid: string;
      authToken: string;
    };
    const port = agent(await newVapiAccount());
    const input = {
      number: '+16175550100',
      twilioAccountSid: twilioAccount.accountSid,
      twilioAuthToken: twilioAccount.authToken,
      serverUrl: `${hookUrl}/vapi`,
      serverSecret: SECRET,
      smsEnabled: false as const,
    };
    const notOwned = await failure(port.importTwilioNumber(input));
    expect(notOwned).toMatchObject({ code: 'vapi.twilioNumberNotFound', status: 400, retryable: false });
    const badToken = await failure(port.importTwilioNumber({ ...input, twilioAuthToken: '0'.repeat(32) }));
    expect(badToken).toMatchObject({ code: 'vapi.twilioCredentials', status: 400 });
    expect(JSON.stringify(badToken)).not.toContain(twilioAccount.authToken);
  });
});

describe('Vapi adapter: calls and webhooks', () => {
  it('lists and reads a finished call; every webhook carries the org secret', async () => {
    const port = agent(await newVapiAccount());
    const assistant = await port.createAssistant(spec());
    const number = await port.buyFreeNumber({
      areaCode: '305',
      assistantId: assistant.id,
      serverUrl: `${hookUrl}/vapi`,
      serverSecret: SECRET,
    });
    hooks.length = 0;
    const run = await post('/sandbox/vapi/sandbox/calls', {
      phoneNumberId: number.id,
      from: '+13055550142',
      script: ['Bonjour, je voudrais un rendez-vous demain à 10h', 'Au revoir'],
    });
    expect(run.status).toBe(201);
    const callId = run.json.call.id as string;

    const types = hooks.map((h) => h.type);
    expect(types).toEqual(expect.arrayContaining(['status-update', 'transcript', 'end-of-call-report']));
    for (const hook of hooks) expect(verifyVapiSecret(SECRET, hook.secret)).toBe(true);

    const [listed] = await port.listCalls({ assistantId: assistant.id });
    expect(listed).toMatchObject({
      id: callId,
      status: 'ended',
      assistantId: assistant.id,
      phoneNumberId: number.id,
      customerNumber: '+13055550142',
      endedReason: expect.any(String),
    });
    expect(listed!.transcript).toMatch(/rendez-vous/);
    expect(listed!.durationSeconds).toBeGreaterThan(0);
    await expect(port.getCall(callId)).resolves.toEqual(listed);
    await expect(port.listCalls({ phoneNumberId: '00000000-0000-4000-8000-000000000000' })).resolves.toEqual(
      [],
    );
    const missing = await failure(port.getCall('00000000-0000-4000-8000-000000000000'));
    expect(missing.code).toBe('vapi.notFound');
  });

  it('verifyVapiSecret compares in constant time and is safe on length or type mismatch', () => {
    expect(verifyVapiSecret(SECRET, SECRET)).toBe(true);
    expect(verifyVapiSecret(SECRET, `${SECRET}x`)).toBe(false);
    expect(verifyVapiSecret(SECRET, SECRET.slice(0, -1))).toBe(false);
    expect(verifyVapiSecret(SECRET, SECRET.replace(/.$/, 'd'))).toBe(false);
    expect(verifyVapiSecret(SECRET, undefined)).toBe(false);
    expect(verifyVapiSecret(SECRET, [SECRET])).toBe(false);
    expect(verifyVapiSecret('', '')).toBe(false);
    // Same number of characters, different byte length (multi-byte): must not throw.
    expect(verifyVapiSecret('ééé', 'eee')).toBe(false);
  });
});

describe('Vapi adapter: outages', () => {
  it('429 is retryable rate limiting, 5xx and unreachable hosts are retryable "try again"', async () => {
    const port = agent(await newVapiAccount());
    await post('/sandbox/vapi/sandbox/faults', { apiErrorRate: 1, apiErrorStatus: 429 }, 'PUT');
    const limited = await failure(port.listAssistants());
    expect(limited).toMatchObject({ code: 'vapi.rateLimited', status: 429, retryable: true });
    await post('/sandbox/vapi/sandbox/faults', { apiErrorRate: 1, apiErrorStatus: 500 }, 'PUT');
    const broken = await failure(port.listAssistants());
    expect(broken).toMatchObject({ code: 'vapi.unavailable', status: 500, retryable: true });
    expect(broken.userMessage).toBe('Vapi did not answer; try again in a minute.');
    await post('/sandbox/vapi/sandbox/faults', { apiErrorRate: 0 }, 'PUT');
    await expect(port.listAssistants()).resolves.toEqual([]);

    const closed = Fastify();
    await closed.listen({ port: 0, host: '127.0.0.1' });
    const dead = `http://127.0.0.1:${(closed.server.address() as AddressInfo).port}`;
    await closed.close();
    const down = await failure(agent('any', dead).verify());
    expect(down).toMatchObject({ code: 'vapi.unavailable', status: undefined, retryable: true });
  });
});

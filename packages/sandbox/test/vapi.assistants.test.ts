import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VapiError } from '@vapi-ai/server-sdk';
import type { Vapi } from '@vapi-ai/server-sdk';
import type { Harness } from './vapi.harness.ts';
import { startVapi, vapiFailure } from './vapi.harness.ts';
import { expectValid, vapiResponse } from './vapi.openapi.ts';

const receptionist: Vapi.CreateAssistantDto = {
  name: 'Acme Receptionist',
  firstMessage: 'Thanks for calling Acme, how can I help?',
  model: {
    provider: 'openai',
    model: 'gpt-4o',
    messages: [{ role: 'system', content: "You are Acme's receptionist." }],
    tools: [
      {
        type: 'function',
        function: {
          name: 'book_appointment',
          description: 'Books a slot',
          parameters: { type: 'object', properties: { date: { type: 'string' } }, required: ['date'] },
        },
      },
      { type: 'endCall' },
    ],
  },
  voice: { provider: 'vapi', voiceId: 'Elliot' },
  transcriber: { provider: 'deepgram', model: 'nova-3', language: 'en' },
  serverMessages: ['end-of-call-report', 'status-update', 'tool-calls'],
  server: {
    url: 'https://app.example.com/api/vapi/webhook',
    headers: { 'X-Vapi-Secret': 's3cret' },
    timeoutSeconds: 20,
  },
  analysisPlan: { summaryPlan: { enabled: true } },
  metadata: { tenantId: 't1' },
} as Vapi.CreateAssistantDto;

describe('Vapi emulator: assistants', () => {
  let h: Harness;
  let key: string;
  beforeAll(async () => {
    h = await startVapi();
    key = (await h.newAccount()).privateKey;
  });
  afterAll(() => h.close());

  it('creates, reads, lists, updates and deletes an assistant through the official SDK', async () => {
    const vapi = h.client(key);
    const { data: created, rawResponse } = await vapi.assistants.create(receptionist).withRawResponse();
    expect(rawResponse.status).toBe(201);
    expectValid(vapiResponse('/assistant', 'post', '201'), created);
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.name).toBe('Acme Receptionist');
    expect(created.server?.headers).toEqual({ 'X-Vapi-Secret': 's3cret' });

    const fetched = await vapi.assistants.get({ id: created.id });
    expectValid(vapiResponse('/assistant/{id}', 'get', '200'), fetched);
    expect(fetched).toEqual(created);

    const updated = await vapi.assistants.update({
      id: created.id,
      server: { url: 'https://app.example.com/hook?tenant=t1' },
    });
    expectValid(vapiResponse('/assistant/{id}', 'patch', '200'), updated);
    expect(updated.server?.url).toBe('https://app.example.com/hook?tenant=t1');
    expect(updated.server?.headers).toBeUndefined();
    expect(updated.firstMessage).toBe(receptionist.firstMessage);

    const list = await vapi.assistants.list();
    expectValid(vapiResponse('/assistant', 'get', '200'), list);
    expect(list.map((a) => a.id)).toContain(created.id);

    const deleted = await vapi.assistants.delete({ id: created.id });
    expectValid(vapiResponse('/assistant/{id}', 'delete', '200'), deleted);
    expect(deleted.id).toBe(created.id);
    const missing = await vapiFailure(vapi.assistants.get({ id: created.id }));
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toMatchObject({ error: 'Not Found', statusCode: 404 });
  });

  it('rejects unknown properties and constraint violations with the NestJS 400 envelope', async () => {
    const vapi = h.client(key);
    const topLevel = await vapiFailure(
      vapi.assistants.create({ name: 'x', tools: [] } as unknown as Vapi.CreateAssistantDto),
    );
    expect(topLevel).toEqual({
      statusCode: 400,
      body: { message: ['property tools should not exist'], error: 'Bad Request', statusCode: 400 },
    });
    const nested = await vapiFailure(
      vapi.assistants.create({
        name: 'n'.repeat(41),
        model: { provider: 'openai', model: 'gpt-4o', systemPrompt: 'hi' },
        transcriber: { provider: 'deepgram', language: 'fr' },
        maxDurationSeconds: 5,
      } as unknown as Vapi.CreateAssistantDto),
    );
    expect(nested.statusCode).toBe(400);
    const messages = (nested.body as { message: string[] }).message;
    expect(messages).toEqual(
      expect.arrayContaining([
        'name must be shorter than or equal to 40 characters',
        'model.property systemPrompt should not exist',
        'maxDurationSeconds must not be less than 10',
      ]),
    );
    const provider = await vapiFailure(
      vapi.assistants.create({
        voice: { provider: 'nope', voiceId: 'x' },
      } as unknown as Vapi.CreateAssistantDto),
    );
    expect((provider.body as { message: string[] }).message[0]).toMatch(
      /^voice\.provider must be one of the following values: .*11labs/,
    );
  });

  it("answers 401 with Vapi's body for a wrong or public key, and scopes data per account", async () => {
    const other = await h.newAccount();
    const wrong = await vapiFailure(h.client('not-a-key').assistants.list());
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toEqual({
      message:
        'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.',
      error: 'Unauthorized',
      statusCode: 401,
    });
    const publicKey = await vapiFailure(h.client(other.publicKey).assistants.list());
    expect(publicKey.statusCode).toBe(401);

    const mine = await h.client(key).assistants.create({ name: 'Mine' });
    const theirs = h.client(other.privateKey);
    expect((await theirs.assistants.list()).map((a) => a.id)).not.toContain(mine.id);
    const cross = await vapiFailure(theirs.assistants.get({ id: mine.id }));
    expect(cross.statusCode).toBe(404);
    expect(cross.body).toBeDefined();
    await expect(theirs.assistants.get({ id: mine.id })).rejects.toBeInstanceOf(VapiError);
  });

  it('applies limit and createdAt filters on list', async () => {
    const account = await h.newAccount();
    const vapi = h.client(account.privateKey);
    const first = await vapi.assistants.create({ name: 'First' });
    await new Promise((r) => setTimeout(r, 5));
    const second = await vapi.assistants.create({ name: 'Second' });
    const newestOnly = await vapi.assistants.list({ limit: 1 });
    expect(newestOnly.map((a) => a.id)).toEqual([second.id]);
    const after = await vapi.assistants.list({ createdAtGt: first.createdAt });
    expect(after.map((a) => a.id)).toEqual([second.id]);
  });
});

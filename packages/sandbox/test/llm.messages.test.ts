import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import Anthropic from '@anthropic-ai/sdk';
import { countTokens, digest, LlmEmulatorState, llmEmulator } from '../src/llm/index.ts';

describe('LLM emulator: Anthropic Messages API', () => {
  let app: FastifyInstance;
  let baseURL: string;
  const state = new LlmEmulatorState();
  const client = (apiKey = 'sk-ant-sandbox') => new Anthropic({ apiKey, baseURL, maxRetries: 0 });

  beforeAll(async () => {
    app = Fastify();
    await app.register(llmEmulator, { state, apiKeys: ['sk-ant-sandbox'], prefix: '/sandbox/llm' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    baseURL = `http://127.0.0.1:${address.port}/sandbox/llm`;
  });
  afterAll(() => app.close());

  it('answers deterministically from the system prompt and last user message, with usage', async () => {
    const system = 'You are the receptionist of a dental clinic.';
    const ask = () =>
      client().messages.create({
        model: 'claude-sonnet-4-5',
        max_tokens: 200,
        system,
        messages: [{ role: 'user', content: 'Are you open on Saturday?' }],
      });
    const first = await ask();
    const second = await ask();
    const expected = `Hello! Here is my reply to “Are you open on Saturday?” [ref:${digest(system, 'Are you open on Saturday?')}]`;
    expect(first.content).toEqual([{ type: 'text', text: expected, citations: null }]);
    expect(second.content).toEqual(first.content);
    expect(first.id).not.toBe(second.id);
    expect(first).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      stop_reason: 'end_turn',
      stop_sequence: null,
    });
    // Words, numbers and single punctuation marks count as one token each.
    expect(first.usage.output_tokens).toBe(20);
    expect(countTokens(expected)).toBe(20);
    expect(first.usage.input_tokens).toBeGreaterThan(10);
    const otherSystem = await client().messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 200,
      system: 'You are a lawyer.',
      messages: [{ role: 'user', content: 'Are you open on Saturday?' }],
    });
    expect(otherSystem.content[0]).not.toEqual(first.content[0]);
  });

  it('follows language and tone instructions of the system prompt', async () => {
    const reply = async (system: string, text: string) => {
      const message = await client().messages.create({
        model: 'claude-haiku-4-5',
        max_tokens: 300,
        system,
        messages: [{ role: 'user', content: text }],
      });
      const block = message.content[0];
      return block?.type === 'text' ? block.text : '';
    };
    expect(await reply('Always reply in French.', 'Hello')).toMatch(
      /^Bonjour ! Voici ma réponse à « Hello »/,
    );
    expect(await reply('Reply in Hebrew, in a formal tone.', 'Hi')).toMatch(/^שלום רב, זו התשובה שלי ל"Hi"/);
    expect(await reply('Be friendly and warm.', 'Hi')).toMatch(/^Hi there! 😊 Here is my reply/);
    expect(await reply('Be concise.', 'Hi')).toMatch(/^Here is my reply to “Hi”/);
    expect(await reply('You are an assistant.', 'אפשר לקבוע תור?')).toMatch(/^שלום! /);
    expect(await reply('You are an assistant.', 'Bonjour, je voudrais un rendez-vous')).toMatch(
      /^Bonjour ! /,
    );
    expect(await reply('You are an assistant.', 'Please say [[reply:Your code is 4821]] thanks')).toBe(
      'Your code is 4821',
    );
  });

  it('honours max_tokens (stop_reason max_tokens) and stop_sequences', async () => {
    const truncated = await client().messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 4,
      messages: [{ role: 'user', content: 'Tell me everything about your services' }],
    });
    expect(truncated.stop_reason).toBe('max_tokens');
    expect(truncated.usage.output_tokens).toBe(4);
    expect(truncated.content[0]).toMatchObject({ type: 'text', text: 'Hello! Here is' });
    const stopped = await client().messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      stop_sequences: ['reply'],
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(stopped).toMatchObject({
      stop_reason: 'stop_sequence',
      stop_sequence: 'reply',
      content: [{ text: 'Hello! Here is my ' }],
    });
  });

  it('uses tools: a tool_use block whose name matches the request, then an answer from the tool_result', async () => {
    const tools: Anthropic.Tool[] = [
      {
        name: 'get_weather',
        description: 'Weather',
        input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
      {
        name: 'check_availability',
        input_schema: { type: 'object', properties: { date: { type: 'string' } }, required: ['date'] },
      },
    ];
    const first = await client().messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 200,
      tools,
      messages: [{ role: 'user', content: 'What is the weather in "Paris"?' }],
    });
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content[0];
    if (toolUse?.type !== 'tool_use') throw new Error('expected tool_use');
    expect(toolUse).toMatchObject({ name: 'get_weather', input: { city: 'Paris' } });
    expect(toolUse.id).toMatch(/^toolu_01/);
    const second = await client().messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 200,
      tools,
      messages: [
        { role: 'user', content: 'What is the weather in "Paris"?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'Sunny, 21°C' }] },
      ],
    });
    expect(second.content[0]).toMatchObject({ type: 'text', text: 'Here is what I found: Sunny, 21°C' });
    const forced = await client().messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 200,
      tools,
      tool_choice: { type: 'tool', name: 'check_availability' },
      messages: [{ role: 'user', content: 'tomorrow' }],
    });
    expect(forced.content[0]).toMatchObject({
      type: 'tool_use',
      name: 'check_availability',
      input: { date: 'tomorrow' },
    });
  });

  it('streams the same message through messages.stream()', async () => {
    const stream = client().messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Stream please' }],
    });
    const deltas: string[] = [];
    stream.on('text', (text) => deltas.push(text));
    const final = await stream.finalMessage();
    const block = final.content[0];
    expect(block?.type === 'text' ? block.text : '').toBe(
      `Hello! Here is my reply to “Stream please” [ref:${digest('', 'Stream please')}]`,
    );
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(block?.type === 'text' ? block.text : 'x');
    expect(final.stop_reason).toBe('end_turn');
  });

  it('uses Anthropic error envelopes for auth, validation, unknown models and injected faults', async () => {
    const expectError = async (p: Promise<unknown>, status: number, type: string) => {
      const error = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Anthropic.APIError);
      const apiError = error as InstanceType<typeof Anthropic.APIError>;
      expect(apiError.status).toBe(status);
      expect(apiError.error).toMatchObject({ type: 'error', error: { type } });
    };
    const params = {
      model: 'claude-sonnet-4-5',
      max_tokens: 10,
      messages: [{ role: 'user' as const, content: 'hi' }],
    };
    await expectError(client('wrong').messages.create(params), 401, 'authentication_error');
    await expectError(client().messages.create({ ...params, messages: [] }), 400, 'invalid_request_error');
    await expectError(client().messages.create({ ...params, model: 'gpt-4o' }), 404, 'not_found_error');
    state.faults = { errorRate: 1, errorStatus: 529, latencyMs: 0 };
    await expectError(client().messages.create(params), 529, 'overloaded_error');
    state.faults = { errorRate: 0, errorStatus: 'mixed', latencyMs: 0 };

    const raw = await fetch(`${baseURL}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'sk-ant-sandbox', 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
    });
    expect(state.ledger.some((e) => e.status === 529 && e.errorType === 'overloaded_error')).toBe(true);
  });

  it('counts tokens and serves an OpenAI-compatible chat completions endpoint', async () => {
    const counted = await client().messages.countTokens({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'one two three' }],
    });
    expect(counted.input_tokens).toBe(3);

    const response = await fetch(`${baseURL}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-ant-sandbox', 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        max_tokens: 3,
        messages: [
          { role: 'system', content: 'Reply in French.' },
          { role: 'user', content: 'Hello' },
        ],
      }),
    });
    const body = (await response.json()) as {
      choices: Array<{ message: { content: string }; finish_reason: string }>;
      usage: { completion_tokens: number };
    };
    expect(response.status).toBe(200);
    expect(body.choices[0]).toMatchObject({
      message: { content: 'Bonjour ! Voici' },
      finish_reason: 'length',
    });
    expect(body.usage.completion_tokens).toBe(3);
    const denied = await fetch(`${baseURL}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
  });
});

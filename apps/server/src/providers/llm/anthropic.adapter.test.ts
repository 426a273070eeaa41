import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { llmEmulator, LlmEmulatorState } from '@ava/sandbox';
import { ProviderError } from '../provider-error.ts';
import { createAnthropicLlm, DEFAULT_ANTHROPIC_MODEL } from './anthropic.adapter.ts';

const KEY = 'sk-ant-sandbox-key';
const state = new LlmEmulatorState();
let app: FastifyInstance;
let baseURL: string;

const llm = (overrides: { apiKey?: string; model?: string; baseURL?: string } = {}) =>
  createAnthropicLlm({ apiKey: KEY, baseURL, maxRetries: 0, ...overrides });

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected a ProviderError');
}

const ask = { system: 'You are the receptionist of a dental clinic.', maxTokens: 200 };

beforeAll(async () => {
  app = Fastify();
  await app.register(llmEmulator, { prefix: '/sandbox/llm', state, apiKeys: [KEY] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseURL = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/sandbox/llm`;
});
afterAll(() => app.close());
beforeEach(() => {
  state.faults = { errorRate: 0, errorStatus: 'mixed', latencyMs: 0 };
});

describe('Anthropic adapter', () => {
  it('completes a conversation with the default model and reports usage', async () => {
    const reply = await llm().complete({
      ...ask,
      messages: [
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hello! How can I help?' },
        { role: 'user', content: 'Please say [[reply:We open at 9 on Saturday.]]' },
      ],
    });
    expect(reply.text).toBe('We open at 9 on Saturday.');
    expect(reply.stopReason).toBe('end');
    expect(reply.usage.outputTokens).toBe(7);
    expect(reply.usage.inputTokens).toBeGreaterThan(10);
    expect(state.ledger.at(-1)).toMatchObject({
      api: 'anthropic',
      model: DEFAULT_ANTHROPIC_MODEL,
      status: 200,
    });
  });

  it('uses the configured model and reports truncation', async () => {
    const reply = await llm({ model: 'claude-haiku-4-5' }).complete({
      system: 'Be friendly and warm.',
      messages: [
        { role: 'user', content: 'Can you tell me everything about your opening hours and prices?' },
      ],
      maxTokens: 5,
    });
    expect(reply).toMatchObject({ stopReason: 'maxTokens', usage: { outputTokens: 5 } });
    expect(reply.text.length).toBeGreaterThan(0);
    expect(state.ledger.at(-1)?.model).toBe('claude-haiku-4-5');
  });

  it('maps a wrong key and an unknown model to non-retryable errors', async () => {
    const messages = [{ role: 'user' as const, content: 'Hi' }];
    const badKey = await failure(llm({ apiKey: 'sk-ant-wrong-123' }).complete({ ...ask, messages }));
    expect(badKey).toMatchObject({ provider: 'llm', code: 'llm.invalidKey', status: 401, retryable: false });
    expect(badKey.userMessage).toMatch(/Anthropic refused the API key/);
    expect(JSON.stringify(badKey)).not.toContain('sk-ant-wrong-123');
    const badModel = await failure(llm({ model: 'gpt-4o' }).complete({ ...ask, messages }));
    expect(badModel).toMatchObject({ code: 'llm.modelNotFound', status: 404, retryable: false });
  });

  it('maps rate limits, overload and server errors to retryable errors', async () => {
    const messages = [{ role: 'user' as const, content: 'Hi' }];
    const cases: Array<[429 | 500 | 529, string, string]> = [
      [429, 'llm.rateLimited', 'rate_limit_error'],
      [529, 'llm.overloaded', 'overloaded_error'],
      [500, 'llm.unavailable', 'api_error'],
    ];
    for (const [status, code, providerCode] of cases) {
      state.faults = { errorRate: 1, errorStatus: status, latencyMs: 0 };
      const error = await failure(llm().complete({ ...ask, messages }));
      expect(error).toMatchObject({ code, status, providerCode, retryable: true });
    }
    state.faults = { errorRate: 0, errorStatus: 'mixed', latencyMs: 0 };
    await expect(llm().complete({ ...ask, messages })).resolves.toMatchObject({ stopReason: 'end' });
  });

  it('maps an unreachable endpoint to a retryable "did not answer"', async () => {
    const closed = Fastify();
    await closed.listen({ port: 0, host: '127.0.0.1' });
    const dead = `http://127.0.0.1:${(closed.server.address() as AddressInfo).port}`;
    await closed.close();
    const error = await failure(
      llm({ baseURL: dead }).complete({ ...ask, messages: [{ role: 'user', content: 'Hi' }] }),
    );
    expect(error).toMatchObject({ code: 'llm.unavailable', status: undefined, retryable: true });
    expect(error.userMessage).toBe('Anthropic did not answer; try again in a minute.');
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { llmEmulator, LlmEmulatorState } from '@ava/sandbox';
import { ProviderError } from '../provider-error.ts';
import { createOpenAiCompatibleLlm } from './openai-compatible.adapter.ts';

const KEY = 'sk-compatible-sandbox';
const state = new LlmEmulatorState();
let app: FastifyInstance;
let baseURL: string;

const llm = (overrides: { apiKey?: string; baseURL?: string } = {}) =>
  createOpenAiCompatibleLlm({
    apiKey: KEY,
    baseURL,
    model: 'mistral-small-latest',
    vendorName: 'Mistral',
    maxRetries: 0,
    ...overrides,
  });

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected a ProviderError');
}

const hi = {
  system: 'Always reply in French.',
  messages: [{ role: 'user' as const, content: 'Hello' }],
  maxTokens: 100,
};

beforeAll(async () => {
  app = Fastify();
  await app.register(llmEmulator, { prefix: '/sandbox/llm', state, apiKeys: [KEY] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseURL = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/sandbox/llm/v1`;
});
afterAll(() => app.close());
beforeEach(() => {
  state.faults = { errorRate: 0, errorStatus: 'mixed', latencyMs: 0 };
});

describe('OpenAI-compatible adapter', () => {
  it('sends the system prompt and conversation to the configured model', async () => {
    const reply = await llm().complete(hi);
    // The system prompt asked for French: proof it reached the model as a system message.
    expect(reply.text).toMatch(/^Bonjour ! Voici ma réponse à « Hello »/);
    expect(reply.stopReason).toBe('end');
    expect(reply.usage.inputTokens).toBeGreaterThan(0);
    expect(reply.usage.outputTokens).toBeGreaterThan(0);
    expect(state.ledger.at(-1)).toMatchObject({ api: 'openai', model: 'mistral-small-latest', status: 200 });

    const short = await llm().complete({ ...hi, maxTokens: 2 });
    expect(short).toMatchObject({ stopReason: 'maxTokens', usage: { outputTokens: 2 } });
  });

  it('maps a wrong key to a non-retryable error naming the vendor', async () => {
    const error = await failure(llm({ apiKey: 'sk-wrong-456' }).complete(hi));
    expect(error).toMatchObject({ code: 'llm.invalidKey', status: 401, retryable: false });
    expect(error.userMessage).toBe('Mistral refused the API key. Check it in Settings.');
    expect(JSON.stringify(error)).not.toContain('sk-wrong-456');
  });

  it('maps 429, 503 (overloaded) and 500 to retryable errors, and unreachable hosts too', async () => {
    const cases: Array<[429 | 500 | 529, number, string]> = [
      [429, 429, 'llm.rateLimited'],
      [529, 503, 'llm.overloaded'],
      [500, 500, 'llm.unavailable'],
    ];
    for (const [fault, status, code] of cases) {
      state.faults = { errorRate: 1, errorStatus: fault, latencyMs: 0 };
      const error = await failure(llm().complete(hi));
      expect(error).toMatchObject({ code, status, retryable: true });
    }
    state.faults = { errorRate: 0, errorStatus: 'mixed', latencyMs: 0 };

    const closed = Fastify();
    await closed.listen({ port: 0, host: '127.0.0.1' });
    const dead = `http://127.0.0.1:${(closed.server.address() as AddressInfo).port}/v1`;
    await closed.close();
    const down = await failure(llm({ baseURL: dead }).complete(hi));
    expect(down).toMatchObject({ code: 'llm.unavailable', status: undefined, retryable: true });
    expect(down.userMessage).toBe('Mistral did not answer; try again in a minute.');
  });
});

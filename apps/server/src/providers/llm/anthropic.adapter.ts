import type Anthropic from '@anthropic-ai/sdk';
import { toLlmProviderError } from './llm.errors.ts';
import type { LlmPort, LlmStopReason } from './llm.port.ts';

export type AnthropicLlmConfig = {
  apiKey: string;
  /** Emulator origin + prefix, e.g. `http://127.0.0.1:3000/sandbox/llm`; unset: api.anthropic.com. */
  baseURL?: string;
  model?: string;
  /** The SDK retries 408/409/429/5xx itself (default 2); tests pass 0 to see the first failure. */
  maxRetries?: number;
  timeoutMs?: number;
};

/** claude-sonnet-4-5 reaches end-of-life on 2026-11-30 (the SDK warns), so the default is the newest Sonnet. */
export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-5-5';

const STOP: Record<string, LlmStopReason> = {
  end_turn: 'end',
  max_tokens: 'maxTokens',
  stop_sequence: 'stopSequence',
  tool_use: 'toolUse',
  refusal: 'refusal',
};

export function createAnthropicLlm(config: AnthropicLlmConfig): LlmPort {
  // The SDK is loaded on the first completion, not at start-up: a third of a second of CPU (issue F).
  let client: Anthropic | undefined;
  const model = config.model ?? DEFAULT_ANTHROPIC_MODEL;
  return {
    async complete({ system, messages, maxTokens }) {
      client ??= new (await import('@anthropic-ai/sdk')).default({
        apiKey: config.apiKey,
        ...(config.baseURL !== undefined ? { baseURL: config.baseURL } : {}),
        maxRetries: config.maxRetries ?? 2,
        timeout: config.timeoutMs ?? 60_000,
      });
      try {
        const reply = await client.messages.create({ model, system, messages, max_tokens: maxTokens });
        const text = reply.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
        return {
          text,
          stopReason: STOP[reply.stop_reason ?? ''] ?? 'other',
          usage: { inputTokens: reply.usage.input_tokens, outputTokens: reply.usage.output_tokens },
        };
      } catch (error) {
        throw toLlmProviderError(error, 'Anthropic');
      }
    },
  };
}

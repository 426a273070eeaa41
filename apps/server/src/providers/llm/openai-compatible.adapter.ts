import type OpenAI from 'openai';
import { toLlmProviderError } from './llm.errors.ts';
import type { LlmPort, LlmStopReason } from './llm.port.ts';

export type OpenAiCompatibleLlmConfig = {
  apiKey: string;
  /** Any OpenAI-compatible endpoint including `/v1` (OpenAI, Mistral, Groq, a local server, the emulator). */
  baseURL: string;
  model: string;
  /** Shown to users in error messages ("Mistral did not answer"). */
  vendorName?: string;
  maxRetries?: number;
  timeoutMs?: number;
};

const STOP: Record<string, LlmStopReason> = {
  stop: 'end',
  length: 'maxTokens',
  tool_calls: 'toolUse',
  function_call: 'toolUse',
  content_filter: 'refusal',
};

export function createOpenAiCompatibleLlm(config: OpenAiCompatibleLlmConfig): LlmPort {
  // The SDK is loaded on the first completion, not at start-up (issue F).
  let client: OpenAI | undefined;
  const vendor = config.vendorName ?? 'The language model';
  return {
    async complete({ system, messages, maxTokens }) {
      client ??= new (await import('openai')).default({
        apiKey: config.apiKey,
        baseURL: config.baseURL,
        maxRetries: config.maxRetries ?? 2,
        timeout: config.timeoutMs ?? 60_000,
      });
      try {
        const reply = await client.chat.completions.create({
          model: config.model,
          max_tokens: maxTokens,
          messages: [{ role: 'system', content: system }, ...messages],
        });
        const choice = reply.choices[0];
        return {
          text: choice?.message.content ?? '',
          stopReason: STOP[choice?.finish_reason ?? ''] ?? 'other',
          usage: {
            inputTokens: reply.usage?.prompt_tokens ?? 0,
            outputTokens: reply.usage?.completion_tokens ?? 0,
          },
        };
      } catch (error) {
        throw toLlmProviderError(error, vendor);
      }
    },
  };
}

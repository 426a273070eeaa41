import type { Config } from '../../config.ts';
import type { Logger } from '../../lib/logger.ts';
import { createAnthropicLlm } from './anthropic.adapter.ts';
import type { LlmPort } from './llm.port.ts';
import { createOpenAiCompatibleLlm } from './openai-compatible.adapter.ts';

/**
 * The model AVA writes with (AI replies, "AI enhance"), chosen by configuration: Anthropic by default,
 * any OpenAI-compatible endpoint with LLM_PROVIDER=openai-compatible, and without a key, in sandbox mode,
 * the LLM emulator mounted in this server (reached over HTTP through the same Anthropic adapter).
 */
export function createLlm(config: Config, sandbox: boolean, log: Logger): LlmPort | null {
  const { provider, apiKey, baseUrl, model } = config.llm;
  if (apiKey && provider === 'openai-compatible') {
    if (!baseUrl || !model) {
      log.warn('LLM_PROVIDER=openai-compatible needs LLM_BASE_URL and LLM_MODEL: AI features are off');
      return null;
    }
    return createOpenAiCompatibleLlm({ apiKey, baseURL: baseUrl, model });
  }
  if (apiKey)
    return createAnthropicLlm({
      apiKey,
      ...(baseUrl ? { baseURL: baseUrl } : {}),
      ...(model ? { model } : {}),
    });
  if (sandbox) return createAnthropicLlm({ apiKey: 'sandbox', baseURL: `${config.internalUrl}/sandbox/llm` });
  log.warn('no LLM_API_KEY and sandbox is off: AI features are off');
  return null;
}

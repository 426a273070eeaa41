/** AVA's vocabulary for a text model: one system prompt, a short conversation, a token budget. */

export type LlmMessage = { role: 'user' | 'assistant'; content: string };

export type LlmStopReason = 'end' | 'maxTokens' | 'stopSequence' | 'toolUse' | 'refusal' | 'other';

export type LlmCompletion = {
  text: string;
  stopReason: LlmStopReason;
  usage: { inputTokens: number; outputTokens: number };
};

export interface LlmPort {
  complete(input: { system: string; messages: LlmMessage[]; maxTokens: number }): Promise<LlmCompletion>;
}

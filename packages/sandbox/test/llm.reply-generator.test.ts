import { describe, expect, it } from 'vitest';
import { generateReply, languageOf, toneOf, truncateToTokens } from '../src/llm/index.ts';

describe('LLM emulator reply rules', () => {
  it('truncates to whole tokens and keeps the original spacing', () => {
    expect(truncateToTokens('Hello, dear  world!', 3)).toEqual({ text: 'Hello, dear', truncated: true });
    expect(truncateToTokens('Hello', 3)).toEqual({ text: 'Hello', truncated: false });
  });

  it('derives language and tone from the system prompt before the user text', () => {
    expect(languageOf('Respond in Hebrew.', 'Hello')).toBe('he');
    expect(languageOf('', 'Bonjour, je voudrais savoir')).toBe('fr');
    expect(languageOf('Always answer in English', 'שלום')).toBe('en');
    expect(toneOf('Be professional')).toBe('formal');
    expect(toneOf('Keep it brief')).toBe('concise');
  });

  it('does not call a tool when tool_choice is none', () => {
    const reply = generateReply({
      system: '',
      lastUserText: 'weather please',
      toolResults: [],
      tools: [{ name: 'get_weather' }],
      toolChoice: { type: 'none' },
    });
    expect(reply.kind).toBe('text');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';

describe('the configured LLM', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('in sandbox mode without a key, answers through the Anthropic adapter from the LLM emulator', async () => {
    const llm = t.app.ava.llm!;
    const a = await llm.complete({
      system: 'Reply in French.',
      messages: [{ role: 'user', content: 'Are you open on Saturday?' }],
      maxTokens: 60,
    });
    const b = await llm.complete({
      system: 'Reply in French.',
      messages: [{ role: 'user', content: 'Are you open on Saturday?' }],
      maxTokens: 60,
    });
    expect(a.text.length).toBeGreaterThan(0);
    expect(b.text).toBe(a.text);
    expect(a.usage.outputTokens).toBeLessThanOrEqual(60);
    expect(t.app.ava.sandbox!.llm.ledger.length).toBeGreaterThanOrEqual(2);
  });

  it('is off without a key when sandbox is off', async () => {
    const off = await createTestApp({ SANDBOX: 'off' });
    try {
      expect(off.app.ava.llm).toBeNull();
    } finally {
      await off.close();
    }
  });
});

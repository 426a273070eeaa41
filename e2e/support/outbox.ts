import type { OutboxItem } from '@ava/contracts';

/** Waits for the newest outbox message to `to` whose text matches, through the sandbox API. */
export async function waitForMessage(
  baseUrl: string,
  to: string,
  match: RegExp,
  timeoutMs = 20_000,
): Promise<OutboxItem> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${baseUrl}/api/v1/sandbox/outbox?to=${encodeURIComponent(to)}&limit=20`);
    if (response.ok) {
      const items = (await response.json()) as OutboxItem[];
      const found = items.find((item) => match.test(item.text));
      if (found) return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`No message to ${to} matching ${match}`);
}

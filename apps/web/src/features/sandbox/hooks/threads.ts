import type { HandsetMessage } from '../api/handset-messages';

export type ThreadMessage = HandsetMessage & {
  /** sent by this handset (a bubble on the handset's side) */
  mine: boolean;
  at: number;
};

export type Thread = { party: string; messages: ThreadMessage[]; lastAt: number };

/**
 * Groups a handset's messages by the other party (the AVA number it texted, or whoever texted it):
 * messages oldest first inside a thread, threads with the newest activity first.
 */
export function groupThreads(messages: HandsetMessage[], handset: string): Thread[] {
  const byParty = new Map<string, { message: ThreadMessage; index: number }[]>();
  messages.forEach((message, index) => {
    // To Twilio, a text the handset sends is "inbound"; everything else was sent to the handset.
    const mine = message.direction === 'inbound' && message.from === handset;
    const party = mine ? message.to : message.from;
    const at = Date.parse(message.date_created);
    const list = byParty.get(party) ?? [];
    list.push({ message: { ...message, mine, at: Number.isNaN(at) ? 0 : at }, index });
    byParty.set(party, list);
  });
  const threads = [...byParty.entries()].map(([party, list]) => {
    // Same-second messages keep the emulator's order (creation order).
    list.sort((a, b) => a.message.at - b.message.at || a.index - b.index);
    const sorted = list.map((entry) => entry.message);
    return {
      party,
      messages: sorted,
      lastAt: sorted[sorted.length - 1]?.at ?? 0,
      lastIndex: list[list.length - 1]?.index ?? 0,
    };
  });
  threads.sort((a, b) => b.lastAt - a.lastAt || b.lastIndex - a.lastIndex);
  return threads.map(({ party, messages: list, lastAt }) => ({ party, messages: list, lastAt }));
}

/** A 4–8 digit code in a text (sign-in and verification codes), to show it big. */
export function findCode(text: string): string | null {
  return text.match(/\b(\d{4,8})\b/)?.[1] ?? null;
}

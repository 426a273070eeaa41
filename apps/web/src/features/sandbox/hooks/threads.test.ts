import { describe, expect, it } from 'vitest';
import type { HandsetMessage } from '../api/handset-messages';
import { findCode, groupThreads } from './threads';

const handset = '+33612345678';
let n = 0;
const msg = (over: Partial<HandsetMessage>): HandsetMessage => ({
  sid: `SM${(n += 1)}`,
  from: handset,
  to: '+33658037671',
  body: 'hi',
  direction: 'inbound',
  status: 'received',
  date_created: 'Sat, 21 Nov 2026 07:49:40 +0000',
  error_code: null,
  error_message: null,
  ...over,
});

describe('groupThreads', () => {
  it('groups by the other party, oldest first inside a thread, newest thread first', () => {
    const salon = '+33658037671';
    const codes = '+14155550100';
    const threads = groupThreads(
      [
        msg({ to: salon, body: 'Are you open Saturday?', date_created: 'Sat, 21 Nov 2026 07:49:40 +0000' }),
        // Same second as the text it answers: the emulator's order breaks the tie.
        msg({
          from: salon,
          to: handset,
          direction: 'outbound-reply',
          status: 'delivered',
          body: 'Yes, 9 to 18.',
          date_created: 'Sat, 21 Nov 2026 07:49:40 +0000',
        }),
        msg({
          from: codes,
          to: handset,
          direction: 'outbound-api',
          status: 'delivered',
          body: 'Your AVA code is 482913',
          date_created: 'Sat, 21 Nov 2026 08:00:00 +0000',
        }),
        msg({ to: salon, body: 'Thanks!', date_created: 'Sat, 21 Nov 2026 07:50:10 +0000' }),
      ],
      handset,
    );
    expect(threads.map((t) => t.party)).toEqual([codes, salon]);
    const [codeThread, salonThread] = threads;
    expect(salonThread?.messages.map((m) => [m.mine, m.body])).toEqual([
      [true, 'Are you open Saturday?'],
      [false, 'Yes, 9 to 18.'],
      [true, 'Thanks!'],
    ]);
    expect(codeThread?.messages[0]?.mine).toBe(false);
    expect(findCode(codeThread?.messages[0]?.body ?? '')).toBe('482913');
  });

  it('sorts by time even when the emulator lists messages out of order', () => {
    const threads = groupThreads(
      [
        msg({ body: 'second', date_created: 'Sat, 21 Nov 2026 10:00:01 +0000' }),
        msg({ body: 'first', date_created: 'Sat, 21 Nov 2026 10:00:00 +0000' }),
      ],
      handset,
    );
    expect(threads).toHaveLength(1);
    expect(threads[0]?.messages.map((m) => m.body)).toEqual(['first', 'second']);
  });

  it('finds no code in a text without one', () => {
    expect(findCode('See you tomorrow at 10')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { ConversationEngine } from '../src/vapi/index.ts';
import type { FunctionToolConfig } from '../src/vapi/conversation.ts';

const reference = new Date('2026-03-10T09:00:00Z');
const tool = (name: string, properties: Record<string, { type: string }> = {}): FunctionToolConfig => ({
  type: 'function',
  function: { name, parameters: { type: 'object', properties } },
});

describe('emulated assistant conversation', () => {
  it('substitutes variables in firstMessage and stays silent for assistant-waits-for-user', () => {
    const greeter = new ConversationEngine({
      firstMessage: 'Hi {{name}}, welcome to {{business}}',
      systemPrompt: '',
      tools: [],
      callerNumber: '+1',
      reference,
      variableValues: { name: 'Dana' },
    });
    expect(greeter.greeting()).toBe('Hi Dana, welcome to {{business}}');
    const silent = new ConversationEngine({
      firstMessage: 'Hello',
      firstMessageMode: 'assistant-waits-for-user',
      systemPrompt: '',
      tools: [],
      callerNumber: '+1',
      reference,
    });
    expect(silent.greeting()).toBeUndefined();
  });

  it('asks for a time when only a day is given, then keeps the day for a bare time', () => {
    const engine = new ConversationEngine({
      systemPrompt: '',
      tools: [tool('check_availability', { start: { type: 'string' } }), tool('book_appointment')],
      callerNumber: '+1',
      reference,
    });
    expect(engine.onUserUtterance('I need an appointment on Thursday')).toEqual({
      kind: 'say',
      text: 'What time on Thursday, March 12 would suit you?',
    });
    const action = engine.onUserUtterance('at 4pm');
    expect(action).toMatchObject({
      kind: 'tool',
      purpose: 'availability',
      arguments: { start: '2026-03-12T16:00:00' },
    });
    expect(
      engine.onToolResult('availability', { date: '2026-03-12', time: '16:00' }, { result: 'available' }),
    ).toEqual({
      kind: 'say',
      text: 'Thursday, March 12 at 16:00 is available. Shall I book it for you?',
    });
    expect(engine.onUserUtterance('No')).toEqual({
      kind: 'say',
      text: 'No problem. Which other day and time would suit you?',
    });
    expect(engine.facts.booked).toBeUndefined();
  });

  it('offers alternatives from a JSON tool result and notes the request when no tools exist', () => {
    const engine = new ConversationEngine({
      systemPrompt: 'Réponds en français.',
      tools: [tool('check_availability')],
      callerNumber: '+1',
      reference,
    });
    const action = engine.onUserUtterance('Je voudrais un rendez-vous vendredi à 11h');
    expect(action).toMatchObject({ kind: 'tool', arguments: { date: '2026-03-13', time: '11:00' } });
    expect(
      engine.onToolResult(
        'availability',
        { date: '2026-03-13', time: '11:00' },
        { result: JSON.stringify({ available: false, alternatives: ['12:00', '14:00'] }) },
      ),
    ).toEqual({
      kind: 'say',
      text: "Désolé, le créneau du vendredi 13 mars à 11:00 n'est pas disponible. Je peux vous proposer 12:00, 14:00.",
    });

    const plain = new ConversationEngine({
      systemPrompt: '',
      transcriberLanguage: 'he',
      tools: [],
      callerNumber: '+1',
      reference,
    });
    expect(plain.onUserUtterance('אני רוצה לקבוע תור למחר בשעה 10')).toEqual({
      kind: 'say',
      text: expect.stringContaining('רשמתי את הבקשה שלך'),
    });
    expect(plain.onUserUtterance('תודה, להתראות')).toEqual({ kind: 'end', text: 'תודה שהתקשרת. להתראות!' });
  });
});

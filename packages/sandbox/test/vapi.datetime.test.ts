import { describe, expect, it } from 'vitest';
import { detectLanguage, parseRequestedSlot } from '../src/vapi/index.ts';

const ref = new Date('2026-03-10T09:00:00Z'); // Tuesday

describe('requested slot parsing', () => {
  it.each([
    ['en', 'Can I come tomorrow at 3pm?', { date: '2026-03-11', time: '15:00', dateCertain: true }],
    ['en', 'Friday at 3 works', { date: '2026-03-13', time: '15:00', dateCertain: true }],
    ['en', 'March 20th at 9:30 am', { date: '2026-03-20', time: '09:30', dateCertain: true }],
    [
      'fr',
      'Je voudrais un rendez-vous demain à 10h',
      { date: '2026-03-11', time: '10:00', dateCertain: true },
    ],
    ['fr', 'mardi prochain à 14h30', { date: '2026-03-17', time: '14:30', dateCertain: true }],
    ['fr', 'le 15 mars à 9h', { date: '2026-03-15', time: '09:00', dateCertain: true }],
    ['he', 'אפשר לקבוע למחר בשעה 10?', { date: '2026-03-11', time: '10:00', dateCertain: true }],
    ['he', 'היום בשעה 4 אחרי הצהריים', { date: '2026-03-10', time: '16:00', dateCertain: true }],
    ['he', 'ביום חמישי בעשר וחצי בבוקר', { date: '2026-03-12', time: '10:30', dateCertain: true }],
    ['he', 'מחרתיים ב-17:15', { date: '2026-03-12', time: '17:15', dateCertain: true }],
    ['he', 'ב-20/3 בשעה 9 בבוקר', { date: '2026-03-20', time: '09:00', dateCertain: true }],
    ['he', 'ב-15 באפריל', { date: '2026-04-15', dateCertain: true }],
    ['he', 'בשבת', { date: '2026-03-14', dateCertain: true }],
  ] as const)('%s: %s', (language, text, expected) => {
    expect(parseRequestedSlot(text, language, ref)).toEqual(expected);
  });

  it('marks a bare time as an implied date and finds nothing in unrelated sentences', () => {
    expect(parseRequestedSlot('בשעה 8 בבוקר', 'he', ref)).toEqual({
      date: '2026-03-11',
      time: '08:00',
      dateCertain: false,
    });
    expect(parseRequestedSlot('at 4pm', 'en', ref)).toMatchObject({ time: '16:00', dateCertain: false });
    expect(parseRequestedSlot('What are your opening hours?', 'en', ref)).toBeUndefined();
    expect(parseRequestedSlot('מה הכתובת שלכם?', 'he', ref)).toBeUndefined();
  });

  it('detects the caller language from the sentence', () => {
    expect(detectLanguage('שלום', 'en')).toBe('he');
    expect(detectLanguage('Bonjour, je voudrais un rendez-vous', 'en')).toBe('fr');
    expect(detectLanguage('Hello, can I book?', 'fr')).toBe('en');
    expect(detectLanguage('12', 'fr')).toBe('fr');
  });
});

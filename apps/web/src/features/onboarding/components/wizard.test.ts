import { describe, expect, it } from 'vitest';
import { advance, back, numberCountry, resumeStep, stepKey } from './wizard';

describe('onboarding wizard', () => {
  it('resumes at the saved step, clamped to the wizard', () => {
    expect(resumeStep(undefined)).toBe(1);
    expect(resumeStep({ step: 3, completed: false, skipped: [] })).toBe(3);
    expect(resumeStep({ step: 9, completed: false, skipped: [] })).toBe(5);
    expect(resumeStep({ step: 0, completed: false, skipped: [] })).toBe(1);
    expect(resumeStep({ step: 2, completed: true, skipped: [] })).toBe(5);
    expect(stepKey(2)).toBe('number');
  });

  it('moves on, remembers skipped steps and completes after the last', () => {
    const start = { step: 1, completed: false, skipped: [] };
    const afterWelcome = advance(start, 1);
    expect(afterWelcome).toEqual({ step: 2, completed: false, skipped: [] });
    const skippedNumber = advance(afterWelcome, 2, true);
    expect(skippedNumber).toEqual({ step: 3, completed: false, skipped: [2] });
    // Doing a skipped step later clears it.
    expect(advance({ ...skippedNumber, step: 2 }, 2).skipped).toEqual([]);
    // Going back and forward never moves the saved step backwards.
    expect(advance({ step: 4, completed: false, skipped: [] }, 2).step).toBe(4);
    expect(advance({ step: 5, completed: false, skipped: [2] }, 5)).toEqual({
      step: 5,
      completed: true,
      skipped: [2],
    });
    expect(back(1)).toBe(1);
    expect(back(3)).toBe(2);
  });

  it('picks the number country from the organisation, then the phone, then the browser', () => {
    expect(numberCountry({ orgCountry: 'FR', phoneNumber: '+14155550100' })).toBe('FR');
    expect(numberCountry({ phoneNumber: '+14155550100', browserLanguage: 'fr-FR' })).toBe('US');
    expect(numberCountry({ phoneNumber: '+33612345678' })).toBe('FR');
    expect(numberCountry({ browserLanguage: 'he-IL' })).toBe('IL');
    expect(numberCountry({ browserLanguage: 'en' })).toBe('US');
  });
});

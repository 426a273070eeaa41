import { describe, expect, it } from 'vitest';
import { detectIdentifier, logInBodySchema, signUpBodySchema, toE164 } from './index.ts';

describe('identifier detection', () => {
  it('tells emails from phone numbers', () => {
    expect(detectIdentifier('ana@clinic.fr')).toBe('email');
    expect(detectIdentifier('+33 6 12 34 56 78')).toBe('phone');
    expect(detectIdentifier('(415) 555-0100')).toBe('phone');
    expect(detectIdentifier('ana')).toBeNull();
  });
  it('normalises phone numbers to E.164', () => {
    expect(toE164('+33 6 12 34 56 78')).toBe('+33612345678');
    expect(toE164('+972 52-123-4567')).toBe('+972521234567');
    expect(toE164('12')).toBeNull();
  });
  it('refuses an identifier that is neither', () => {
    const r = logInBodySchema.safeParse({ identifier: 'ana', password: 'x' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('validation.identifier');
  });
});

describe('sign-up contract', () => {
  const valid = {
    name: 'Ana',
    email: ' Ana@Clinic.FR ',
    password: 'correct horse',
    passwordConfirmation: 'correct horse',
    acceptTerms: true as const,
  };
  it('normalises email and defaults locale and newsletter', () => {
    const r = signUpBodySchema.parse(valid);
    expect(r.email).toBe('ana@clinic.fr');
    expect(r.newsletter).toBe(false);
    expect(r.locale).toBe('en');
  });
  it('names the mismatched confirmation, missing terms and bad phone', () => {
    const r = signUpBodySchema.safeParse({
      ...valid,
      passwordConfirmation: 'other',
      acceptTerms: false,
      phoneNumber: '123',
    });
    expect(r.success).toBe(false);
    const byPath = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(byPath).toMatchObject({ acceptTerms: 'validation.acceptTerms', phoneNumber: 'validation.phone' });
  });
  it('accepts an empty phone as no phone', () => {
    expect(signUpBodySchema.parse({ ...valid, phoneNumber: '' }).phoneNumber).toBeUndefined();
  });
});

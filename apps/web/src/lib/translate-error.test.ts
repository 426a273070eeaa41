import { afterEach, describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../i18n/i18n';
import { mockFetch } from '../test/render';
import { apiFetch, type ApiError } from './api-client';
import { translateError, translateProviderReason } from './translate-error';

// Every ProviderError code of apps/server/src/providers (README "ProviderError codes" table + notConfigured).
const reasons = [
  'twilio.invalidCredentials',
  'twilio.testCredentials',
  'twilio.notFound',
  'twilio.invalidTo',
  'twilio.invalidFrom',
  'twilio.regionNotEnabled',
  'twilio.numberInvalid',
  'twilio.numberUnavailable',
  'twilio.noNumbersInArea',
  'twilio.senderNotCapable',
  'twilio.optedOut',
  'twilio.queueFull',
  'twilio.unreachable',
  'twilio.notMobile',
  'twilio.rateLimited',
  'twilio.unavailable',
  'twilio.rejected',
  'twilio.notConfigured',
  'twilio.delivery.30003',
  'twilio.delivery.unknown',
  'vapi.invalidRequest',
  'vapi.freeNumberLimit',
  'vapi.twilioCredentials',
  'vapi.twilioNumberNotFound',
  'vapi.numberInUse',
  'vapi.invalidKey',
  'vapi.paymentRequired',
  'vapi.notFound',
  'vapi.conflict',
  'vapi.rateLimited',
  'vapi.unavailable',
  'vapi.notConfigured',
  'llm.invalidKey',
  'llm.modelNotFound',
  'llm.invalidRequest',
  'llm.rateLimited',
  'llm.overloaded',
  'llm.unavailable',
].map((code) => `provider.${code}`);

function providerError(status: number, code: string, reason: string, message: string, retryable = false) {
  return { status, body: { error: { code, message, details: { provider: 'twilio', reason, retryable } } } };
}

describe("provider errors in the user's words", () => {
  afterEach(async () => {
    await setLocale('en');
  });

  it("translates a provider refusal by its reason, not by the server's English", async () => {
    mockFetch({
      'POST /api/v1/orgs/o1/numbers': providerError(
        422,
        'PROVIDER_ERROR',
        'provider.twilio.numberUnavailable',
        'That number was just taken. Pick another one.',
      ),
    });
    const error = (await apiFetch('/api/v1/orgs/o1/numbers', { method: 'POST', body: {} }).catch(
      (e) => e,
    )) as ApiError;
    expect(error.provider).toEqual({
      provider: 'twilio',
      reason: 'provider.twilio.numberUnavailable',
      retryable: false,
    });
    expect(translateError(i18n.t, error)).toBe(
      'That number was just taken by someone else. Pick another one.',
    );
    await setLocale('fr');
    expect(translateError(i18n.t, error)).toBe(
      "Ce numéro vient d'être pris par quelqu'un d'autre. Choisissez-en un autre.",
    );
    await setLocale('he');
    expect(translateError(i18n.t, error)).toBe('המספר הזה נתפס הרגע על ידי מישהו אחר. בחרו מספר אחר.');
  });

  it('says the provider is down (and that we retried) for PROVIDER_UNAVAILABLE', async () => {
    await setLocale('fr');
    mockFetch({
      'GET /api/v1/orgs/o1/numbers/available': providerError(
        503,
        'PROVIDER_UNAVAILABLE',
        'provider.twilio.unavailable',
        'Twilio did not answer; try again in a minute.',
        true,
      ),
    });
    const error = await apiFetch('/api/v1/orgs/o1/numbers/available?country=FR').catch((e) => e);
    expect(translateError(i18n.t, error)).toBe(
      'Twilio ne répond pas pour le moment. Nous avons réessayé ; réessayez dans une minute.',
    );
  });

  it("never shows an unknown reason's English alone: a translated lead-in comes first", async () => {
    await setLocale('he');
    expect(
      translateProviderReason(i18n.t, 'provider.twilio.somethingNew', 'Twilio refused (error 21999).'),
    ).toBe('הספק דחה את הבקשה. פרטים (באנגלית): Twilio refused (error 21999).');
    expect(translateProviderReason(i18n.t, undefined, undefined, true)).toBe(
      'הספק לא ענה. ניסינו שוב; נסו שוב בעוד דקה.',
    );
  });

  it('has a sentence for every provider reason and validation key, in every language', () => {
    const validation = [
      'accountSid',
      'authToken',
      'apiKey',
      'accountSidTaken',
      'areaCode',
      'contains',
      'time',
      'hoursOrder',
    ];
    const consequences = ['sms', 'numbers', 'import', 'calls', 'assistant'];
    for (const lng of ['en', 'fr', 'he']) {
      for (const reason of reasons) expect(i18n.exists(reason, { lng }), `${lng}:${reason}`).toBe(true);
      for (const key of validation)
        expect(i18n.exists(`validation.${key}`, { lng }), `${lng}:${key}`).toBe(true);
      for (const key of consequences)
        expect(i18n.exists(`credentials.consequence.${key}`, { lng }), `${lng}:${key}`).toBe(true);
    }
  });
});

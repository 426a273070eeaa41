import { errorCodes } from '@ava/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../i18n/i18n';
import { mockFetch } from '../test/render';
import { ApiError, apiFetch } from './api-client';
import { translateError } from './translate-error';

describe('apiFetch and error translation', () => {
  afterEach(async () => {
    await setLocale('en');
  });

  it('turns an error body into a typed ApiError and translates it by code', async () => {
    mockFetch({
      'POST /api/auth/sign-in/magic-link': {
        status: 429,
        body: { error: { code: 'RATE_LIMITED', message: 'Too many requests' } },
      },
    });
    const error = await apiFetch('/api/auth/sign-in/magic-link', { method: 'POST', body: {} }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(translateError(i18n.t, error)).toBe('Too many attempts. Wait a minute and try again.');
    await setLocale('fr');
    expect(translateError(i18n.t, error)).toBe('Trop de tentatives. Patientez une minute puis réessayez.');
    await setLocale('he');
    expect(translateError(i18n.t, error)).toBe('יותר מדי ניסיונות. המתינו דקה ונסו שוב.');
  });

  it('keeps VALIDATION_FAILED details and falls back on the status when the body is not JSON', async () => {
    mockFetch({
      'PATCH /api/v1/me': {
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'x',
            details: [{ path: 'body.name', code: 'custom', message: 'validation.required' }],
          },
        },
      },
    });
    const validation = (await apiFetch('/api/v1/me', { method: 'PATCH', body: { name: '' } }).catch(
      (e) => e,
    )) as ApiError;
    expect(validation.details).toEqual([
      { path: 'body.name', code: 'custom', message: 'validation.required' },
    ]);

    globalThis.fetch = (async () =>
      new Response('<html>Bad gateway</html>', { status: 502 })) as typeof fetch;
    const gateway = await apiFetch('/api/v1/me').catch((e) => e);
    expect(gateway).toMatchObject({ status: 502, code: 'INTERNAL' });

    globalThis.fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const offline = await apiFetch('/api/v1/me').catch((e) => e);
    expect(translateError(i18n.t, offline)).toBe("Can't reach AVA. Check your connection and try again.");
  });

  it('has a translation for every error code in every language', () => {
    for (const lng of ['en', 'fr', 'he']) {
      for (const code of errorCodes)
        expect(i18n.exists(`errors.${code}`, { lng }), `${lng}:${code}`).toBe(true);
    }
  });

  it('sends JSON with the session cookie', async () => {
    let seen: RequestInit | undefined;
    globalThis.fetch = (async (_url: string, init: RequestInit) => {
      seen = init;
      return new Response(JSON.stringify({ ok: true }), { status: 200 });
    }) as typeof fetch;
    await expect(apiFetch('/api/v1/orgs/o1/activate', { method: 'POST', body: {} })).resolves.toEqual({
      ok: true,
    });
    expect(seen?.credentials).toBe('include');
    expect((seen?.headers as Record<string, string>)['content-type']).toBe('application/json');
  });
});

import { detectIdentifier, toE164, type logInBodySchema, type signUpBodySchema } from '@ava/contracts';
import type { z } from 'zod';
import type { Config } from '../../config.ts';
import { AppError } from '../../http/errors.ts';
import type { Auth } from './auth.ts';
import { rethrowAuthError } from './auth.errors.ts';
import type { IdentityRepository } from './identity.repository.ts';

export type AuthService = ReturnType<typeof authService>;

export function authService(auth: Auth, identity: IdentityRepository, config: Config, outbox: boolean) {
  return {
    config() {
      return { google: Boolean(config.oauth.google), microsoft: Boolean(config.oauth.microsoft), outbox };
    },

    /** Creates the user (and, through the auth hooks, their organisation) and signs them in. */
    async signUp(body: z.output<typeof signUpBodySchema>, headers: Headers) {
      if (body.phoneNumber && (await identity.phoneTaken(body.phoneNumber))) {
        throw new AppError('PHONE_TAKEN', undefined, [
          { path: 'phoneNumber', code: 'taken', message: 'validation.phoneTaken' },
        ]);
      }
      try {
        const result = await auth.api.signUpEmail({
          body: {
            name: body.name,
            email: body.email,
            password: body.password,
            locale: body.locale,
            newsletter: body.newsletter,
            rememberMe: true,
            // The verification link lands on the web page that says "email verified".
            callbackURL: '/verify-email?verified=1',
            ...(body.phoneNumber ? { phoneNumber: body.phoneNumber } : {}),
          },
          headers,
          returnHeaders: true,
        });
        return { cookies: result.headers.getSetCookie(), userId: result.response.user.id };
      } catch (err) {
        rethrowAuthError(err);
      }
    },

    /** One field for email or phone; the same answer for a wrong identifier and a wrong password. */
    async logIn(body: z.output<typeof logInBodySchema>, headers: Headers) {
      const kind = detectIdentifier(body.identifier);
      try {
        if (kind === 'phone') {
          const phoneNumber = toE164(body.identifier);
          if (!phoneNumber) throw new AppError('INVALID_CREDENTIALS');
          const result = await auth.api.signInPhoneNumber({
            body: { phoneNumber, password: body.password, rememberMe: body.rememberMe },
            headers,
            returnHeaders: true,
          });
          return { cookies: result.headers.getSetCookie(), twoFactorRequired: isTwoFactor(result.response) };
        }
        const result = await auth.api.signInEmail({
          body: {
            email: body.identifier.toLowerCase(),
            password: body.password,
            rememberMe: body.rememberMe,
          },
          headers,
          returnHeaders: true,
        });
        return { cookies: result.headers.getSetCookie(), twoFactorRequired: isTwoFactor(result.response) };
      } catch (err) {
        if (err instanceof AppError) throw err;
        rethrowAuthError(err);
      }
    },
  };
}

const isTwoFactor = (response: unknown) =>
  Boolean(
    response && typeof response === 'object' && 'twoFactorRedirect' in response && response.twoFactorRedirect,
  );

import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../i18n/i18n';
import { mockFetch, renderWithApp } from '../../../test/render';
import { SignUpForm } from './signup-form';

const config = { 'GET /api/v1/auth/config': { body: { google: false, microsoft: false, outbox: true } } };

async function fillValid(user: ReturnType<typeof userEvent.setup>, labels: Record<string, string>) {
  await user.type(await screen.findByLabelText(labels.name!), 'Ana Martin');
  await user.type(screen.getByLabelText(labels.email!), 'ana@clinic.fr');
  await user.type(screen.getByLabelText(labels.password!, { selector: 'input' }), 'correct horse');
  await user.type(screen.getByLabelText(labels.confirmation!, { selector: 'input' }), 'correct horse');
  await user.click(screen.getByRole('checkbox', { name: new RegExp(labels.terms!) }));
}

describe('SignUpForm', () => {
  beforeEach(async () => {
    await setLocale('en');
  });

  it('shows translated errors from the shared contract', async () => {
    mockFetch(config);
    const user = userEvent.setup();
    renderWithApp(() => <SignUpForm />);
    await user.type(await screen.findByLabelText('Work email'), 'not-an-email');
    await user.type(screen.getByLabelText('Password', { selector: 'input' }), 'short');
    await user.type(screen.getByLabelText('Confirm password', { selector: 'input' }), 'other');
    await user.type(screen.getByLabelText(/Mobile phone/), '123');
    await user.click(screen.getByRole('button', { name: 'Create my account' }));

    expect(await screen.findByText('This field is required.')).toBeTruthy();
    expect(screen.getByText('Enter a valid email address.')).toBeTruthy();
    expect(screen.getByText('Use at least 8 characters.')).toBeTruthy();
    expect(screen.getByText("The passwords don't match.")).toBeTruthy();
    expect(screen.getByText(/Enter a valid phone number/)).toBeTruthy();
    expect(screen.getByText('Please accept the terms and the privacy policy.')).toBeTruthy();
    expect(screen.getByLabelText('Work email').getAttribute('aria-invalid')).toBe('true');
  });

  it('puts the server VALIDATION_FAILED details on the matching fields, translated', async () => {
    const calls = mockFetch({
      ...config,
      'POST /api/v1/auth/signup': {
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'Invalid body',
            details: [
              { path: 'body.password', code: 'too_small', message: 'validation.passwordTooShort' },
              {
                path: 'body.name',
                code: 'too_big',
                message: 'Too big: expected string to have <=100 characters',
              },
            ],
          },
        },
      },
    });
    await setLocale('fr');
    const user = userEvent.setup();
    renderWithApp(() => <SignUpForm />);
    await fillValid(user, {
      name: 'Votre nom',
      email: 'E-mail professionnel',
      password: 'Mot de passe',
      confirmation: 'Confirmez le mot de passe',
      terms: 'conditions',
    });
    await user.click(screen.getByRole('button', { name: 'Créer mon compte' }));

    expect(await screen.findByText('Utilisez au moins 8 caractères.')).toBeTruthy();
    // zod's own English message is never shown: its code gets a generic translation.
    expect(screen.getByText('Cette valeur est trop longue.')).toBeTruthy();
    expect(screen.queryByText(/Too big/)).toBeNull();
    const signup = calls.find((c) => c.url === '/api/v1/auth/signup');
    expect(signup?.body).toMatchObject({
      email: 'ana@clinic.fr',
      acceptTerms: true,
      newsletter: false,
      locale: 'fr',
    });
  });

  it('shows EMAIL_TAKEN on the email field', async () => {
    mockFetch({
      ...config,
      'POST /api/v1/auth/signup': { status: 409, body: { error: { code: 'EMAIL_TAKEN', message: 'taken' } } },
    });
    const user = userEvent.setup();
    renderWithApp(() => <SignUpForm />);
    await fillValid(user, {
      name: 'Your name',
      email: 'Work email',
      password: 'Password',
      confirmation: 'Confirm password',
      terms: 'terms',
    });
    await user.click(screen.getByRole('button', { name: 'Create my account' }));
    expect(await screen.findByText('An account already exists with this email.')).toBeTruthy();
  });
});

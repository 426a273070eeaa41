import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../i18n/i18n';
import { mockFetch, renderWithApp } from '../../../test/render';
import { LoginForm } from './login-form';

describe('LoginForm', () => {
  beforeEach(async () => {
    mockFetch({ 'GET /api/v1/auth/config': { body: { google: false, microsoft: false, outbox: true } } });
    await setLocale('en');
  });

  it('tells the user live whether they typed an email or a phone number', async () => {
    const user = userEvent.setup();
    renderWithApp(() => <LoginForm />);
    const field = await screen.findByLabelText('Email or phone number');
    expect(screen.queryByTestId('identifier-hint')).toBeNull();

    await user.type(field, 'ana@clinic.fr');
    expect(screen.getByTestId('identifier-hint').dataset.kind).toBe('email');
    expect(screen.getByText("We'll sign you in with your email address.")).toBeTruthy();

    await user.clear(field);
    await user.type(field, '+33 6 12 34 56 78');
    expect(screen.getByTestId('identifier-hint').dataset.kind).toBe('phone');
    expect(screen.getByText("We'll sign you in with your phone number.")).toBeTruthy();
  });

  it('sends a phone identifier in E.164 and shows a translated credentials error', async () => {
    const calls = mockFetch({
      'GET /api/v1/auth/config': { body: { google: false, microsoft: false, outbox: false } },
      'POST /api/v1/auth/login': {
        status: 401,
        body: { error: { code: 'INVALID_CREDENTIALS', message: 'Invalid email or password' } },
      },
    });
    await setLocale('fr');
    const user = userEvent.setup();
    renderWithApp(() => <LoginForm />);
    await user.type(await screen.findByLabelText('E-mail ou numéro de téléphone'), '+33 6 12 34 56 78');
    await user.type(screen.getByLabelText('Mot de passe'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Se connecter' }));
    expect(await screen.findByText('L’e-mail, le numéro ou le mot de passe est incorrect.')).toBeTruthy();
    expect(screen.queryByText('Invalid email or password')).toBeNull();
    const login = calls.find((c) => c.url === '/api/v1/auth/login');
    expect(login?.body).toMatchObject({ identifier: '+33612345678', password: 'secret', rememberMe: true });
  });
});

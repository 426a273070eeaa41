import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../i18n/i18n';
import { mockFetch, renderWithApp } from '../../../test/render';
import { TelephonySettings } from './telephony-settings';

const base = '/api/v1/orgs/org1/credentials';
const sid = 'AC' + '0123456789abcdef'.repeat(2);
const twilioStatus = {
  provider: 'twilio',
  accountId: sid,
  secretMask: '••••9z9z',
  publicKey: null,
  sandbox: false,
  accountName: null,
  verifiedAt: null,
  updatedAt: '2026-01-10T10:00:00.000Z',
};

describe('TelephonySettings', () => {
  beforeEach(async () => {
    await setLocale('en');
  });

  it('shows the saved credentials masked, never the secret', async () => {
    mockFetch({
      [`GET ${base}`]: {
        body: {
          twilio: { ...twilioStatus, verifiedAt: '2026-01-10T10:00:00.000Z', accountName: 'Bella Salon' },
          vapi: null,
          sandboxAvailable: false,
        },
      },
    });
    renderWithApp(() => <TelephonySettings orgId="org1" canManage />);
    const twilio = await screen.findByTestId('credentials-twilio');
    expect(within(twilio).getByTestId('secret-mask').textContent).toBe('••••9z9z');
    expect(within(twilio).getByTestId('account-sid').textContent).toBe(sid);
    expect(within(twilio).getByText('Connected')).toBeTruthy();
    expect(within(twilio).getByText('Bella Salon')).toBeTruthy();
    // Vapi is not connected: its form is shown, with the guide.
    const vapi = screen.getByTestId('credentials-vapi');
    expect(within(vapi).getByText('Not connected')).toBeTruthy();
    expect(within(vapi).getByText('How to get your Vapi key')).toBeTruthy();
    expect(within(vapi).getByLabelText('Private API key', { selector: 'input' })).toBeTruthy();
  });

  it('reports "saved" and the failed check separately, in the user\'s language', async () => {
    await setLocale('fr');
    let saved = false;
    const calls = mockFetch({
      [`GET ${base}`]: () => ({
        body: { twilio: saved ? twilioStatus : null, vapi: null, sandboxAvailable: true },
      }),
      [`PUT ${base}/twilio`]: () => {
        saved = true;
        return {
          body: {
            credentials: twilioStatus,
            verification: {
              ok: false,
              reason: 'provider.twilio.invalidCredentials',
              message: "We couldn't sign in to Twilio.",
              retryable: false,
              checkedAt: '2026-01-10T10:00:00.000Z',
            },
          },
        };
      },
    });
    const user = userEvent.setup();
    renderWithApp(() => <TelephonySettings orgId="org1" canManage />);
    const twilio = await screen.findByTestId('credentials-twilio');
    expect(
      within(twilio).getByRole('button', { name: 'Utiliser des identifiants de bac à sable' }),
    ).toBeTruthy();

    // The contract's format checks run before anything is sent.
    await user.type(within(twilio).getByLabelText('Account SID'), 'AB123');
    await user.type(within(twilio).getByLabelText('Auth Token', { selector: 'input' }), 'short');
    await user.click(within(twilio).getByRole('button', { name: 'Enregistrer et vérifier' }));
    expect(await within(twilio).findByText(/Un Account SID commence par AC/)).toBeTruthy();
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);

    await user.clear(within(twilio).getByLabelText('Account SID'));
    await user.type(within(twilio).getByLabelText('Account SID'), sid);
    await user.clear(within(twilio).getByLabelText('Auth Token', { selector: 'input' }));
    await user.type(
      within(twilio).getByLabelText('Auth Token', { selector: 'input' }),
      'x'.repeat(28) + '9z9z',
    );
    await user.click(within(twilio).getByRole('button', { name: 'Enregistrer et vérifier' }));

    expect(await within(twilio).findByText('Identifiants Twilio enregistrés')).toBeTruthy();
    expect(within(twilio).getByText("Twilio n'a pas accepté les identifiants")).toBeTruthy();
    expect(within(twilio).getByTestId('verification-reason').textContent).toMatch(
      /^Identifiants incorrects : Twilio a refusé/,
    );
    // The save is kept: the masked secret is on screen, not the token typed.
    expect(await within(twilio).findByTestId('secret-mask')).toBeTruthy();
    expect(within(twilio).getByTestId('secret-mask').textContent).toBe('••••9z9z');
    expect(within(twilio).getByText('Non vérifié')).toBeTruthy();
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      accountSid: sid,
      authToken: 'x'.repeat(28) + '9z9z',
    });
    // …and a toast says each outcome too.
    const toasts = await screen.findAllByTestId('toast');
    expect(toasts.map((t) => t.getAttribute('data-tone'))).toEqual(['success', 'error']);
  });

  it('lists what stops working before disconnecting', async () => {
    await setLocale('he');
    const calls = mockFetch({
      [`GET ${base}`]: { body: { twilio: twilioStatus, vapi: null, sandboxAvailable: false } },
      [`DELETE ${base}/twilio`]: { body: { deleted: true, consequences: [] } },
    });
    const user = userEvent.setup();
    renderWithApp(() => <TelephonySettings orgId="org1" canManage />);
    const twilio = await screen.findByTestId('credentials-twilio');
    await user.click(within(twilio).getByRole('button', { name: 'ניתוק' }));
    const dialog = await screen.findByRole('dialog');
    const items = within(within(dialog).getByTestId('consequences')).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]!.textContent).toMatch(/SMS/);
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'ניתוק Twilio' }));
    await screen.findByText('Twilio נותק');
    expect(calls.some((c) => c.method === 'DELETE' && c.url === `${base}/twilio`)).toBe(true);
  });
});

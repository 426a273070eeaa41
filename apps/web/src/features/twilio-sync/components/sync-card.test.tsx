import type { TwilioSyncRun } from '@ava/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../i18n/i18n';
import { mockFetch, renderWithApp } from '../../../test/render';
import { TwilioSyncCard } from './sync-card';

const base = '/api/v1/orgs/org1/twilio-sync';
const run = (over: Partial<TwilioSyncRun>): TwilioSyncRun => ({
  id: 'r1',
  kind: 'messages',
  status: 'completed',
  pages: 3,
  imported: 11,
  skipped: 1,
  error: null,
  startedAt: '2026-11-20T10:00:00.000Z',
  finishedAt: '2026-11-20T10:00:05.000Z',
  ...over,
});

describe('TwilioSyncCard', () => {
  beforeEach(async () => {
    await setLocale('en');
  });

  it('shows the last result per kind, starts a sync and follows its progress until done', async () => {
    let polls = 0;
    const running = run({
      id: 'r2',
      kind: 'calls',
      status: 'running',
      pages: 0,
      imported: 0,
      finishedAt: null,
    });
    const calls = mockFetch({
      [`GET ${base}`]: () => ({
        body: {
          messages: run({}),
          calls:
            polls++ === 0
              ? null
              : polls < 3
                ? { ...running, pages: 1, imported: 3 }
                : run({ id: 'r2', kind: 'calls', pages: 2, imported: 4, skipped: 0 }),
        },
      }),
      [`POST ${base}/calls`]: { status: 202, body: running },
    });
    const user = userEvent.setup();
    renderWithApp(() => <TwilioSyncCard orgId="org1" canManage />);
    const messages = await screen.findByTestId('twilio-sync-messages');
    expect(await within(messages).findByText('New: 11 · Already in AVA: 1')).toBeTruthy();
    const callsRow = screen.getByTestId('twilio-sync-calls');
    expect(within(callsRow).getByText('Never synced yet.')).toBeTruthy();

    await user.click(within(callsRow).getByRole('button', { name: 'Sync now' }));
    expect(calls.some((c) => c.method === 'POST' && c.url === `${base}/calls`)).toBe(true);
    expect(await within(callsRow).findByRole('progressbar')).toBeTruthy();
    expect(within(callsRow).getByRole('button', { name: 'Sync now' }).hasAttribute('disabled')).toBe(true);
    await waitFor(() => expect(within(callsRow).getByText('New: 4 · Already in AVA: 0')).toBeTruthy(), {
      timeout: 8_000,
    });
    expect(within(callsRow).queryByRole('progressbar')).toBeNull();
  }, 15_000);

  it('explains a failed run in the user’s language and a refused start in a toast', async () => {
    await setLocale('he');
    mockFetch({
      [`GET ${base}`]: {
        body: {
          messages: run({ status: 'failed', error: 'provider.twilio.invalidCredentials' }),
          calls: run({ kind: 'calls', status: 'failed', error: 'twilioSync.errors.internal' }),
        },
      },
      [`POST ${base}/messages`]: {
        status: 422,
        body: {
          error: {
            code: 'PROVIDER_ERROR',
            message: 'Connect your Twilio account in Settings → Telephony first.',
            details: { provider: 'twilio', reason: 'provider.twilio.notConfigured', retryable: false },
          },
        },
      },
    });
    const user = userEvent.setup();
    renderWithApp(() => <TwilioSyncCard orgId="org1" canManage />);
    const messages = await screen.findByTestId('twilio-sync-messages');
    expect(await within(messages).findByText(/פרטי גישה שגויים/)).toBeTruthy();
    expect(
      within(screen.getByTestId('twilio-sync-calls')).getByText('משהו השתבש אצלנו. נסו שוב בעוד דקה.'),
    ).toBeTruthy();
    await user.click(within(messages).getByRole('button', { name: 'סנכרון עכשיו' }));
    const toast = await screen.findByTestId('toast');
    expect(toast.getAttribute('data-tone')).toBe('error');
    expect(toast.textContent).toContain('חברו קודם את חשבון ה-Twilio');
  });

  it('lets members see the status but not start a sync', async () => {
    mockFetch({ [`GET ${base}`]: { body: { messages: null, calls: null } } });
    renderWithApp(() => <TwilioSyncCard orgId="org1" canManage={false} />);
    const row = await screen.findByTestId('twilio-sync-messages');
    await waitFor(() =>
      expect(within(row).getByRole('button', { name: 'Sync now' }).hasAttribute('disabled')).toBe(true),
    );
    expect(screen.getAllByText('Only owners and admins can start a sync.').length).toBeGreaterThan(0);
  });
});

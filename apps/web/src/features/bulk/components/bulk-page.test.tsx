import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../i18n/i18n';
import { mockFetch, renderWithApp } from '../../../test/render';
import { BulkPage } from './bulk-page';

const base = '/api/v1/orgs/org1';
const settings = {
  quietHoursEnabled: true,
  quietStart: '21:00',
  quietEnd: '08:00',
  helpText: null,
  aiTone: 'friendly',
  aiContext: null,
  aiHours: null,
  aiMaxPerHour: 3,
  timezone: 'Europe/Paris',
};
const contact = (id: string, name: string, e164: string, optedOut = false) => ({
  id,
  e164,
  name,
  email: null,
  notes: null,
  tags: [],
  fields: {},
  optedOut,
  optedOutAt: optedOut ? '2026-10-01T10:00:00.000Z' : null,
  createdAt: '2026-10-01T10:00:00.000Z',
  updatedAt: '2026-10-01T10:00:00.000Z',
});
const lea = contact('c1', 'Léa Dupont', '+33612345678');
const marc = contact('c2', 'Marc Petit', '+33698765432', true);
const number = {
  id: 'n1',
  e164: '+33700000001',
  source: 'twilio',
  label: 'Shop',
  country: 'FR',
  locality: null,
  region: null,
  capabilities: { voice: true, sms: true, mms: false },
  monthlyPrice: null,
  rotation: true,
  aiReplies: false,
  smsRate: null,
  businessHours: null,
  fallbackNumber: null,
  voicemail: false,
  assistantId: null,
  wiring: { sms: 'ava', status: 'ava', voice: 'none' },
  importStatus: 'none',
  importIssue: null,
  createdAt: '2026-10-01T10:00:00.000Z',
};
const send = (over: Record<string, unknown> = {}) => ({
  id: 'b1',
  name: 'Autumn promo',
  body: 'Hi {first_name}, 20% off this week!',
  status: 'sending',
  requestedAt: '2026-10-20T08:00:00.000Z',
  startsAt: '2026-10-20T08:00:00.000Z',
  shiftedByQuietHours: false,
  phoneNumberId: null,
  total: 10,
  skipped: [],
  counts: { pending: 3, sent: 1, delivered: 5, failed: 1 },
  createdAt: '2026-10-20T08:00:00.000Z',
  ...over,
});
const recipient = (id: string, status: string, over: Record<string, unknown> = {}) => ({
  id,
  conversationId: null,
  contactId: `c-${id}`,
  direction: 'outbound',
  from: '+33700000001',
  to: '+33612345678',
  body: 'Hi Léa, 20% off this week!',
  mediaUrls: [],
  status,
  errorCode: null,
  errorReason: null,
  segments: 1,
  price: null,
  ai: false,
  source: 'bulk',
  phoneNumberId: 'n1',
  sendAt: null,
  createdAt: '2026-10-20T08:00:00.000Z',
  name: 'Léa Dupont',
  ...over,
});
const common = {
  [`GET ${base}/messages/scheduled`]: { body: { messages: [] } },
  [`GET ${base}/messaging/settings`]: { body: settings },
  [`GET ${base}/contacts`]: { body: { contacts: [lea, marc], total: 2, hasMore: false, country: 'FR' } },
  [`GET ${base}/contacts/tags`]: { body: { tags: [{ tag: 'vip', count: 2 }] } },
  [`GET ${base}/numbers`]: { body: { numbers: [number], lastSync: null } },
  [`GET ${base}/templates/variables`]: {
    body: {
      standard: ['first_name', 'last_name', 'name', 'phone', 'email', 'business'],
      fields: [],
      business: 'Bella',
    },
  },
};

describe('BulkPage', () => {
  beforeEach(async () => {
    await setLocale('en');
  });

  it('previews who is skipped and why, says the send moved after quiet hours, then sends', async () => {
    const calls = mockFetch({
      ...common,
      [`GET ${base}/bulk`]: { body: { sends: [] } },
      [`POST ${base}/bulk/preview`]: {
        body: {
          recipients: 1,
          skipped: [
            { contactId: 'c2', e164: '+33698765432', reason: 'optedOut' },
            { contactId: null, e164: '12', reason: 'invalidNumber' },
          ],
          segments: 1,
          costUsd: 0.0858,
          encoding: 'GSM-7',
          unknownVariables: [],
          samples: [{ to: '+33612345678', name: 'Léa Dupont', text: 'Hi Léa, 20% off this week!' }],
          startsAt: '2026-10-21T06:00:00.000Z',
          shiftedByQuietHours: true,
          finishesAt: '2026-10-21T06:00:01.000Z',
          senders: 1,
        },
      },
      [`POST ${base}/bulk`]: {
        status: 201,
        body: send({ status: 'scheduled', counts: { pending: 1 }, total: 1 }),
      },
      [`GET ${base}/bulk/b1`]: {
        body: {
          send: send({ status: 'scheduled', counts: { pending: 1 }, total: 1 }),
          recipients: [],
          hasMore: false,
        },
      },
    });
    const user = userEvent.setup();
    renderWithApp(() => <BulkPage orgId="org1" canManage={false} />);

    await user.click(await screen.findByRole('button', { name: 'New bulk send' }));
    // Step 1 refuses to go on with nobody chosen.
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(screen.getByRole('alert').textContent).toBe('Choose at least one recipient.');
    await user.click(await screen.findByRole('checkbox', { name: 'Léa Dupont' }));
    await user.click(screen.getByRole('checkbox', { name: 'Marc Petit' }));
    await user.click(screen.getByRole('button', { name: 'Paste numbers' }));
    await user.type(screen.getByLabelText('Phone numbers'), '12');
    expect(screen.getByTestId('recipients-summary').textContent).toBe(
      'Chosen: 2 contacts · 0 tags · 1 pasted number',
    );
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    const name = screen.getByLabelText('Name of this send');
    await user.clear(name);
    await user.type(name, 'Autumn promo');
    await user.click(screen.getByLabelText('Text'));
    await user.paste('Hi {first_name}, 20% off this week!');
    expect(screen.getByTestId('bulk-estimate').textContent).toMatch(/^1 SMS segment per text · GSM-7/);
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByText('Rotation across your numbers')).toBeTruthy();
    expect(screen.getByText(/Europe\/Paris/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    const skipped = await screen.findByTestId('skipped');
    expect(within(skipped).getByText('2 recipients skipped')).toBeTruthy();
    const optedOut = within(skipped).getByRole('group', { name: 'Opted out (1)' });
    expect(within(optedOut).getByText(/They replied STOP/)).toBeTruthy();
    expect(within(optedOut).getByText('Marc Petit')).toBeTruthy();
    const invalid = within(skipped).getByRole('group', { name: 'Invalid number (1)' });
    expect(within(invalid).getByText(/can receive texts/)).toBeTruthy();
    expect(screen.getByText('Moved to after quiet hours')).toBeTruthy();
    expect(screen.getByTestId('quiet-hours-notice').textContent).toMatch(/first text leaves at/);
    expect(screen.getByTestId('preview-recipients').textContent).toBe('1');
    expect(screen.getByText('Hi Léa, 20% off this week!')).toBeTruthy();

    const previewed = calls.find((c) => c.method === 'POST' && c.url.endsWith('/bulk/preview'));
    expect(previewed?.body).toEqual({
      name: 'Autumn promo',
      body: 'Hi {first_name}, 20% off this week!',
      recipients: { contactIds: ['c1', 'c2'], numbers: ['12'] },
    });

    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'POST' && c.url === `${base}/bulk`)).toBe(true),
    );
    expect(calls.find((c) => c.method === 'POST' && c.url === `${base}/bulk`)?.body).toEqual(previewed?.body);
    expect(await screen.findByRole('button', { name: 'All sends' })).toBeTruthy();
  });

  it('shows a send’s progress and per-recipient reasons, and cancels the rest after confirming', async () => {
    const calls = mockFetch({
      ...common,
      [`GET ${base}/bulk`]: { body: { sends: [send()] } },
      [`GET ${base}/bulk/b1`]: {
        body: {
          send: send(),
          recipients: [
            recipient('m1', 'delivered'),
            recipient('m2', 'failed', {
              name: 'Marc Petit',
              to: '+33698765432',
              errorCode: 30003,
              errorReason: 'provider.twilio.delivery.30003',
            }),
            recipient('m3', 'canceled', {
              name: null,
              to: '+33611111111',
              errorReason: 'messaging.skip.optedOut',
            }),
          ],
          hasMore: false,
        },
      },
      [`POST ${base}/bulk/b1/cancel`]: {
        body: {
          ...send({ status: 'canceled', counts: { canceled: 3, sent: 1, delivered: 5, failed: 1 } }),
          canceled: 3,
        },
      },
    });
    const user = userEvent.setup();
    renderWithApp(() => <BulkPage orgId="org1" canManage={false} />);

    // The list shows progress already; live polling is on while a send is going.
    const row = await screen.findByTestId('bulk-row');
    expect(within(row).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('7');
    await user.click(within(row).getByRole('button', { name: 'Autumn promo' }));

    const bar = await screen.findByRole('progressbar', { name: 'Progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('7');
    expect(bar.getAttribute('aria-valuemax')).toBe('10');
    expect(screen.getByTestId('progress-summary').textContent).toBe('7 of 10 done · 5 delivered · 1 failed');
    const rows = screen.getAllByTestId('recipient-row');
    expect(
      within(rows[1]!).getByText("Couldn't reach this phone. It may be switched off or out of coverage."),
    ).toBeTruthy();
    expect(within(rows[1]!).getByText('Failed')).toBeTruthy();
    expect(within(rows[2]!).getByText(/replied STOP/)).toBeTruthy();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'failed');
    await waitFor(() =>
      expect(calls.some((c) => c.url.includes('/bulk/b1?') && c.url.includes('status=failed'))).toBe(true),
    );

    await user.click(screen.getByRole('button', { name: 'Cancel the rest' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancel the rest of this send?' });
    expect(within(dialog).getByText(/3 texts have not left yet/)).toBeTruthy();
    expect(calls.some((c) => c.url.endsWith('/cancel'))).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel 3 texts' }));
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'POST' && c.url === `${base}/bulk/b1/cancel`)).toBe(true),
    );
    expect(await screen.findByText('3 texts canceled.')).toBeTruthy();
  });

  /** The bulk `b1` as the page shows it, with its edit dialog opened; PATCH answers `patched`. */
  async function openEditDialog(bulk: ReturnType<typeof send>, patched: { status?: number; body: unknown }) {
    const calls = mockFetch({
      ...common,
      [`GET ${base}/bulk`]: { body: { sends: [bulk] } },
      [`GET ${base}/bulk/b1`]: { body: { send: bulk, recipients: [], hasMore: false } },
      [`PATCH ${base}/bulk/b1`]: patched,
    });
    const user = userEvent.setup();
    renderWithApp(() => <BulkPage orgId="org1" canManage={false} />);
    await user.click(
      within(await screen.findByTestId('bulk-row')).getByRole('button', { name: 'Autumn promo' }),
    );
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    return { calls, user, dialog: await screen.findByRole('dialog', { name: 'Edit this send' }) };
  }

  it('edits a scheduled send (only what changed), says so when it started meanwhile, refuses an empty text', async () => {
    const scheduled = send({
      status: 'scheduled',
      requestedAt: '2099-03-10T08:00:00.000Z',
      startsAt: '2099-03-10T08:00:00.000Z',
    });
    const { calls, user, dialog } = await openEditDialog(scheduled, {
      status: 409,
      body: { error: { code: 'CONFLICT', message: 'started' } },
    });
    const name = within(dialog).getByLabelText('Name of this send');
    await user.clear(name);
    await user.type(name, 'Spring promo ');
    // 08:00 UTC is 09:00 in Paris in March.
    const time = within(dialog).getByLabelText<HTMLInputElement>('Time');
    expect(time.value).toBe('09:00');
    await user.clear(time);
    await user.type(time, '10:30');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    expect(await within(dialog).findByText(/This send has started/)).toBeTruthy();
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([
      { name: 'Spring promo', sendAt: '2099-03-10T09:30:00.000Z' },
    ]);
    // An empty text is refused before anything is sent.
    await user.clear(within(dialog).getByLabelText('Text'));
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    expect(await within(dialog).findByText('This field is required.')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);
  });

  it('edits a started send by name only: no text or time, and the patch holds the name alone', async () => {
    const started = send({ status: 'sending' });
    const { calls, user, dialog } = await openEditDialog(started, { body: { ...started, name: 'Renamed' } });
    expect(within(dialog).getByText(/only the name can change now/)).toBeTruthy();
    expect(within(dialog).queryByLabelText('Time')).toBeNull();
    expect(within(dialog).queryByLabelText('Text')).toBeNull();
    const name = within(dialog).getByLabelText('Name of this send');
    await user.clear(name);
    await user.type(name, 'Renamed');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ name: 'Renamed' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit this send' })).toBeNull());
  });

  it('lists single scheduled texts: the time is edited in the org zone, and canceling asks first', async () => {
    const text = {
      ...recipient('s1', 'pending', { source: 'scheduled', sendAt: '2099-03-10T08:00:00.000Z' }),
      name: undefined,
    };
    const calls = mockFetch({
      ...common,
      [`GET ${base}/bulk`]: { body: { sends: [] } },
      [`GET ${base}/messages/scheduled`]: { body: { messages: [text] } },
      [`PATCH ${base}/messages/s1`]: (body) => ({ body: { ...text, ...(body as object) } }),
      [`POST ${base}/messages/s1/cancel`]: { body: { ...text, status: 'canceled' } },
    });
    const user = userEvent.setup();
    renderWithApp(() => <BulkPage orgId="org1" canManage={false} />);

    const row = await screen.findByTestId('scheduled-row');
    await user.click(within(row).getByRole('button', { name: 'Edit the text to +33 6 12 34 56 78' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit a scheduled text' });
    // 08:00 UTC is 09:00 in Paris in March (winter time).
    const time = within(dialog).getByLabelText<HTMLInputElement>('Time');
    expect(time.value).toBe('09:00');
    await user.clear(time);
    await user.type(time, '10:30');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ sendAt: '2099-03-10T09:30:00.000Z' }),
    );

    await user.click(within(row).getByRole('button', { name: 'Cancel the text to +33 6 12 34 56 78' }));
    const confirm = await screen.findByRole('dialog', { name: 'Cancel this scheduled text?' });
    await user.click(within(confirm).getByRole('button', { name: 'Cancel the text' }));
    await waitFor(() => expect(calls.some((c) => c.url === `${base}/messages/s1/cancel`)).toBe(true));
  });
});

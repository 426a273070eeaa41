import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../i18n/i18n';
import { mockFetch, renderWithApp } from '../../../test/render';
import { MessagesPage } from './messages-page';

const base = '/api/v1/orgs/org1';
const contact = { id: 'k1', e164: '+33611223344', name: 'Léa Martin', optedOut: false };
const conversation = {
  id: 'c1',
  contact,
  phoneNumberId: 'n1',
  lastMessageAt: '2026-11-20T10:00:00.000Z',
  lastPreview: 'Are you open Saturday?',
  lastDirection: 'inbound',
  unreadCount: 0,
};
const msg = (over: Record<string, unknown>) => ({
  id: 'm',
  conversationId: 'c1',
  contactId: 'k1',
  direction: 'outbound',
  from: '+33700000001',
  to: contact.e164,
  body: '',
  mediaUrls: [],
  status: 'delivered',
  errorCode: null,
  errorReason: null,
  segments: 1,
  price: 0.0858,
  ai: false,
  source: 'inbox',
  phoneNumberId: 'n1',
  sendAt: null,
  createdAt: '2026-11-20T10:00:00.000Z',
  ...over,
});
const number = {
  id: 'n1',
  e164: '+33700000001',
  source: 'twilio',
  label: 'Salon',
  country: 'FR',
  locality: null,
  region: null,
  capabilities: { voice: true, sms: true, mms: false },
  monthlyPrice: '1.00',
  rotation: false,
  aiReplies: false,
  smsRate: null,
  businessHours: null,
  fallbackNumber: null,
  voicemail: true,
  assistantId: null,
  wiring: { sms: 'ava', status: 'ava', voice: 'none' },
  importStatus: 'none',
  importIssue: null,
  createdAt: '2026-11-01T10:00:00.000Z',
};
const routes = (over: Partial<typeof contact> = {}) => ({
  [`GET ${base}/conversations`]: {
    body: {
      conversations: [{ ...conversation, contact: { ...contact, ...over } }],
      unreadTotal: 0,
      hasMore: false,
    },
  },
  [`GET ${base}/conversations/c1`]: {
    body: {
      conversation: { ...conversation, contact: { ...contact, ...over } },
      messages: [
        msg({
          id: 'm1',
          direction: 'inbound',
          body: 'Are you open Saturday?',
          status: 'received',
          from: contact.e164,
        }),
        msg({ id: 'm2', body: 'Yes, 9 to 6!' }),
        msg({
          id: 'm3',
          body: 'See you then',
          status: 'undelivered',
          errorCode: 30003,
          errorReason: 'provider.twilio.delivery.30003',
        }),
        msg({ id: 'm4', body: 'Thanks', ai: true, source: 'ai' }),
      ],
    },
  },
  [`GET ${base}/numbers`]: { body: { numbers: [number], lastSync: null } },
  [`POST ${base}/messages`]: (body: unknown) => ({
    status: 202,
    body: msg({ id: 'm5', body: (body as { body: string }).body, status: 'pending' }),
  }),
});

describe('MessagesPage', () => {
  beforeEach(async () => {
    await setLocale('en');
  });

  it('shows a thread with delivery truth, AI marks and failure reasons in words', async () => {
    mockFetch(routes());
    renderWithApp(() => <MessagesPage orgId="org1" canManage conversationId="c1" />);
    const history = await screen.findByRole('list', { name: 'Messages' });
    expect(
      within(history)
        .getByText('Yes, 9 to 6!')
        .parentElement?.querySelector('[data-status]')
        ?.getAttribute('data-status'),
    ).toBe('delivered');
    expect(within(history).getByText(/Couldn.t reach this phone/)).toBeTruthy();
    expect(within(history).getByText('AI')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Conversations' })).toBeTruthy();
  });

  it('counts segments live, warns for Unicode, and sends with one idempotency key', async () => {
    const calls = mockFetch(routes());
    renderWithApp(() => <MessagesPage orgId="org1" canManage conversationId="c1" />);
    const box = await screen.findByLabelText('Your message');
    const user = userEvent.setup();
    await user.type(box, 'Hello');
    expect(screen.getByTestId('segment-count').textContent).toMatch(/^1 segment · GSM-7 · about/);
    await user.clear(box);
    await user.type(box, 'שלום, נתראה מחר');
    expect(screen.getByText(/use Unicode: 70 characters per segment/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const sent = calls.find((c) => c.method === 'POST')!.body as Record<string, string>;
    expect(sent).toMatchObject({ conversationId: 'c1', body: 'שלום, נתראה מחר', phoneNumberId: 'n1' });
    expect(sent.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe(''));
  });

  it('an opted-out contact cannot be texted, and the page says why', async () => {
    mockFetch(routes({ optedOut: true }));
    renderWithApp(() => <MessagesPage orgId="org1" canManage conversationId="c1" />);
    expect(
      await screen.findByText(/replied STOP, so AVA won.t text them until they text START/),
    ).toBeTruthy();
    expect(screen.queryByLabelText('Your message')).toBeNull();
  });
});

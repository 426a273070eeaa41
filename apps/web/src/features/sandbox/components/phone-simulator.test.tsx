import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../i18n/i18n';
import { mockFetch, renderWithApp } from '../../../test/render';
import type { HandsetMessage } from '../api/handset-messages';
import { PhoneSimulator } from './phone-simulator';

const handset = '+33612345678';
const salon = '+33658037671';
const inboxPath = `/sandbox/twilio/sandbox/handsets/${encodeURIComponent(handset)}/messages`;
const config = { body: { google: false, microsoft: false, outbox: true } };

const twilioMessage = (over: Partial<HandsetMessage>): HandsetMessage => ({
  sid: `SM${Math.random().toString(16).slice(2)}`,
  from: handset,
  to: salon,
  body: '',
  direction: 'inbound',
  status: 'received',
  date_created: new Date().toUTCString(),
  error_code: null,
  error_message: null,
  ...over,
});

describe('PhoneSimulator', () => {
  beforeEach(async () => {
    localStorage.clear();
    await setLocale('en');
  });

  it('lists threads from the handset inbox, with sign-in codes shown big', async () => {
    mockFetch({
      'GET /api/v1/auth/config': config,
      [`GET ${inboxPath}`]: {
        body: {
          messages: [
            twilioMessage({ body: 'Are you open on Saturday?' }),
            twilioMessage({
              from: '+14155550100',
              to: handset,
              direction: 'outbound-api',
              status: 'delivered',
              body: 'Your AVA sign-in code is 482913',
            }),
          ],
        },
      },
    });
    const user = userEvent.setup();
    renderWithApp(() => <PhoneSimulator />);
    const list = await screen.findByRole('list', { name: 'Conversations' });
    const rows = within(list).getAllByRole('button');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('+1 415 555 0100');
    expect(rows[1]?.textContent).toContain('You: Are you open on Saturday?');

    await user.click(rows[0]!);
    expect((await screen.findByTestId('handset-code')).textContent).toBe('482913');
    await user.click(screen.getByRole('button', { name: 'All conversations' }));
    expect(await screen.findByRole('list', { name: 'Conversations' })).toBeTruthy();
  });

  it('texts the AVA number from the handset and explains an unknown number', async () => {
    let inbox: HandsetMessage[] = [];
    let known = false;
    const calls = mockFetch({
      'GET /api/v1/auth/config': config,
      [`GET ${inboxPath}`]: () => ({ body: { messages: inbox } }),
      [`POST ${inboxPath}`]: (body) => {
        if (!known) {
          return {
            status: 404,
            body: { code: 20404, message: `No emulated Twilio number ${salon} exists.`, status: 404 },
          };
        }
        const { to, body: text } = body as { to: string; body: string };
        const sent = twilioMessage({ to, body: text });
        const reply = twilioMessage({
          from: to,
          to: handset,
          direction: 'outbound-reply',
          status: 'sending',
          body: 'Yes, from 9 to 18!',
        });
        inbox = [...inbox, sent, reply];
        return { status: 201, body: { message: sent, webhook: null, replies: [reply] } };
      },
    });
    const user = userEvent.setup();
    renderWithApp(() => <PhoneSimulator />);
    expect(await screen.findByText('No messages yet')).toBeTruthy();

    await user.type(screen.getByLabelText('AVA number to text or call'), '+33 6 58 03 76 71');
    expect(localStorage.getItem('ava.sandbox.to')).toBe(salon);
    await user.click(screen.getByRole('button', { name: 'New message to +33 6 58 03 76 71' }));
    await user.type(screen.getByLabelText('Text message'), 'Are you open on Saturday?{Enter}');

    expect((await screen.findByRole('alert')).textContent).toContain(
      '+33 6 58 03 76 71 isn’t an AVA number in this sandbox.',
    );
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.url).toBe(inboxPath);
    expect(post?.body).toEqual({ to: salon, body: 'Are you open on Saturday?' });

    // The number exists now: the same text goes through and the reply shows up as a bubble.
    known = true;
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Yes, from 9 to 18!')).toBeTruthy();
    const bubbles = screen.getAllByTestId('bubble');
    expect(bubbles.map((b) => b.textContent)).toEqual([
      expect.stringContaining('Are you open on Saturday?'),
      expect.stringContaining('Yes, from 9 to 18!'),
    ]);
    expect((screen.getByLabelText('Text message') as HTMLTextAreaElement).value).toBe('');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('places a call, shows tool calls and replies, and hangs up', async () => {
    localStorage.setItem('ava.sandbox.to', '+14155550000');
    const calls = mockFetch({
      'GET /api/v1/auth/config': config,
      [`GET ${inboxPath}`]: { body: { messages: [] } },
      'POST /sandbox/vapi/sandbox/calls': {
        status: 201,
        body: {
          call: { id: 'call-1', status: 'in-progress' },
          greeting: 'Thanks for calling Bella Salon, how can I help?',
          ended: false,
        },
      },
      'POST /sandbox/vapi/sandbox/calls/call-1/say': {
        body: {
          replies: ['You are booked for tomorrow at 10:00.'],
          toolCalls: [
            {
              id: 'tc1',
              name: 'book_appointment',
              arguments: { date: '2026-11-22', time: '10:00' },
              result: '{"booked":true}',
            },
          ],
          ended: false,
        },
      },
      'POST /sandbox/vapi/sandbox/calls/call-1/hangup': {
        body: { call: { id: 'call-1', status: 'ended', endedReason: 'customer-ended-call' } },
      },
    });
    const user = userEvent.setup();
    renderWithApp(() => <PhoneSimulator />);
    await user.click(await screen.findByRole('tab', { name: 'Call' }));
    await user.click(screen.getByRole('button', { name: 'Call' }));
    expect(await screen.findByText('Thanks for calling Bella Salon, how can I help?')).toBeTruthy();
    expect(calls.find((c) => c.url === '/sandbox/vapi/sandbox/calls')?.body).toEqual({
      number: '+14155550000',
      from: handset,
      interactive: true,
    });

    await user.type(screen.getByLabelText('What you say'), 'Book me tomorrow at 10am{Enter}');
    const tool = await screen.findByTestId('tool-call');
    expect(tool.textContent).toContain('book_appointment');
    expect(tool.textContent).toContain('"time": "10:00"');
    expect(tool.textContent).toContain('"booked": true');
    expect(await screen.findByText('You are booked for tomorrow at 10:00.')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Hang up' }));
    expect((await screen.findByTestId('call-ended')).textContent).toContain('customer-ended-call');
  });

  it('says so when the number has no receptionist', async () => {
    localStorage.setItem('ava.sandbox.to', '+33158037671');
    mockFetch({
      'GET /api/v1/auth/config': config,
      [`GET ${inboxPath}`]: { body: { messages: [] } },
      'POST /sandbox/vapi/sandbox/calls': {
        status: 404,
        body: { message: "Couldn't Find Phone Number", error: 'Not Found', statusCode: 404 },
      },
    });
    const user = userEvent.setup();
    renderWithApp(() => <PhoneSimulator />);
    await user.click(await screen.findByRole('tab', { name: 'Call' }));
    await user.click(screen.getByRole('button', { name: 'Call' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      '+33 1 58 03 76 71 isn’t connected to an AVA receptionist yet.',
    );
  });
});

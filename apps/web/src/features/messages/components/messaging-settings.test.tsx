import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../i18n/i18n';
import { mockFetch, renderWithApp } from '../../../test/render';
import { MessagingSettings } from './messaging-settings';

const path = '/api/v1/orgs/org1/messaging/settings';
const settings = {
  quietHoursEnabled: true,
  quietStart: '21:00',
  quietEnd: '08:00',
  helpText: null,
  aiTone: 'professional',
  aiContext: null,
  aiHours: null,
  aiMaxPerHour: 3,
  timezone: 'Europe/Paris',
};

describe('MessagingSettings', () => {
  beforeEach(async () => {
    await setLocale('en');
  });

  it('saves quiet hours, HELP text, tone and AI hours', async () => {
    const calls = mockFetch({
      [`GET ${path}`]: { body: settings },
      [`PATCH ${path}`]: (body) => ({ body: { ...settings, ...(body as object) } }),
    });
    const user = userEvent.setup();
    renderWithApp(() => <MessagingSettings orgId="org1" canManage />);

    const start = await screen.findByLabelText('Quiet hours start');
    await user.clear(start);
    await user.type(start, '22:30');
    await user.type(screen.getByLabelText('HELP auto-reply'), 'Bella: call us.');
    await user.selectOptions(screen.getByLabelText('Tone'), 'casual');
    await user.click(screen.getByRole('checkbox', { name: 'Only reply at certain hours' }));
    // Weekdays are ticked by default, the weekend not; Saturday is added from 10:00 to 14:00.
    await user.click(screen.getByRole('checkbox', { name: 'Saturday' }));
    const from = screen.getByLabelText('Saturday: from');
    await user.clear(from);
    await user.type(from, '10:00');
    const to = screen.getByLabelText('Saturday: until');
    await user.clear(to);
    await user.type(to, '14:00');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Messaging settings saved.')).toBeTruthy();
    const patch = calls.find((c) => c.method === 'PATCH');
    expect(patch?.body).toEqual({
      quietHoursEnabled: true,
      quietStart: '22:30',
      quietEnd: '08:00',
      helpText: 'Bella: call us.',
      aiTone: 'casual',
      aiContext: null,
      aiHours: [
        ...[1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '18:00' })),
        { day: 6, open: '10:00', close: '14:00' },
      ],
      aiMaxPerHour: 3,
    });
  });

  it('shows field errors from the form and from the server by the field', async () => {
    const calls = mockFetch({
      [`GET ${path}`]: { body: settings },
      [`PATCH ${path}`]: {
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'Invalid',
            details: [{ path: 'body.quietEnd', code: 'invalid_format', message: 'validation.time' }],
          },
        },
      },
    });
    const user = userEvent.setup();
    renderWithApp(() => <MessagingSettings orgId="org1" canManage />);

    const max = await screen.findByLabelText('Maximum AI replies per contact per hour');
    await user.clear(max);
    await user.type(max, '30');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(screen.getByText('Choose a whole number from 1 to 20.')).toBeTruthy();
    expect(max.getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);

    await user.clear(max);
    await user.type(max, '5');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    const end = screen.getByLabelText('Quiet hours end');
    await waitFor(() => expect(end.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Use the 24-hour HH:MM format, e.g. 21:00.').id).toBe(
      end.getAttribute('aria-describedby'),
    );
    expect(screen.queryByText('Choose a whole number from 1 to 20.')).toBeNull();
  });

  it('is read-only for members', async () => {
    mockFetch({ [`GET ${path}`]: { body: settings } });
    renderWithApp(() => <MessagingSettings orgId="org1" canManage={false} />);
    const form = await screen.findByRole('form', { name: 'Messaging settings' });
    expect(within(form).getByText('Only owners and admins can change these settings.')).toBeTruthy();
    expect(screen.getByLabelText('Quiet hours start').matches(':disabled')).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save changes' })).toBeNull();
  });
});

import type { Contact } from '@ava/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../i18n/i18n';
import { mockFetch, renderWithApp } from '../../../test/render';
import { ContactsPage } from './contacts-page';

const base = '/api/v1/orgs/org1/contacts';
const contact = (over: Partial<Contact>): Contact => ({
  id: 'c1',
  e164: '+33612345678',
  name: 'Marie Dupont',
  email: null,
  notes: null,
  tags: [],
  fields: {},
  optedOut: false,
  optedOutAt: null,
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  ...over,
});
const marie = contact({ tags: ['vip'], email: 'marie@example.fr' });
const paul = contact({
  id: 'c2',
  e164: '+33698765432',
  name: 'Paul',
  optedOut: true,
  optedOutAt: '2026-11-02T09:00:00.000Z',
});

describe('ContactsPage', () => {
  beforeEach(async () => {
    await setLocale('en');
  });

  it('lists contacts with their tags, the opt-out badge and a link to message them; filters by tag', async () => {
    const calls = mockFetch({
      [`GET ${base}`]: { body: { contacts: [marie, paul], total: 2, hasMore: false, country: 'FR' } },
      [`GET ${base}/tags`]: { body: { tags: [{ tag: 'vip', count: 1 }] } },
    });
    const user = userEvent.setup();
    renderWithApp(() => <ContactsPage orgId="org1" canManage defaultCountry="FR" />);
    const rows = await screen.findAllByTestId('contact-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText('Marie Dupont')).toBeTruthy();
    expect(within(rows[0]!).getByText('+33 6 12 34 56 78')).toBeTruthy();
    expect(within(rows[0]!).getByText('vip')).toBeTruthy();
    expect(within(rows[0]!).queryByText('Opted out')).toBeNull();
    const badge = within(rows[1]!).getByText('Opted out');
    expect(badge.getAttribute('title')).toMatch(/texting START/);
    expect(within(rows[0]!).getByRole('link', { name: 'Message' }).getAttribute('href')).toBe(
      '/messages?contact=c1',
    );
    // An opted-out contact is kept: its delete button is off.
    expect(within(rows[1]!).getByRole('button', { name: 'Delete' }).hasAttribute('disabled')).toBe(true);

    await user.click(screen.getByRole('button', { name: /vip/ }));
    await waitFor(() => expect(calls.some((c) => c.url.includes('tag=vip'))).toBe(true));
  });

  it('shows the server’s field errors beside the fields, and points at the contact that has the number', async () => {
    let attempt = 0;
    mockFetch({
      [`GET ${base}`]: { body: { contacts: [marie], total: 1, hasMore: false, country: 'FR' } },
      [`GET ${base}/tags`]: { body: { tags: [] } },
      [`GET ${base}/c1`]: { body: marie },
      [`POST ${base}`]: () =>
        ++attempt === 1
          ? {
              status: 400,
              body: {
                error: {
                  code: 'VALIDATION_FAILED',
                  message: 'Some fields are invalid.',
                  details: [{ path: 'body.e164', code: 'custom', message: 'validation.phone' }],
                },
              },
            }
          : {
              status: 409,
              body: {
                error: {
                  code: 'CONFLICT',
                  message: 'A contact with this phone number already exists.',
                  details: [
                    {
                      path: 'body.e164',
                      code: 'duplicate',
                      message: 'contacts.errors.duplicate',
                      contactId: 'c1',
                    },
                  ],
                },
              },
            },
    });
    const user = userEvent.setup();
    renderWithApp(() => <ContactsPage orgId="org1" canManage defaultCountry="FR" />);
    await screen.findAllByTestId('contact-row');
    await user.click(screen.getByRole('button', { name: 'New contact' }));
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Numbers without a country code are read as numbers in France.'),
    ).toBeTruthy();

    // Nothing typed: the phone is required before anything is sent.
    await user.click(within(dialog).getByRole('button', { name: 'New contact' }));
    expect(within(dialog).getByText('This field is required.')).toBeTruthy();

    const phone = within(dialog).getByLabelText('Phone number');
    await user.type(phone, '12');
    await user.click(within(dialog).getByRole('button', { name: 'New contact' }));
    expect(await within(dialog).findByText(/Enter a valid phone number/)).toBeTruthy();
    expect(phone.getAttribute('aria-invalid')).toBe('true');

    await user.clear(phone);
    await user.type(phone, '06 12 34 56 78');
    await user.click(within(dialog).getByRole('button', { name: 'New contact' }));
    expect(await within(dialog).findByText('A contact with this number already exists.')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Open that contact' }));
    expect(await screen.findByText('Edit contact')).toBeTruthy();
    expect((screen.getByLabelText(/^Email/) as HTMLInputElement).value).toBe('marie@example.fr');
  });

  it('explains an opt-out in the contact and offers no way to opt back in', async () => {
    mockFetch({
      [`GET ${base}`]: { body: { contacts: [paul], total: 1, hasMore: false, country: null } },
      [`GET ${base}/tags`]: { body: { tags: [] } },
    });
    const user = userEvent.setup();
    renderWithApp(() => <ContactsPage orgId="org1" canManage={false} defaultCountry="FR" />);
    const [row] = await screen.findAllByTestId('contact-row');
    // Members may not delete or import.
    expect(within(row!).queryByRole('button', { name: 'Delete' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Import CSV' })).toBeNull();
    await user.click(within(row!).getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/Only they can opt back in, by texting START/)).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Mark as opted out' })).toBeNull();
    expect(within(dialog).getByText('Include the country code, e.g. +33 6 12 34 56 78.')).toBeTruthy();
  });
});

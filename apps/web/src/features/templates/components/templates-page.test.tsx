import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../i18n/i18n';
import { mockFetch, renderWithApp } from '../../../test/render';
import { TemplatePicker } from './template-picker';
import { TemplatesPage } from './templates-page';

const base = '/api/v1/orgs/org1/templates';
const reminder = {
  id: 't1',
  name: 'Reminder',
  body: 'Hi {first_name}, see you tomorrow at {business}.',
  category: 'Appointments',
  variables: ['first_name', 'business'],
  kind: 'dynamic',
  unknownVariables: [],
  usageCount: 4,
  createdAt: '2026-10-01T10:00:00.000Z',
  updatedAt: '2026-10-01T10:00:00.000Z',
};
const promo = {
  ...reminder,
  id: 't2',
  name: 'Promo',
  body: 'Spring sale at {shop}!',
  category: null,
  variables: ['shop'],
  unknownVariables: ['shop'],
  usageCount: 0,
};
const common = {
  [`GET ${base}`]: { body: { templates: [reminder, promo] } },
  [`GET ${base}/categories`]: {
    body: { categories: [{ name: 'Appointments', count: 1 }], uncategorized: 1 },
  },
  [`GET ${base}/variables`]: {
    body: {
      standard: ['first_name', 'last_name', 'name', 'phone', 'email', 'business'],
      fields: ['company'],
      business: 'Bella Salon',
    },
  },
};
const lea = {
  id: 'c1',
  e164: '+33612345678',
  name: 'Léa Dupont',
  email: null,
  fields: { company: 'Acme' },
  tags: [],
  optedOut: false,
};

describe('TemplatesPage', () => {
  beforeEach(async () => {
    await setLocale('en');
  });

  it('groups by category and flags unknown variables in the list', async () => {
    mockFetch(common);
    renderWithApp(() => <TemplatesPage orgId="org1" canManage />);
    const cards = await screen.findAllByTestId('template-card');
    expect(cards.map((c) => within(c).getByText(/Reminder|Promo/).textContent)).toEqual([
      'Reminder',
      'Promo',
    ]);
    expect(screen.getByRole('region', { name: 'Appointments' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'No category' })).toBeTruthy();
    expect(within(cards[1]!).getByText('Unknown variables:')).toBeTruthy();
    expect(within(cards[0]!).getByText(/^Used 4× · 1 SMS · GSM-7/)).toBeTruthy();

    await userEvent.setup().click(screen.getByRole('button', { name: /^No category/ }));
    expect(screen.getAllByTestId('template-card')).toHaveLength(1);
  });

  it('previews live for the sample contact while contacts are unavailable, and warns on unknown variables', async () => {
    // No contacts route yet: the mocked server answers 404 and the sample contact stands in.
    mockFetch({
      ...common,
      'GET /api/v1/orgs/org1/contacts': { status: 404, body: { error: { code: 'NOT_FOUND', message: 'x' } } },
    });
    const user = userEvent.setup();
    renderWithApp(() => <TemplatesPage orgId="org1" canManage />);
    await user.click(await screen.findByRole('button', { name: 'New template' }));
    const dialog = await screen.findByRole('dialog');
    const text = within(dialog).getByLabelText('Text');
    await user.click(text);
    await user.paste('Hi {first_name} from {business}, ask {company} about {typo}');

    const preview = within(dialog).getByTestId('template-preview');
    await waitFor(() =>
      expect(preview.textContent).toBe('Hi Alex from Bella Salon, ask [company] about {typo}'),
    );
    expect(within(preview).getByText('{typo}').tagName).toBe('MARK');
    expect(within(dialog).getByTestId('unknown-variables').textContent).toBe('{typo}');
    expect(within(dialog).getByTestId('template-kind').textContent).toBe('Dynamic');
    expect(within(dialog).getByTestId('sms-estimate').textContent).toMatch(/^1 SMS segment\(s\) · GSM-7/);
    expect(within(dialog).getByRole('combobox', { name: 'Preview for' })).toHaveProperty(
      'value',
      '__sample__',
    );

    // Fixing the typo removes the warning; Hebrew switches the estimate to UCS-2 with a warning.
    fireEvent.change(text, { target: { value: 'שלום {first_name}' } });
    expect(within(dialog).queryByTestId('unknown-variables')).toBeNull();
    expect(within(dialog).getByTestId('sms-estimate').textContent).toMatch(/UCS-2/);
    expect(within(dialog).getByText(/uses UCS-2: 70 characters per segment/)).toBeTruthy();
  });

  it('previews for a chosen contact, including their imported fields', async () => {
    const calls = mockFetch({
      ...common,
      'GET /api/v1/orgs/org1/contacts': { body: { contacts: [lea], hasMore: false } },
    });
    const user = userEvent.setup();
    renderWithApp(() => <TemplatesPage orgId="org1" canManage />);
    await user.click((await screen.findAllByRole('button', { name: 'Edit Reminder' }))[0]!);
    const dialog = await screen.findByRole('dialog');
    const select = within(dialog).getByRole('combobox', { name: 'Preview for' });
    await within(dialog).findByRole('option', { name: /Léa Dupont/ });
    await user.selectOptions(select, 'c1');
    const preview = within(dialog).getByTestId('template-preview');
    expect(preview.textContent).toBe('Hi Léa, see you tomorrow at Bella Salon.');
    expect(calls.some((c) => c.url === '/api/v1/orgs/org1/contacts?q=&limit=20')).toBe(true);

    // A chip inserts the variable at the cursor.
    const text = within(dialog).getByLabelText<HTMLTextAreaElement>('Text');
    text.setSelectionRange(3, 3);
    await user.click(within(dialog).getByRole('button', { name: 'Insert {company}' }));
    expect(text.value).toBe('Hi {company}{first_name}, see you tomorrow at {business}.');
    expect(preview.textContent).toBe('Hi AcmeLéa, see you tomorrow at Bella Salon.');
  });

  it('shows the AI suggestion beside the text and replaces it only when accepted', async () => {
    const calls = mockFetch({
      ...common,
      [`POST ${base}/enhance`]: {
        body: {
          suggestion: 'Hello {first_name}! See you tomorrow at {business}.',
          segments: 1,
          encoding: 'GSM-7',
          originalSegments: 1,
        },
      },
    });
    const user = userEvent.setup();
    renderWithApp(() => <TemplatesPage orgId="org1" canManage />);
    await user.click((await screen.findAllByRole('button', { name: 'Edit Reminder' }))[0]!);
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'AI enhance' }));
    const panel = await within(dialog).findByTestId('enhance-suggestion');
    expect(within(panel).getByText(reminder.body)).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      body: reminder.body,
      tone: 'friendly',
      locale: 'en',
    });
    const text = within(dialog).getByLabelText<HTMLTextAreaElement>('Text');
    expect(text.value).toBe(reminder.body);
    await user.click(within(panel).getByRole('button', { name: 'Use suggestion' }));
    expect(text.value).toBe('Hello {first_name}! See you tomorrow at {business}.');
    expect(within(dialog).queryByTestId('enhance-suggestion')).toBeNull();
  });

  it('explains a refused suggestion that dropped a variable', async () => {
    mockFetch({
      ...common,
      [`POST ${base}/enhance`]: {
        status: 422,
        body: {
          error: {
            code: 'UNPROCESSABLE',
            message: 'dropped',
            details: [{ path: 'suggestion', code: 'variablesLost', message: '{business}' }],
          },
        },
      },
    });
    const user = userEvent.setup();
    renderWithApp(() => <TemplatesPage orgId="org1" canManage />);
    await user.click((await screen.findAllByRole('button', { name: 'Edit Reminder' }))[0]!);
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'AI enhance' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'The AI dropped {business}, so its suggestion was not kept.',
    );
  });

  it('asks before deleting', async () => {
    const calls = mockFetch({ ...common, [`DELETE ${base}/t2`]: { body: { ok: true } } });
    const user = userEvent.setup();
    renderWithApp(() => <TemplatesPage orgId="org1" canManage />);
    await user.click(await screen.findByRole('button', { name: 'Delete Promo' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Delete “Promo”?')).toBeTruthy();
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Delete template' }));
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'DELETE' && c.url === `${base}/t2`)).toBe(true),
    );
  });

  it('is read-only for members', async () => {
    mockFetch(common);
    renderWithApp(() => <TemplatesPage orgId="org1" canManage={false} />);
    await screen.findAllByTestId('template-card');
    expect(screen.queryByRole('button', { name: 'New template' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete Promo' })).toBeNull();
  });
});

describe('TemplatePicker', () => {
  it('lists templates by category and hands the picked one over', async () => {
    await setLocale('en');
    mockFetch(common);
    const picked: unknown[] = [];
    const user = userEvent.setup();
    renderWithApp(() => <TemplatePicker orgId="org1" onPick={(t) => picked.push(t)} />);
    await user.click(await screen.findByRole('button', { name: 'Templates' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByRole('searchbox'), 'spring');
    await user.click(within(dialog).getByRole('button', { name: /Promo/ }));
    expect(picked).toEqual([{ id: 't2', name: 'Promo', body: 'Spring sale at {shop}!' }]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

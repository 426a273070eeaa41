import type { ImportPreview, ImportRow } from '@ava/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../i18n/i18n';
import { mockFetch, renderWithApp } from '../../../test/render';
import { ImportDialog } from './import-dialog';

const base = '/api/v1/orgs/org1/contacts';
const csv = 'téléphone;nom;email\n06 01 02 03 04;Léa;lea@example.fr\n;Jean;\n12345;Zoé;\n';

const row = (over: Partial<ImportRow>): ImportRow => ({
  line: 2,
  phone: '',
  e164: null,
  name: null,
  email: null,
  notes: null,
  tags: [],
  fields: {},
  action: 'create',
  contactId: null,
  duplicateOf: null,
  errors: [],
  warnings: [],
  ...over,
});

const preview: ImportPreview = {
  columns: [
    { header: 'téléphone', role: 'phone', field: null },
    { header: 'nom', role: 'name', field: null },
    { header: 'email', role: 'email', field: null },
    { header: 'ville', role: 'field', field: 'ville' },
  ],
  headerless: false,
  rows: [
    row({ line: 2, phone: '06 01 02 03 04', e164: '+33601020304', name: 'Léa', tags: ['vip'] }),
    row({ line: 3, name: 'Jean', action: 'skip', errors: ['missingNumber'] }),
    row({ line: 4, phone: '12345', name: 'Zoé', action: 'skip', errors: ['invalidNumber'] }),
    row({
      line: 5,
      phone: '+33601020304',
      e164: '+33601020304',
      action: 'skip',
      errors: ['duplicateInFile'],
      duplicateOf: 2,
    }),
    row({ line: 6, phone: '0600000001', e164: '+33600000001', action: 'update', contactId: 'c1' }),
    row({ line: 7, phone: '0600000002', e164: '+33600000002', warnings: ['invalidEmail'] }),
  ],
  summary: { rows: 6, create: 2, update: 1, skip: 3 },
};

describe('ImportDialog', () => {
  beforeEach(async () => {
    await setLocale('en');
  });

  it('previews the file with each row’s errors highlighted, then imports it and shows the counts', async () => {
    const calls = mockFetch({
      [`POST ${base}/import/preview`]: { body: preview },
      [`POST ${base}/import`]: { body: { created: 2, updated: 1, skipped: 3 } },
    });
    const user = userEvent.setup();
    renderWithApp(() => <ImportDialog orgId="org1" onClose={() => undefined} />);

    await user.click(await screen.findByLabelText('Paste the CSV'));
    await user.paste(csv);
    await user.click(screen.getByRole('button', { name: 'Preview' }));

    const table = await screen.findByTestId('import-preview');
    expect(calls.find((c) => c.url === `${base}/import/preview`)?.body).toEqual({ csv });
    const summary = screen.getByTestId('import-summary');
    expect(within(summary).getByText('New: 2')).toBeTruthy();
    expect(within(summary).getByText('To update: 1')).toBeTruthy();
    expect(within(summary).getByText('Skipped: 3')).toBeTruthy();
    // The custom column is shown as the template variable it fills.
    expect(screen.getByText('{ville}')).toBeTruthy();

    const rows = within(table).getAllByTestId('import-row');
    expect(rows).toHaveLength(6);
    const byLine = (line: number) => rows.find((r) => r.querySelector('td')?.textContent === String(line))!;
    for (const [line, message] of [
      [3, 'No phone number.'],
      [4, 'Not a valid phone number.'],
      [5, 'Same number as line 2.'],
    ] as const) {
      expect(byLine(line).getAttribute('data-action')).toBe('skip');
      expect(byLine(line).className).toContain('bg-red-50');
      expect(within(byLine(line)).getByText(message)).toBeTruthy();
      expect(within(byLine(line)).getByText('Skipped')).toBeTruthy();
    }
    expect(within(byLine(2)).getByText('New')).toBeTruthy();
    expect(byLine(2).className).not.toContain('bg-red-50');
    expect(within(byLine(6)).getByText('Updates a contact')).toBeTruthy();
    expect(within(byLine(7)).getByText('Email ignored: not valid.')).toBeTruthy();
    expect(byLine(7).className).toContain('bg-amber-50');
    expect(screen.getByText(/filled cells replace their values/)).toBeTruthy();

    // Only the rows that need attention.
    await user.click(screen.getByLabelText('Only rows with problems'));
    expect(
      within(table)
        .getAllByTestId('import-row')
        .map((r) => r.getAttribute('data-action')),
    ).toEqual(['skip', 'skip', 'skip', 'create']);

    await user.click(screen.getByRole('button', { name: 'Import (3)' }));
    const result = await screen.findByTestId('import-result');
    expect(calls.find((c) => c.url === `${base}/import`)?.body).toEqual({ csv });
    expect(within(result).getByText('Created: 2')).toBeTruthy();
    expect(within(result).getByText('Updated: 1')).toBeTruthy();
    expect(within(result).getByText('Skipped: 3')).toBeTruthy();
  });

  it('explains a file without a phone column, in the user’s language, and offers no import', async () => {
    await setLocale('fr');
    mockFetch({
      [`POST ${base}/import/preview`]: {
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'No column of phone numbers was found.',
            details: [
              {
                path: 'body.csv',
                code: 'noPhoneColumn',
                message: 'contacts.importDialog.errors.noPhoneColumn',
              },
            ],
          },
        },
      },
    });
    const user = userEvent.setup();
    renderWithApp(() => <ImportDialog orgId="org1" onClose={() => undefined} />);
    await user.click(await screen.findByLabelText('Collez le CSV'));
    await user.paste('nom,ville\nAda,Londres\n');
    await user.click(screen.getByRole('button', { name: 'Aperçu' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Aucune colonne de numéros trouvée');
    expect(screen.queryByTestId('import-preview')).toBeNull();
  });

  it('a preview where every row fails cannot be imported', async () => {
    mockFetch({
      [`POST ${base}/import/preview`]: {
        body: {
          ...preview,
          rows: preview.rows.slice(1, 3),
          summary: { rows: 2, create: 0, update: 0, skip: 2 },
        },
      },
    });
    const user = userEvent.setup();
    renderWithApp(() => <ImportDialog orgId="org1" onClose={() => undefined} />);
    await user.click(await screen.findByLabelText('Paste the CSV'));
    await user.paste(csv);
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByText(/No row can be imported/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Import (0)' }).hasAttribute('disabled')).toBe(true);
  });
});

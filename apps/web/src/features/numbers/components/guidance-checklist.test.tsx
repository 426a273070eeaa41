import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { guidanceCodes } from '@ava/contracts';
import { i18n, setLocale } from '../../../i18n/i18n';
import { mockFetch, renderWithApp } from '../../../test/render';
import { GuidanceChecklist } from './guidance-checklist';
import { NumberCard } from './number-card';

const number = {
  id: 'n1',
  e164: '+33612345678',
  source: 'twilio' as const,
  label: 'Front desk',
  country: 'FR',
  locality: null,
  region: null,
  capabilities: { voice: true, sms: true, mms: false },
  monthlyPrice: '1.15',
  rotation: false,
  aiReplies: false,
  smsRate: null,
  businessHours: null,
  fallbackNumber: null,
  voicemail: false,
  assistantId: null,
  wiring: { sms: 'ava' as const, status: 'ava' as const, voice: 'none' as const },
  importStatus: 'pending' as const,
  importIssue: {
    kind: 'guidance' as const,
    steps: [
      { code: 'vapi.keyMissing' as const, link: '/settings/telephony' },
      { code: 'assistant.missing' as const, link: '/settings/receptionist' },
    ],
  },
  createdAt: '2026-01-10T10:00:00.000Z',
};

describe('GuidanceChecklist', () => {
  beforeEach(async () => {
    await setLocale('en');
  });

  it('names each missing step with a link to the page that fixes it', async () => {
    renderWithApp(() => <GuidanceChecklist steps={number.importIssue.steps} />);
    const list = await screen.findByRole('list', { name: 'To connect this number to your receptionist:' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual([
      'Add your Vapi key.Add the key',
      'Create your receptionist.Create it',
    ]);
    expect(within(items[0]!).getByRole('link').getAttribute('href')).toBe('/settings/telephony');
    expect(within(items[1]!).getByRole('link').getAttribute('href')).toBe('/settings/receptionist');
  });

  it('has a sentence and a button label for every guidance code, in every language', () => {
    for (const lng of ['en', 'fr', 'he'])
      for (const code of guidanceCodes) {
        expect(i18n.exists(`guidance.${code}`, { lng }), `${lng}:${code}`).toBe(true);
        expect(i18n.exists(`guidance.action.${code}`, { lng }), `${lng}:action.${code}`).toBe(true);
      }
  });

  it('shows the wiring, the checklist and the actions on a number card (Hebrew, number left-to-right)', async () => {
    await setLocale('he');
    mockFetch({});
    renderWithApp(() => <NumberCard orgId="org1" number={number} canManage assistantId={undefined} />);
    const card = await screen.findByTestId('number-card');
    const e164 = within(card).getByTestId('number-e164');
    expect(e164.getAttribute('dir')).toBe('ltr');
    expect(e164.textContent).toBe('+33 6 12 34 56 78');
    expect(within(card).getByText('← AVA')).toBeTruthy();
    expect(within(card).getByText('לא מחוברות')).toBeTruthy();
    expect(within(card).getByText('הוסיפו את מפתח ה-Vapi שלכם.')).toBeTruthy();
    expect(within(card).getByText('צרו את פקידת הקבלה שלכם.')).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'חיבור לפקידת הקבלה' })).toBeTruthy();
  });
});

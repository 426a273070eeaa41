import path from 'node:path';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, hasChromium, launchBrowser, newContext } from '../support/browser.ts';
import { newAccount, signUp } from '../support/flows.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { frenchShown, setNumbers, textFromHandset } from '../support/simulator.ts';

const HANDSET = '+33611223344';

async function api(
  request: APIRequestContext,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  data?: unknown,
) {
  const response = await request.fetch(url, { method, ...(data === undefined ? {} : { data }) });
  if (!response.ok()) throw new Error(`${method} ${url} → ${response.status()} ${await response.text()}`);
  return response.json();
}

describe.skipIf(!hasChromium)('SMS hub (browser, sandbox)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let phone: Page;
  let orgId: string;
  let number: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const context = await newContext(browser);
    page = await context.newPage();
    await signUp(page, server.url, newAccount({ name: 'Inès Laurent' }));
    // Setup the way Settings → Telephony and Numbers do it (their own specs cover those screens).
    const me = await api(page.request, 'GET', `${server.url}/api/v1/me`);
    orgId = me.activeOrgId;
    const org = `${server.url}/api/v1/orgs/${orgId}`;
    await api(page.request, 'POST', `${org}/credentials/twilio/sandbox`);
    const [pick] = await api(page.request, 'GET', `${org}/numbers/available?country=FR&type=mobile`);
    const bought = await api(page.request, 'POST', `${org}/numbers`, { phoneNumber: pick.phoneNumber });
    number = bought.e164;
    // Faster than a long code's 1 text/s so 50 texts take seconds; quiet hours off so the test passes at night.
    await api(page.request, 'PATCH', `${org}/numbers/${bought.id}`, { smsRate: 20 });
    await api(page.request, 'PATCH', `${org}/messaging/settings`, { quietHoursEnabled: false });
    phone = await context.newPage();
    await phone.goto(`${server.url}/sandbox/phone`);
    await setNumbers(phone, { handset: frenchShown(HANDSET), to: frenchShown(number) });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a handset text lands in the inbox; the reply reaches the handset and shows delivered', async () => {
    await textFromHandset(phone, frenchShown(number), 'Bonjour, avez-vous de la place samedi ?');
    await page.getByTestId('sidebar').getByRole('link', { name: 'Messages', exact: true }).click();
    const inbox = page.getByRole('list', { name: 'Conversations' });
    await inbox.getByText('Bonjour, avez-vous de la place samedi ?').click();
    const thread = page.getByRole('list', { name: 'Messages' });
    await thread.getByText('Bonjour, avez-vous de la place samedi ?').waitFor();

    await page.getByLabel('Your message').fill('Oui, samedi à 10h. Merci !');
    expect(await page.getByTestId('segment-count').textContent()).toMatch(/^1 segment · GSM-7/);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await phone.getByTestId('bubble').filter({ hasText: 'Oui, samedi à 10h. Merci !' }).waitFor();
    // Delivery truth: the status callbacks move the text to delivered (✓✓).
    await thread.locator('[data-status="delivered"]').first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(artifactsDir, 'sms-inbox.png'), fullPage: true });
  });

  it('STOP from the handset: the thread says so and the next send is refused', async () => {
    await textFromHandset(phone, frenchShown(number), 'STOP');
    await page.getByText('Opted out (STOP)').waitFor({ timeout: 15_000 });
    await page.getByText(/replied STOP, so AVA won.t text them until they text START/).waitFor();
    expect(await page.getByLabel('Your message').count()).toBe(0);
    // A new message to the same number is refused before anything reaches Twilio.
    await page.getByRole('button', { name: 'New message' }).click();
    await page.getByLabel('To', { exact: true }).fill('+33 6 11 22 33 44');
    await page.getByLabel('Your message').fill('Promo du week-end');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /replied STOP/ })
      .waitFor();
  });

  it('bulk to 50 contacts, one opted out and one invalid: skipped ones explained, progress to completion', async () => {
    // 48 customers plus the opted-out handset, all tagged "vip" (imported as a file would be).
    const rows = Array.from(
      { length: 48 },
      (_, i) => `Client ${i + 1},+3367000${String(i).padStart(4, '0')},vip`,
    );
    const csv = ['name,phone,tags', ...rows, `Opted Out,${HANDSET},vip`].join('\n');
    await api(page.request, 'POST', `${server.url}/api/v1/orgs/${orgId}/contacts/import`, { csv });

    await page.getByTestId('sidebar').getByRole('link', { name: 'Bulk & scheduled', exact: true }).click();
    await page.getByRole('button', { name: 'New bulk send' }).first().click();
    await page.getByRole('button', { name: 'Tags', exact: true }).click();
    await page.getByRole('checkbox', { name: 'vip' }).click();
    await page.getByRole('button', { name: 'Paste numbers', exact: true }).click();
    await page.getByLabel('Phone numbers').fill('12345');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Text', { exact: true }).fill('Bonjour {first_name}, -20 % ce samedi chez nous !');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('2 recipients skipped').waitFor();
    await page.getByText('Opted out (1)').waitFor();
    await page.getByText('Invalid number (1)').waitFor();
    await page.screenshot({ path: path.join(artifactsDir, 'sms-bulk-preview.png'), fullPage: true });
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const progress = page.getByRole('progressbar');
    await progress.waitFor();
    await page.getByText('48 of 48 done').waitFor({ timeout: 60_000 });
    await page.getByText('Completed').first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(artifactsDir, 'sms-bulk-done.png'), fullPage: true });
  });

  it('a scheduled text is listed, then fires at its time', async () => {
    const sendAt = new Date(Date.now() + 20_000).toISOString();
    await api(page.request, 'POST', `${server.url}/api/v1/orgs/${orgId}/messages`, {
      to: '+33655443322',
      body: 'Rappel : votre rendez-vous est demain à 9h.',
      sendAt,
      idempotencyKey: `e2e-${Date.now()}`,
    });
    await page.goto(`${server.url}/bulk`);
    const scheduled = page.getByRole('list', { name: 'Scheduled texts' });
    await scheduled.getByText('Rappel : votre rendez-vous est demain à 9h.').waitFor();
    // It leaves at its time (and so leaves the list), and the handset gets it.
    await scheduled
      .getByText('Rappel : votre rendez-vous est demain à 9h.')
      .waitFor({ state: 'detached', timeout: 40_000 });
    await setNumbers(phone, { handset: frenchShown('+33655443322') });
    const handset = phone.getByTestId('phone');
    await handset.getByRole('tab', { name: 'Messages' }).click();
    const back = handset.getByRole('button', { name: 'All conversations' });
    if (await back.isVisible()) await back.click();
    await handset.getByRole('list', { name: 'Conversations' }).getByRole('button').first().click();
    await handset
      .getByTestId('bubble')
      .filter({ hasText: 'Rappel : votre rendez-vous est demain à 9h.' })
      .waitFor();
  });
});

import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, hasChromium, launchBrowser, newContext } from '../support/browser.ts';
import { newAccount, signUp } from '../support/flows.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(artifactsDir, name), fullPage: true });

async function openSettingsTab(page: Page, tab: 'Telephony' | 'Receptionist') {
  await page.getByTestId('sidebar').getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('link', { name: tab, exact: true }).click();
  await page.waitForURL(new RegExp(`/settings/${tab.toLowerCase()}$`));
}

async function openNumbers(page: Page) {
  await page.getByTestId('sidebar').getByRole('link', { name: 'Numbers', exact: true }).click();
  await page.waitForURL(/\/numbers$/);
  await page.getByTestId('status-panel').waitFor();
}

async function useSandbox(page: Page, provider: 'twilio' | 'vapi', providerName: string) {
  const card = page.getByTestId(`credentials-${provider}`);
  await card.getByRole('button', { name: 'Use sandbox credentials' }).click();
  await card.getByText(`${providerName} credentials saved`).first().waitFor();
  await card.getByText(`${providerName} accepted the credentials`).waitFor();
  await card.getByText('Sandbox', { exact: true }).waitFor();
}

async function search(
  page: Page,
  options: { country: string; type?: 'local' | 'mobile' | 'tollFree' | ''; areaCode?: string },
) {
  const box = page.getByTestId('number-search');
  await box.getByLabel('Country').selectOption(options.country);
  await box.getByLabel('Type').selectOption(options.type ?? '');
  if (options.areaCode !== undefined) await box.getByLabel(/Area code/).fill(options.areaCode);
  await box.getByRole('button', { name: 'Search', exact: true }).click();
  await box.getByTestId('available-number').first().waitFor();
  return box.getByTestId('available-number');
}

/** Someone else buys `phoneNumber` straight in the Twilio emulator, as another Twilio customer would. */
async function buyElsewhere(baseUrl: string, phoneNumber: string) {
  const twilio = `${baseUrl}/sandbox/twilio`;
  const account = (await (
    await fetch(`${twilio}/sandbox/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ friendlyName: 'Someone else' }),
    })
  ).json()) as { accountSid: string; authToken: string };
  const auth = `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64')}`;
  const response = await fetch(
    `${twilio}/2010-04-01/Accounts/${account.accountSid}/IncomingPhoneNumbers.json`,
    {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ PhoneNumber: phoneNumber }),
    },
  );
  if (!response.ok) throw new Error(`could not buy ${phoneNumber} elsewhere: ${await response.text()}`);
}

describe.skipIf(!hasChromium)('telephony: credentials, numbers, import into Vapi (browser, sandbox)', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('goes from no numbers to a French number bought in-app, imported into Vapi and wired to the receptionist', async () => {
    const context = await newContext(browser, { width: 1280, height: 900 });
    const page = await context.newPage();
    await signUp(page, server.url, newAccount());

    // No numbers yet: the page says what to do.
    await openNumbers(page);
    await page.getByText('No numbers yet').waitFor();
    await page.locator('[data-testid="status-twilio"][data-ok="false"]').waitFor();

    // Twilio in one click (sandbox).
    await openSettingsTab(page, 'Telephony');
    await useSandbox(page, 'twilio', 'Twilio');
    expect(await page.getByTestId('credentials-twilio').getByTestId('secret-mask').textContent()).toMatch(
      /^••••/,
    );
    await shot(page, 'telephony-twilio-sandbox.png');

    // Search French mobiles, then US numbers in area code 415.
    await openNumbers(page);
    await page.getByTestId('status-twilio').getByText('Connected (sandbox)').waitFor();
    const mobiles = await search(page, { country: 'FR', type: 'mobile' });
    expect(await mobiles.first().getAttribute('data-number')).toMatch(/^\+33[67]/);
    const us = await search(page, { country: 'US', type: '', areaCode: '415' });
    expect(await us.first().getAttribute('data-number')).toMatch(/^\+1415/);
    await shot(page, 'numbers-search-us-415.png');

    // Buy a French mobile.
    const french = await search(page, { country: 'FR', type: 'mobile' });
    const bought = (await french.first().getAttribute('data-number'))!;
    await french.first().getByRole('button', { name: /^Buy / }).click();
    await page.getByTestId('toast').filter({ hasText: 'is yours' }).first().waitFor();
    const card = page.locator(`[data-testid="number-card"][data-number="${bought}"]`);
    await card.waitFor();
    // Wired for texts at once, and the guidance names both missing steps.
    await card.getByTestId('wiring').getByText('→ AVA').waitFor();
    const guidance = card.getByTestId('guidance');
    await guidance.getByText('Add your Vapi key.').waitFor();
    await guidance.getByText('Create your receptionist.').waitFor();
    expect(await guidance.getByRole('link', { name: 'Add the key' }).getAttribute('href')).toBe(
      '/settings/telephony',
    );
    await shot(page, 'numbers-guidance.png');

    // Vapi in one click, through the guidance link.
    await guidance.getByRole('link', { name: 'Add the key' }).click();
    await page.waitForURL(/\/settings\/telephony$/);
    await useSandbox(page, 'vapi', 'Vapi');

    // Only the receptionist is missing now.
    await openNumbers(page);
    await card.getByTestId('guidance').getByText('Create your receptionist.').waitFor();
    // (the list shown first may be the cached one: wait for the fresh one)
    await card
      .getByTestId('guidance')
      .getByText('Add your Vapi key.')
      .waitFor({ state: 'detached', timeout: 15_000 });
    await page.locator('[data-testid="status-vapi"][data-ok="true"]').waitFor();

    // Create the receptionist (prefilled) from the guidance link.
    await card.getByTestId('guidance').getByRole('link', { name: 'Create it' }).click();
    await page.waitForURL(/\/settings\/receptionist$/);
    expect(await page.getByLabel('Name').inputValue()).toBe('Sophie');
    expect(await page.getByLabel('Greeting').inputValue()).toMatch(/^Hello, you've reached /);
    await page.getByRole('button', { name: 'Create the receptionist' }).click();
    await page.getByTestId('toast').filter({ hasText: 'Sophie is ready' }).waitFor();
    await shot(page, 'receptionist-created.png');

    // Back on Numbers, the import resumes by itself.
    await openNumbers(page);
    await card.getByText('Connected to your receptionist').waitFor({ timeout: 30_000 });
    await page.getByTestId('toast').filter({ hasText: 'is now connected to your receptionist' }).waitFor();
    await card.getByTestId('wiring').getByText('→ your receptionist').waitFor();
    expect(await card.getByTestId('guidance').count()).toBe(0);
    await page.getByTestId('status-wired').getByText('1 of 1').waitFor();
    await page.locator('[data-testid="status-receptionist"][data-ok="true"]').waitFor();
    await shot(page, 'numbers-connected.png');
    await context.close();
  });

  it('keeps a save with a wrong Twilio token and says the credentials are wrong', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signUp(page, server.url, newAccount());
    await openSettingsTab(page, 'Telephony');
    await useSandbox(page, 'twilio', 'Twilio');
    const card = page.getByTestId('credentials-twilio');
    const sid = (await card.getByTestId('account-sid').textContent())!;

    await card.getByRole('button', { name: 'Replace' }).click();
    await card.getByLabel('Account SID').fill(sid);
    await card.getByLabel('Auth Token', { exact: true }).fill('0'.repeat(28) + 'bad1');
    await card.getByRole('button', { name: 'Save and check' }).click();
    await card.getByText('Twilio credentials saved').first().waitFor();
    await card.getByText('Twilio did not accept the credentials').waitFor();
    expect(await card.getByTestId('verification-reason').textContent()).toMatch(
      /^Wrong credentials: Twilio refused this Account SID and Auth Token/,
    );
    expect(await card.getByTestId('secret-mask').textContent()).toBe('••••bad1');
    await shot(page, 'telephony-wrong-token.png');

    // The save is kept after a reload, marked not verified.
    await page.reload();
    await card.getByTestId('secret-mask').waitFor();
    expect(await card.getByTestId('secret-mask').textContent()).toBe('••••bad1');
    await card.getByText('Not verified', { exact: true }).waitFor();
    await context.close();
  });

  it('says a number was just taken when someone else bought it meanwhile', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signUp(page, server.url, newAccount());
    await openSettingsTab(page, 'Telephony');
    await useSandbox(page, 'twilio', 'Twilio');
    await openNumbers(page);
    const results = await search(page, { country: 'FR', type: 'mobile' });
    const wanted = (await results.first().getAttribute('data-number'))!;
    await buyElsewhere(server.url, wanted);

    await results.first().getByRole('button', { name: /^Buy / }).click();
    const alert = page.getByTestId('number-search').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /That number was just taken by someone else\. Pick another one\./,
    );
    await page.getByTestId('toast').filter({ hasText: 'could not be bought' }).waitFor();
    await shot(page, 'numbers-just-taken.png');
    expect(await page.getByTestId('number-card').count()).toBe(0);
    await context.close();
  });
});

import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, hasChromium, launchBrowser, newContext } from '../support/browser.ts';
import { twilioNumber, vapiReceptionist } from '../support/emulators.ts';
import { newAccount, signOut, signUp } from '../support/flows.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { frenchShown, setNumbers, textFromHandset } from '../support/simulator.ts';

describe.skipIf(!hasChromium)('phone simulator (browser)', () => {
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

  it('opens from the sign-in page and explains that an unknown number is not an AVA number', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByRole('link', { name: 'Phone simulator' }).click();
    await page.waitForURL(`${server.url}/sandbox/phone`);
    await page.getByRole('heading', { level: 1, name: /Phone simulator/ }).waitFor();
    expect(await page.getByTestId('phone-number').textContent()).toBe('+33 6 12 34 56 78');

    await setNumbers(page, { to: '+33 6 99 88 77 66' });
    await textFromHandset(page, '+33 6 99 88 77 66', 'Hello, is this the salon?');
    const alert = page.getByTestId('phone').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/\+33 6 99 88 77 66 isn.t an AVA number in this sandbox/);
    // The text stays in the box, ready to send again once the number exists.
    expect(await page.getByLabel('Text message').inputValue()).toBe('Hello, is this the salon?');

    await page.getByRole('tab', { name: 'Call' }).click();
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await page.getByTestId('phone').getByRole('alert').waitFor();
    expect(await page.getByTestId('phone').getByRole('alert').textContent()).toMatch(
      /isn.t connected to an AVA receptionist yet/,
    );

    // The handset's numbers are remembered in this browser.
    await page.reload();
    expect(await page.getByLabel('AVA number to text or call').inputValue()).toBe('+33699887766');
    await context.close();
  });

  it('texts and calls numbers that exist in the emulators, live', async () => {
    const sms = await twilioNumber(server.url);
    const voice = await vapiReceptionist(server.url);
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/sandbox/phone`);
    const phone = page.getByTestId('phone');

    const smsShown = frenchShown(sms.number);
    await setNumbers(page, { handset: '+33 6 11 22 33 44', to: smsShown });
    await textFromHandset(page, smsShown, 'Hello! Are you open on Saturday?');
    await phone.getByTestId('bubble').filter({ hasText: 'Hello! Are you open on Saturday?' }).waitFor();
    // HELP gets the carrier's automatic answer, which lands on the handset by polling.
    await phone.getByLabel('Text message').fill('HELP');
    await phone.getByRole('button', { name: 'Send' }).click();
    await phone
      .getByTestId('bubble')
      .filter({ hasText: /Reply STOP to unsubscribe/ })
      .waitFor();
    const bubbles = phone.getByTestId('bubble');
    expect(await bubbles.count()).toBe(3);
    expect(await bubbles.last().locator('[data-mine]').getAttribute('data-mine')).toBe('false');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(artifactsDir, 'phone-messages-desktop.png') });

    await setNumbers(page, { to: '+1 415 555 0000' });
    expect(voice.number).toBe('+14155550000');
    await phone.getByRole('tab', { name: 'Call' }).click();
    await phone.getByRole('button', { name: 'Call', exact: true }).click();
    await phone.getByText(voice.greeting).waitFor();
    await phone
      .getByLabel('What you say')
      .fill('Hi, my name is Ana, I would like to book an appointment tomorrow at 10am');
    await phone.getByRole('button', { name: 'Say it' }).click();
    const tool = phone.getByTestId('tool-call');
    await tool.waitFor();
    const toolText = (await tool.textContent()) ?? '';
    expect(toolText).toContain('book_appointment');
    expect(toolText).toContain('"time": "10:00"');
    expect(toolText).toContain('"name": "Ana"');
    await phone.getByTestId('line-assistant').nth(1).waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(artifactsDir, 'phone-desktop.png'), fullPage: true });

    await phone.getByRole('button', { name: 'Hang up' }).click();
    await phone.getByTestId('call-ended').waitFor();
    expect(await phone.getByTestId('call-ended').textContent()).toContain('customer-ended-call');
    await context.close();
  });

  it('fits a 360 px phone', async () => {
    const sms = await twilioNumber(server.url);
    const context = await newContext(browser, { width: 360, height: 780 });
    const page = await context.newPage();
    await page.goto(`${server.url}/sandbox/phone`);
    await setNumbers(page, { handset: '+33 6 55 44 33 22', to: sms.number });
    await textFromHandset(page, frenchShown(sms.number), 'HELP');
    await page
      .getByTestId('phone')
      .getByText(/Reply STOP to unsubscribe/)
      .waitFor();
    await page.getByTestId('phone').getByRole('button', { name: 'All conversations' }).click();
    await page.getByRole('list', { name: 'Conversations' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(artifactsDir, 'phone-360.png'), fullPage: true });
    await context.close();
  });

  it('shows the SMS sign-in code on the handset, and sits in the sidebar when signed in', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const account = newAccount({ name: 'Yael Katz', phone: '+33 6 70 80 90 10' });
    await signUp(page, server.url, account);

    // The sidebar's Sandbox section leads to the simulator.
    const sandboxNav = page.getByRole('navigation', { name: 'Sandbox' });
    await sandboxNav.getByRole('link', { name: 'Sandbox mailbox' }).waitFor();
    await sandboxNav.getByRole('link', { name: 'Phone simulator' }).click();
    await page.waitForURL(`${server.url}/sandbox/phone`);

    await page.goto(`${server.url}/`);
    await signOut(page);
    await page.getByRole('link', { name: 'Text me a code' }).click();
    await page.getByLabel('Mobile phone').fill(account.phone ?? '');
    await page.getByRole('button', { name: 'Text me a code' }).click();
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();

    const simulator = await context.newPage();
    await simulator.goto(`${server.url}/sandbox/phone`);
    await setNumbers(simulator, { handset: '+33 6 70 80 90 10', to: '' });
    const threads = simulator.getByRole('list', { name: 'Conversations' });
    await threads.getByRole('button').first().click({ timeout: 15_000 });
    const code = (await simulator.getByTestId('handset-code').last().textContent())?.trim() ?? '';
    expect(code).toMatch(/^\d{6}$/);
    await simulator.close();

    await page.getByLabel('6-digit code').fill(code);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Yael' }).waitFor();
    await context.close();
  });
});

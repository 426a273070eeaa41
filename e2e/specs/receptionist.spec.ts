import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, hasChromium, launchBrowser, newContext } from '../support/browser.ts';
import { newAccount, submitSignUp } from '../support/flows.ts';
import { waitForMessage } from '../support/outbox.ts';
import { startServer, type RunningServer } from '../support/server.ts';

/** Counts what a person would do: each click and each field filled is one input. */
function inputCounter(page: Page) {
  let count = 0;
  return {
    click: async (locator: ReturnType<Page['locator']>) => {
      count += 1;
      await locator.click();
    },
    fill: async (locator: ReturnType<Page['locator']>, value: string) => {
      count += 1;
      await locator.fill(value);
    },
    add: (n: number) => (count += n),
    get count() {
      return count;
    },
    page,
  };
}

describe.skipIf(!hasChromium)('AI receptionist: onboarding → test call → dashboard (sandbox)', () => {
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

  it('sets up a US receptionist with a free number and books an appointment on the test call', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const account = newAccount({ name: 'Ana Martin' });
    const input = inputCounter(page);
    const started = Date.now();

    // Sign up: 4 fields, the terms checkbox and the button.
    await submitSignUp(page, server.url, account);
    input.add(6);
    await page.waitForURL(`${server.url}/onboarding`);

    // 1. Welcome
    await page
      .getByRole('heading', { level: 1, name: /Hello Ana, let's set up your AI receptionist/ })
      .waitFor();
    await page.screenshot({ path: path.join(artifactsDir, 'onboarding-welcome.png') });
    await input.click(page.getByRole('button', { name: "Let's go" }));

    // 2. Free US number (sandbox Vapi + Twilio credentials are connected in the same click)
    await page.getByRole('heading', { level: 1, name: "Your receptionist's phone number" }).waitFor();
    const country = page.getByLabel('Country');
    if ((await country.inputValue()) !== 'US') {
      input.add(1);
      await country.selectOption('US');
    }
    await input.fill(page.getByLabel('Area code'), '415');
    await page.screenshot({ path: path.join(artifactsDir, 'onboarding-number.png') });
    await input.click(page.getByRole('button', { name: 'Get my free number' }));

    // 3. Industry
    await page
      .getByRole('heading', { level: 1, name: 'What kind of business is it?' })
      .waitFor({ timeout: 20_000 });
    await input.click(page.getByRole('button', { name: 'Health' }));

    // 4. Customise: the preset fills everything
    await page.getByRole('heading', { level: 1, name: 'Make it yours' }).waitFor();
    const greeting = page.getByLabel('Greeting');
    await expect.poll(() => greeting.inputValue(), { timeout: 10_000 }).not.toBe('');
    await page.screenshot({ path: path.join(artifactsDir, 'onboarding-customise.png') });
    await input.click(page.getByRole('button', { name: 'Create my receptionist' }));

    // 5. Test call in the embedded simulator
    await page.getByRole('heading', { level: 1, name: 'Call AVA' }).waitFor({ timeout: 20_000 });
    const panel = page.getByTestId('onboarding-call');
    await input.click(panel.getByRole('button', { name: 'Call' }));
    await panel.getByTestId('line-assistant').first().waitFor({ timeout: 20_000 });
    // "tomorrow at 10", or "on Monday at 10" when tomorrow is a weekend day (closed by default).
    await input.click(
      page.getByRole('button', { name: /^I'd like an appointment (tomorrow|on Monday) at 10$/ }),
    );
    await panel.getByTestId('line-assistant').nth(1).waitFor({ timeout: 30_000 });
    await input.click(page.getByRole('button', { name: 'Yes, please' }));
    await panel.getByTestId('line-assistant').nth(2).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(artifactsDir, 'onboarding-test-call.png') });
    await input.click(panel.getByRole('button', { name: 'Hang up' }));

    const transcript = page.getByTestId('onboarding-transcript');
    await transcript.waitFor({ timeout: 30_000 });
    await transcript.getByText(/I'd like an appointment/).waitFor();
    const seconds = (Date.now() - started) / 1000;
    console.log(`[receptionist e2e] signup → transcript: ${input.count} inputs, ${seconds.toFixed(1)} s`);
    await page.screenshot({ path: path.join(artifactsDir, 'onboarding-ready.png'), fullPage: true });
    expect(input.count).toBeLessThanOrEqual(15);
    expect(seconds).toBeLessThanOrEqual(90);

    // AVA is ready → the dashboard counts the call (and the appointment booked on it).
    await page.getByText('AVA is ready').waitFor();
    await page.getByRole('button', { name: 'Go to my dashboard' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Ana' }).waitFor();
    const calls = page.getByTestId('metric-calls').getByTestId('metric-value');
    await expect.poll(() => calls.textContent(), { timeout: 10_000 }).toBe('1');
    const appointments = await page
      .getByTestId('metric-appointments')
      .getByTestId('metric-value')
      .textContent();
    console.log(`[receptionist e2e] dashboard: 1 call, ${appointments} appointment(s)`);
    expect(appointments).toBe('1');
    await page.screenshot({ path: path.join(artifactsDir, 'dashboard-after-onboarding.png') });

    // The onboarding is done: the dashboard no longer redirects to the wizard.
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    expect(me.user.onboarding.completed).toBe(true);

    // Call detail from the recent calls.
    await page.getByTestId('recent-calls').getByRole('link').first().click();
    await page.getByTestId('transcript').waitFor();
    await page.screenshot({ path: path.join(artifactsDir, 'call-detail.png'), fullPage: true });

    // Appointments page shows what was booked (if the booking tools are live).
    if (appointments === '1') {
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Appointments' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Appointments' }).waitFor();
      await page.getByRole('tab', { name: 'List' }).click();
      await page.screenshot({ path: path.join(artifactsDir, 'appointments.png') });
    }

    // The owner's email is in the sandbox mailbox.
    await waitForMessage(server.url, account.email, /./);
    await context.close();
  });
});

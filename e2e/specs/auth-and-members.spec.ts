import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, hasChromium, launchBrowser, newContext, repoRoot } from '../support/browser.ts';
import { newAccount, signOut, signUp } from '../support/flows.ts';
import { startServer, type RunningServer } from '../support/server.ts';

describe.skipIf(!hasChromium)('accounts, verification and team (browser)', () => {
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

  it('signs up, verifies the email from the sandbox mailbox, logs back in and invites a teammate', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const account = newAccount();

    await signUp(page, server.url, account);
    await expect(page.getByTestId('verify-email-banner').textContent()).resolves.toContain(account.email);

    // The verification mail lands in the sandbox mailbox; open it there and follow its link.
    await page.getByRole('link', { name: 'Sandbox mailbox' }).click();
    await page.getByRole('heading', { level: 1, name: /Sandbox mailbox/ }).waitFor();
    await page
      .getByRole('button', { name: new RegExp(account.email.replace(/\./g, '\\.')) })
      .first()
      .click();
    const link = page.getByTestId('message-body').getByRole('link', { name: /verify-email/ });
    await link.click();
    await page.waitForURL(/\/verify-email\?verified=1/);
    await page.getByRole('heading', { name: 'Email verified' }).waitFor();

    await page.getByRole('link', { name: 'Go to my dashboard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Welcome, Ana' }).waitFor();
    expect(await page.getByTestId('verify-email-banner').count()).toBe(0);

    await signOut(page);

    // Log back in with email + password.
    await page.getByLabel('Email or phone number').fill(account.email);
    await expect(page.getByTestId('identifier-hint').getAttribute('data-kind')).resolves.toBe('email');
    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Ana' }).waitFor();
    await page.waitForTimeout(300);

    // The README screenshot: a verified owner's dashboard on a laptop.
    const desktopShot = path.join(artifactsDir, 'dashboard-desktop.png');
    await page.screenshot({ path: desktopShot });
    mkdirSync(path.join(repoRoot, 'docs'), { recursive: true });
    copyFileSync(desktopShot, path.join(repoRoot, 'docs', 'screenshot.png'));

    // Invite a teammate from Settings → Members.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Members' }).click();
    await page.waitForURL(/\/settings\/members/);
    await page.getByRole('list', { name: 'Members' }).getByText(account.email).waitFor();
    await page.getByRole('button', { name: 'Invite' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite a teammate' });
    await dialog.getByLabel('Email').fill('dan@clinic.example');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Invitation sent to dan@clinic.example.').waitFor();
    const pending = page.getByRole('list', { name: 'Pending invitations' });
    await pending.getByText('dan@clinic.example').waitFor();
    expect(await pending.getByTestId('invitation-row').count()).toBe(1);
    await page.screenshot({ path: path.join(artifactsDir, 'members.png') });

    await signOut(page);
    await context.close();
  });

  it('logs in with a phone number and a password, detecting the phone', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const account = newAccount({ name: 'Sam Levi', phone: '+1 415 555 0142' });
    await signUp(page, server.url, account);
    await signOut(page);

    await page.getByLabel('Email or phone number').fill('+1 (415) 555-0142');
    const hint = page.getByTestId('identifier-hint');
    await expect(hint.getAttribute('data-kind')).resolves.toBe('phone');
    await expect(hint.textContent()).resolves.toContain("We'll sign you in with your phone number.");
    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await page.screenshot({ path: path.join(artifactsDir, 'login-phone.png') });
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Sam' }).waitFor();

    // A wrong password gets the translated credentials error, not the server's English.
    await signOut(page);
    await page.getByLabel('Email or phone number').fill('+14155550142');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('The email, phone number or password is incorrect.').waitFor();
    await context.close();
  });

  it('renders the dashboard on a 360 px phone', async () => {
    const context = await newContext(browser, { width: 360, height: 780 });
    const page = await context.newPage();
    await signUp(page, server.url, newAccount({ name: 'Léa Dubois' }));
    await page.waitForTimeout(300);
    // No horizontal scrolling on a small phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.getByTestId('sidebar').isVisible()).toBe(false);
    await page.screenshot({ path: path.join(artifactsDir, 'dashboard-360.png'), fullPage: true });

    await page.getByRole('button', { name: 'Open menu' }).click();
    await page.getByRole('dialog').getByRole('link', { name: 'Calls' }).click();
    await page.getByText('No calls yet').waitFor();
    await page.screenshot({ path: path.join(artifactsDir, 'calls-360.png') });
    await context.close();
  });
});

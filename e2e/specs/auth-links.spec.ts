import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, newContext } from '../support/browser.ts';
import { followMailLink, logIn, newAccount, signOut, signUp } from '../support/flows.ts';
import { startServer, type RunningServer } from '../support/server.ts';

describe.skipIf(!hasChromium)('sign-in links, password reset, invitations and SMS codes (browser)', () => {
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

  it('signs in with a magic link opened from the sandbox mailbox', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const account = newAccount({ name: 'Ana Martin' });
    await signUp(page, server.url, account);
    await signOut(page);

    await page.getByRole('link', { name: 'Email me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Sign in with a link' }).waitFor();
    await page.getByLabel('Email').fill(account.email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();

    // The link in the mail goes through the server, which signs the browser in and lands on the app.
    await followMailLink(page, server.url, account.email, /magic-link/);
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Ana' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    expect(me.user.email).toBe(account.email);

    // The link works once: opening it again lands on the explanation page, signed out.
    await signOut(page);
    await followMailLink(page, server.url, account.email, /magic-link/);
    await page.getByRole('heading', { name: "This sign-in link didn't work" }).waitFor();
    await context.close();
  });

  it('resets a forgotten password from the mailbox link, then signs in with the new one', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const account = newAccount({ name: 'Léa Dubois' });
    await signUp(page, server.url, account);
    await signOut(page);

    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await page.getByLabel('Email').fill(account.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();

    await followMailLink(page, server.url, account.email, /reset-password/);
    await page.waitForURL(/\/reset-password\?token=/);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    const newPassword = 'a brand new sentence';
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm password').fill(newPassword);
    await page.getByRole('button', { name: 'Update password' }).click();
    await page.getByRole('heading', { name: 'Password updated' }).waitFor();
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL(/\/login/);

    // The old password no longer works; the new one does.
    await logIn(page, server.url, account.email, account.password);
    await page.getByText('The email, phone number or password is incorrect.').waitFor();
    await logIn(page, server.url, account.email, newPassword);
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Léa' }).waitFor();
    await context.close();
  });

  it('accepts an invitation: the invitee signs up from the link and joins the organisation', async () => {
    const ownerContext = await newContext(browser);
    const owner = await ownerContext.newPage();
    const ownerAccount = newAccount({ name: 'Rivka Bloom' });
    const invitee = newAccount({ name: 'Dan Cohen' });
    await signUp(owner, server.url, ownerAccount);
    await owner.goto(`${server.url}/settings/members`);
    await owner.getByRole('button', { name: 'Invite' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Invite a teammate' });
    await dialog.getByLabel('Email').fill(invitee.email);
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await owner.getByText(`Invitation sent to ${invitee.email}.`).waitFor();
    await ownerContext.close();

    // The invitee, in another browser, opens the mail and follows the invitation link.
    const context = await newContext(browser);
    const page = await context.newPage();
    await followMailLink(page, server.url, invitee.email, /invitations\//);
    await page.waitForURL(/\/invitations\//);
    await page.getByRole('heading', { name: 'Join your team on AVA' }).waitFor();
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL(/\/signup\?redirect=/);
    await page.getByLabel('Your name').fill(invitee.name);
    await page.getByLabel('Work email').fill(invitee.email);
    await page.getByLabel('Password', { exact: true }).fill(invitee.password);
    await page.getByLabel('Confirm password').fill(invitee.password);
    await page.getByRole('checkbox', { name: /terms of service/ }).click();
    await page.getByRole('button', { name: 'Create my account' }).click();

    // Back on the invitation, now signed in: accept it.
    await page.getByRole('heading', { name: "You're invited" }).waitFor();
    await page.getByText(/Rivka Bloom invited you to join Rivka Bloom as Member/).waitFor();
    await page.getByRole('button', { name: 'Accept and join' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Dan' }).waitFor();

    // The switcher shows the organisation joined, and lists both.
    const switcher = page.getByTestId('org-switcher');
    await expect.poll(() => switcher.textContent()).toContain('Rivka Bloom');
    expect(await switcher.textContent()).toContain('Member');
    await switcher.click();
    const options = page.getByRole('menuitemradio');
    await options.filter({ hasText: 'Dan Cohen' }).waitFor();
    expect(await options.count()).toBe(2);
    await page.keyboard.press('Escape');
    await context.close();
  });

  it('signs in with a code texted to the phone, read from the sandbox mailbox', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const phone = '+33 6 44 55 66 77';
    const e164 = '+33644556677';
    const account = newAccount({ name: 'Noa Levi', phone });
    await signUp(page, server.url, account);
    await signOut(page);

    await page.getByRole('link', { name: 'Text me a code' }).click();
    await page.getByRole('heading', { name: 'Sign in with a code' }).waitFor();
    await page.getByLabel('Mobile phone').fill(phone);
    await page.getByRole('button', { name: 'Text me a code' }).click();
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();

    // Read the code in the sandbox mailbox, in a second tab, as a person would.
    const mailbox = await context.newPage();
    await mailbox.goto(`${server.url}/sandbox/mailbox`);
    await mailbox.getByLabel('Filter by recipient').fill(e164);
    const sms = mailbox.getByRole('button', { name: new RegExp(`\\${e164}`) }).first();
    await sms.waitFor({ timeout: 15_000 });
    await sms.click();
    const code = (await mailbox.getByTestId('sms-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^\d{6}$/);
    await mailbox.close();

    await page.getByLabel('6-digit code').fill(code);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Noa' }).waitFor();
    await context.close();
  });
});

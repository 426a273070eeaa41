import type { Page } from 'playwright-core';

export type Account = { name: string; email: string; password: string; phone?: string };

let counter = 0;
export function newAccount(overrides: Partial<Account> = {}): Account {
  counter += 1;
  const id = `${Date.now().toString(36)}${counter}`;
  return {
    name: 'Ana Martin',
    email: `ana.${id}@clinic.example`,
    password: 'correct horse battery',
    ...overrides,
  };
}

/** Fills and sends the sign-up form (English labels); a new owner then lands on the setup wizard. */
export async function submitSignUp(page: Page, baseUrl: string, account: Account) {
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel('Your name').fill(account.name);
  await page.getByLabel('Work email').fill(account.email);
  if (account.phone) await page.getByLabel(/Mobile phone/).fill(account.phone);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByLabel('Confirm password').fill(account.password);
  await page.getByRole('checkbox', { name: /terms of service/ }).click();
  await page.getByRole('button', { name: 'Create my account' }).click();
}

/** Signs up through the real form, skips the setup wizard and waits for the dashboard. */
export async function signUp(page: Page, baseUrl: string, account: Account) {
  await submitSignUp(page, baseUrl, account);
  await page.waitForURL(`${baseUrl}/onboarding`);
  await page.getByRole('button', { name: 'Skip setup' }).click();
  await page.waitForURL(`${baseUrl}/`);
  await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
}

/** Signs out through the account menu (the visible one: sidebar on desktop, header on phones). */
export async function signOut(page: Page, accountMenuName = 'Account menu', signOutName = 'Sign out') {
  await page.getByRole('button', { name: accountMenuName }).click();
  await page.getByRole('menuitem', { name: signOutName }).click();
  await page.waitForURL(/\/login/);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Opens the sandbox mailbox in this tab, reads the newest message to `to` and follows its link whose
 * address matches `link` (as a person would: the mailbox page, then the link in the mail).
 */
export async function followMailLink(page: Page, baseUrl: string, to: string, link: RegExp) {
  await page.goto(`${baseUrl}/sandbox/mailbox`);
  await page.getByRole('heading', { level: 1, name: /Sandbox mailbox/ }).waitFor();
  await page.getByLabel('Filter by recipient').fill(to);
  const item = page.getByRole('button', { name: new RegExp(escape(to)) }).first();
  await item.waitFor();
  await item.click();
  await page.getByTestId('message-body').getByRole('link', { name: link }).first().click();
}

/** Signs in through the login form with an email (or phone) and a password. */
export async function logIn(page: Page, baseUrl: string, identifier: string, password: string) {
  if (!page.url().includes('/login')) await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email or phone number').fill(identifier);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

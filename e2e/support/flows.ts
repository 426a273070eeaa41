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

/** Signs up through the real form (English labels) and waits for the dashboard. */
export async function signUp(page: Page, baseUrl: string, account: Account) {
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel('Your name').fill(account.name);
  await page.getByLabel('Work email').fill(account.email);
  if (account.phone) await page.getByLabel(/Mobile phone/).fill(account.phone);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByLabel('Confirm password').fill(account.password);
  await page.getByRole('checkbox', { name: /terms of service/ }).click();
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.waitForURL(`${baseUrl}/`);
  await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
}

/** Signs out through the account menu (the visible one: sidebar on desktop, header on phones). */
export async function signOut(page: Page, accountMenuName = 'Account menu', signOutName = 'Sign out') {
  await page.getByRole('button', { name: accountMenuName }).click();
  await page.getByRole('menuitem', { name: signOutName }).click();
  await page.waitForURL(/\/login/);
}

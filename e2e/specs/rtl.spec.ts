import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, hasChromium, launchBrowser, newContext } from '../support/browser.ts';
import { newAccount, signOut, signUp } from '../support/flows.ts';
import { startServer, type RunningServer } from '../support/server.ts';

describe.skipIf(!hasChromium)('Hebrew, right to left (browser)', () => {
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

  it('switches the login page to Hebrew and keeps the app right-to-left after signing in', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const account = newAccount({ name: 'Noa Cohen' });
    await signUp(page, server.url, account);
    await signOut(page);

    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await page.getByRole('button', { name: 'Language' }).click();
    await page.getByRole('menuitemradio', { name: 'עברית' }).click();
    await page.getByRole('heading', { name: 'שמחים לראות אתכם שוב' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('he');

    await page.getByLabel('אימייל או מספר טלפון').fill(account.email);
    await page.getByLabel('סיסמה', { exact: true }).fill(account.password);
    await page.screenshot({ path: path.join(artifactsDir, 'login-he.png') });
    await page.getByRole('button', { name: 'התחברות', exact: true }).click();
    await page.waitForURL(`${server.url}/`);

    await page.getByRole('heading', { level: 1, name: 'ברוכים הבאים, Noa' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    // The sidebar sits on the right in RTL.
    const box = await page.getByTestId('sidebar').boundingBox();
    expect(box && box.x + box.width).toBeGreaterThan(1200);
    await page.getByRole('navigation', { name: 'ניווט ראשי' }).getByRole('link', { name: 'שיחות' }).waitFor();
    await page.screenshot({ path: path.join(artifactsDir, 'dashboard-he.png') });

    // The choice made on the login page is saved on the account.
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    expect(me.user.locale).toBe('he');

    await signOut(page, 'תפריט החשבון', 'התנתקות');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await context.close();
  });
});

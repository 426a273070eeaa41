import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);

if (!hasChromium) {
  console.error(
    [
      '',
      '##########################################################################',
      '#  E2E SKIPPED: no Chromium at ' + chromiumPath,
      '#  Install it (apt-get install -y chromium) or set CHROMIUM_PATH.',
      '#  These browser tests did NOT run.',
      '##########################################################################',
      '',
    ].join('\n'),
  );
}

export const artifactsDir = path.resolve(import.meta.dirname, '../artifacts');
export const repoRoot = path.resolve(import.meta.dirname, '../..');
mkdirSync(artifactsDir, { recursive: true });

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh browser profile in English, so each scenario starts signed out with no saved language. */
export function newContext(
  browser: Browser,
  options: { width?: number; height?: number } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    locale: 'en-US',
    deviceScaleFactor: options.width && options.width < 500 ? 2 : 1,
  });
}

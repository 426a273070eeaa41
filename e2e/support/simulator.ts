import type { Page } from 'playwright-core';

/** Sets the phone simulator's own number and/or the AVA number it texts and calls. */
export async function setNumbers(page: Page, numbers: { handset?: string; to?: string }) {
  if (numbers.handset !== undefined) await page.getByLabel("This phone's number").fill(numbers.handset);
  if (numbers.to !== undefined) await page.getByLabel('AVA number to text or call').fill(numbers.to);
}

/** Texts `body` from the simulated handset to `to` (as shown formatted in the simulator). */
export async function textFromHandset(page: Page, to: string, body: string) {
  const phone = page.getByTestId('phone');
  await phone.getByRole('tab', { name: 'Messages' }).click();
  const back = phone.getByRole('button', { name: 'All conversations' });
  if (await back.isVisible()) await back.click();
  await phone.getByRole('button', { name: `New message to ${to}` }).click();
  await phone.getByLabel('Text message').fill(body);
  await phone.getByRole('button', { name: 'Send' }).click();
}

/** "+33612345678" as the simulator shows it: "+33 6 12 34 56 78". */
export const frenchShown = (e164: string) =>
  e164.replace(/^\+33(\d)(\d{2})(\d{2})(\d{2})(\d{2})$/, '+33 $1 $2 $3 $4 $5');

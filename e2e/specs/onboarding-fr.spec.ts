import path from 'node:path';
import type { Appointment, OutboxItem } from '@ava/contracts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, hasChromium, launchBrowser, newContext } from '../support/browser.ts';
import { newAccount } from '../support/flows.ts';
import { startServer, type RunningServer } from '../support/server.ts';

/** The wall-clock date and time of `iso` in `timeZone`, as "YYYY-MM-DD HH:mm". */
function localDateTime(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** "Tomorrow" or "next Monday" (never today) as YYYY-MM-DD in `timeZone`. */
function expectedDay(word: 'demain' | 'lundi', timeZone: string): string {
  const today = localDateTime(new Date().toISOString(), timeZone).slice(0, 10);
  const noon = new Date(`${today}T12:00:00Z`);
  const weekday = noon.getUTCDay();
  const ahead = word === 'demain' ? 1 : (8 - weekday) % 7 || 7;
  return new Date(noon.getTime() + ahead * 86_400_000).toISOString().slice(0, 10);
}

/** 2026-11-23T09:00:00.000Z → 20261123T090000Z (the feed writes UTC times). */
const icsDate = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

async function waitForEmail(baseUrl: string, to: string, subject: RegExp, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let seen: OutboxItem[] = [];
  while (Date.now() < deadline) {
    const response = await fetch(`${baseUrl}/api/v1/sandbox/outbox?to=${encodeURIComponent(to)}&limit=20`);
    if (response.ok) {
      seen = (await response.json()) as OutboxItem[];
      const found = seen.find((item) => item.channel === 'email' && subject.test(item.subject ?? ''));
      if (found) return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `No email to ${to} with a subject matching ${subject}; got: ${seen.map((i) => i.subject).join(' | ')}`,
  );
}

describe.skipIf(!hasChromium)('AI receptionist in French: Twilio number → test call → calendar feed', () => {
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

  it('sets up a French receptionist with a Twilio mobile number, books on the test call and publishes it', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const account = newAccount({ name: 'Camille Durand', phone: '+33612345678' });
    const started = Date.now();

    // Sign up in French: the language menu on the sign-up page, then the French labels.
    await page.goto(`${server.url}/signup`);
    await page.getByRole('button', { name: 'Language' }).click();
    await page.getByRole('menuitemradio', { name: 'Français' }).click();
    await page.getByRole('heading', { name: 'Créez votre compte' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await page.getByLabel('Votre nom').fill(account.name);
    await page.getByLabel('E-mail professionnel').fill(account.email);
    await page.getByLabel(/Téléphone mobile/).fill(account.phone!);
    await page.getByLabel('Mot de passe', { exact: true }).fill(account.password);
    await page.getByLabel('Confirmez le mot de passe').fill(account.password);
    await page.getByRole('checkbox', { name: /conditions d’utilisation/ }).click();
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL(`${server.url}/onboarding`);

    // 1. Welcome
    await page
      .getByRole('heading', { level: 1, name: /Bonjour Camille, configurons votre réceptionniste IA/ })
      .waitFor();
    await page.getByRole('button', { name: "C'est parti" }).click();

    // 2. A French number goes through Twilio: sandbox credentials, then search and buy in the wizard.
    await page.getByRole('heading', { level: 1, name: 'Le numéro de votre réceptionniste' }).waitFor();
    expect(await page.getByLabel('Pays').inputValue()).toBe('FR');
    await page.getByText('Un numéro local via Twilio').waitFor();
    await page.getByRole('button', { name: 'Utiliser les identifiants de test' }).click();
    const search = page.getByTestId('number-search');
    await search.waitFor({ timeout: 20_000 });
    await search.getByText('Obtenir un numéro').first().waitFor();
    expect(await search.getByLabel('Pays').inputValue()).toBe('FR');
    await search.getByLabel('Type').selectOption('mobile');
    await search.getByRole('button', { name: 'Rechercher' }).click();
    const offer = search.getByTestId('available-number').first();
    await offer.waitFor({ timeout: 20_000 });
    const e164 = await offer.getAttribute('data-number');
    expect(e164).toMatch(/^\+33[67]\d{8}$/);
    await page.screenshot({ path: path.join(artifactsDir, 'onboarding-fr-number-search.png') });
    await offer.getByRole('button', { name: /^Acheter / }).click();
    await page.getByTestId('onboarding-number').waitFor({ timeout: 20_000 });
    await page.getByText('Votre numéro AVA').waitFor();
    await page.getByRole('button', { name: 'Continuer' }).click();

    // 3. Industry
    await page.getByRole('heading', { level: 1, name: 'Quel est votre secteur ?' }).waitFor();
    await page.getByRole('button', { name: 'Beauté' }).click();

    // 4. Customise: a French preset
    await page.getByRole('heading', { level: 1, name: 'Personnalisez-la' }).waitFor();
    const greeting = page.getByLabel("Message d'accueil");
    await expect.poll(() => greeting.inputValue(), { timeout: 10_000 }).not.toBe('');
    await page.getByRole('button', { name: 'Créer ma réceptionniste' }).click();

    // 5. Test call in French from the sandbox call panel.
    await page.getByRole('heading', { level: 1, name: 'Appelez AVA' }).waitFor({ timeout: 20_000 });
    const panel = page.getByTestId('onboarding-call');
    await panel.getByTestId('call-number').waitFor();
    // The Twilio number is imported into Vapi once the receptionist exists (a background job).
    const meNow = await (await page.request.get(`${server.url}/api/v1/me`)).json();
    const importWait = Date.now();
    await expect
      .poll(
        async () => {
          const r = await page.request.get(`${server.url}/api/v1/orgs/${meNow.activeOrgId}/numbers`);
          const body = (await r.json()) as { numbers: { importStatus?: string }[] };
          return body.numbers[0]?.importStatus;
        },
        { timeout: 30_000 },
      )
      .toBe('imported');
    console.log(
      `[onboarding-fr e2e] number imported ${Date.now() - importWait} ms after the test step opened`,
    );
    await panel.getByRole('button', { name: 'Appeler' }).click();
    await panel.getByTestId('line-assistant').first().waitFor({ timeout: 20_000 });
    // « demain à 10 h », or « lundi à 10 h » when tomorrow is a weekend day (closed by default).
    const ask = page.getByRole('button', { name: /^Je voudrais un rendez-vous (demain|lundi) à 10 h$/ });
    const asked = (await ask.textContent())!;
    await ask.click();
    const offered = panel.getByTestId('line-assistant').nth(1);
    await offered.waitFor({ timeout: 30_000 });
    expect(await offered.textContent()).toMatch(/Le créneau du .+ à 10:00 est disponible/);
    await page.getByRole('button', { name: 'Oui, merci' }).click();
    const confirmed = panel.getByTestId('line-assistant').nth(2);
    await confirmed.waitFor({ timeout: 30_000 });
    // The booking tool's result is spoken as-is; it is in English today (see the report), so only the slot is checked.
    expect(await confirmed.textContent()).toMatch(/(demain|lundi) 10:00/);
    await page.screenshot({ path: path.join(artifactsDir, 'onboarding-fr-test-call.png') });
    await panel.getByRole('button', { name: 'Raccrocher' }).click();

    const transcript = page.getByTestId('onboarding-transcript');
    await transcript.waitFor({ timeout: 30_000 });
    await transcript.getByText('Votre appel test').waitFor();
    await transcript.getByText(/Je voudrais un rendez-vous/).waitFor();
    await page.getByText('AVA est prête').waitFor();
    console.log(`[onboarding-fr e2e] signup → transcript: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await page.screenshot({ path: path.join(artifactsDir, 'onboarding-fr-ready.png'), fullPage: true });
    await page.getByRole('button', { name: 'Aller au tableau de bord' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Bienvenue, Camille' }).waitFor();
    const calls = page.getByTestId('metric-calls').getByTestId('metric-value');
    await expect.poll(() => calls.textContent(), { timeout: 10_000 }).toBe('1');
    const appointments = page.getByTestId('metric-appointments').getByTestId('metric-value');
    await expect.poll(() => appointments.textContent(), { timeout: 10_000 }).toBe('1');

    // The booked slot is 10:00 on the asked day, in the organisation's time zone.
    const me = await (await page.request.get(`${server.url}/api/v1/me`)).json();
    expect(me.user.locale).toBe('fr');
    expect(me.user.onboarding.completed).toBe(true);
    const orgId: string = me.activeOrgId;
    const settingsResponse = await page.request.get(`${server.url}/api/v1/orgs/${orgId}/booking-settings`);
    expect(settingsResponse.ok()).toBe(true);
    const settings = (await settingsResponse.json()) as { icsUrl: string; timezone: string };
    const range = new URLSearchParams({
      from: new Date(Date.now() - 86_400_000).toISOString(),
      to: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    const listed = await page.request.get(`${server.url}/api/v1/orgs/${orgId}/appointments?${range}`);
    expect(listed.ok()).toBe(true);
    const booked = ((await listed.json()) as { appointments: Appointment[] }).appointments;
    expect(booked).toHaveLength(1);
    const slot = booked[0]!;
    expect(slot.source).toBe('call');
    const word = asked.includes('lundi') ? 'lundi' : 'demain';
    expect(localDateTime(slot.start, settings.timezone)).toBe(
      `${expectedDay(word, settings.timezone)} 10:00`,
    );

    // The calendar feed URL on the appointments settings tab is the one the API gives.
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Rendez-vous' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Rendez-vous' }).waitFor();
    await page.getByRole('tab', { name: 'Réglages' }).click();
    const feedField = page.getByLabel("Adresse du flux d'agenda");
    await feedField.waitFor();
    await page.getByRole('button', { name: 'Copier' }).waitFor();
    const icsUrl = await feedField.inputValue();
    expect(icsUrl).toBe(settings.icsUrl);
    await page.screenshot({ path: path.join(artifactsDir, 'appointments-fr-ics.png') });

    // Fetched without any cookie (as a calendar app would), it holds the booked slot.
    const feed = await fetch(icsUrl);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    const ics = await feed.text();
    expect(ics).toContain('BEGIN:VCALENDAR');
    const events = ics.split('BEGIN:VEVENT').slice(1);
    expect(events).toHaveLength(1);
    expect(events[0]).toContain(`DTSTART:${icsDate(slot.start)}`);

    // The owner's call notification, in French.
    const email = await waitForEmail(server.url, account.email, /^Appel de /);
    expect(email.subject).toMatch(/^Appel de /);
    await context.close();
  });
});

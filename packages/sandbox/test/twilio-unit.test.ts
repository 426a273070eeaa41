import { describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { createScheduler } from '../src/shared/scheduler.ts';
import { createLedger } from '../src/shared/ledger.ts';
import { createFaultRegistry, rollRequestFault, rollWebhookFault } from '../src/shared/faults.ts';
import { createRng } from '../src/shared/rng.ts';
import { computeTwilioSignature } from '../src/twilio/signature.ts';
import { countSegments } from '../src/twilio/segments.ts';
import { containsToRegExp, generateInventory, NUMBERS_PER_PLACE } from '../src/twilio/inventory.ts';
import { countryOf, friendlyPhone, isMobileRange, normalizeE164 } from '../src/twilio/phone.ts';
import { rfc2822 } from '../src/twilio/serialize.ts';

describe('X-Twilio-Signature', () => {
  it('matches the twilio-node test vector from NOTES.md §7', () => {
    const params = {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+14158675309',
      Digits: '1234',
      From: '+14158675309',
      To: '+18005551212',
    };
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    expect(computeTwilioSignature('12345', url, params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    expect(twilio.validateRequest('12345', 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', url, params)).toBe(true);
  });

  it('matches the JSON-body (bodySHA256) vector: URL only, no params', () => {
    const hash = '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620';
    expect(twilio.getExpectedBodyHash('{"property": "value", "boolean": true}')).toBe(hash);
    const url = `https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=${hash}`;
    expect(computeTwilioSignature('12345', url)).toBe('a9nBmqA0ju/hNViExpshrM61xv4=');
  });

  it('agrees with the SDK on unicode, empty values and repeated params', () => {
    const params = { Body: 'שלום 👍 & =+', Empty: '', MediaUrl: ['b', 'a', 'b'], ToCity: 'Paris' };
    const url = 'https://ava.example/hooks/sms?tenant=42';
    const sig = computeTwilioSignature('secret-token', url, params);
    expect(sig).toBe(twilio.getExpectedTwilioSignature('secret-token', url, params));
    expect(twilio.validateRequest('secret-token', sig, url, params)).toBe(true);
    expect(twilio.validateRequest('other-token', sig, url, params)).toBe(false);
  });
});

describe('countSegments', () => {
  it('uses GSM-7 160/153', () => {
    expect(countSegments('hello')).toEqual({ encoding: 'GSM-7', segments: 1, units: 5 });
    expect(countSegments('a'.repeat(160)).segments).toBe(1);
    expect(countSegments('a'.repeat(161)).segments).toBe(2);
    expect(countSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('counts GSM extension characters double and never splits them', () => {
    expect(countSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(countSegments('a'.repeat(159) + '€').segments).toBe(2);
    expect(countSegments('{[]}~^|\\').units).toBe(16);
    // 306 septets would fit two 153-septet parts, but the escape pair cannot straddle them.
    expect(countSegments('a'.repeat(152) + '€' + 'a'.repeat(152)).segments).toBe(3);
  });

  it('switches to UCS-2 70/67 for Hebrew and emoji, keeping surrogate pairs whole', () => {
    expect(countSegments('שלום').encoding).toBe('UCS-2');
    expect(countSegments('ש'.repeat(70)).segments).toBe(1);
    expect(countSegments('ש'.repeat(71)).segments).toBe(2);
    expect(countSegments('ש'.repeat(134)).segments).toBe(2);
    expect(countSegments('ש'.repeat(135)).segments).toBe(3);
    expect(countSegments('👍'.repeat(35))).toEqual({ encoding: 'UCS-2', segments: 1, units: 70 });
    expect(countSegments('👍'.repeat(36)).segments).toBe(2);
    expect(countSegments('Hello! 👍').encoding).toBe('UCS-2');
    expect(countSegments('Ça coûte 5€').encoding).toBe('UCS-2'); // û is not in GSM 03.38
    expect(countSegments('Café à 5€').encoding).toBe('GSM-7');
  });
});

describe('inventory', () => {
  const inv = generateInventory(1);

  it('is deterministic per seed and differs across seeds', () => {
    expect(generateInventory(1)).toEqual(inv);
    expect(generateInventory(2).map((n) => n.phoneNumber)).not.toEqual(inv.map((n) => n.phoneNumber));
    expect(new Set(inv.map((n) => n.phoneNumber)).size).toBe(inv.length);
  });

  it('covers US, CA, FR, IL, GB with valid E.164 numbers in the right country', () => {
    for (const iso of ['US', 'CA', 'FR', 'IL', 'GB']) {
      const mine = inv.filter((n) => n.isoCountry === iso);
      expect(mine.length).toBeGreaterThanOrEqual(NUMBERS_PER_PLACE * 3);
      for (const n of mine) {
        expect(normalizeE164(n.phoneNumber)).toBe(n.phoneNumber);
        // NANP toll-free (8xx) numbers are non-geographic and shared by US and CA.
        if (!(iso === 'CA' && n.type === 'tollfree')) expect(countryOf(n.phoneNumber)?.iso).toBe(iso);
      }
    }
  });

  it('gives French and Israeli mobiles voice+SMS, landlines voice only, and some voice-only US numbers', () => {
    const frMobile = inv.filter((n) => n.isoCountry === 'FR' && n.type === 'mobile');
    expect(
      frMobile.every((n) => n.capabilities.voice && n.capabilities.sms && /^\+33[67]/.test(n.phoneNumber)),
    ).toBe(true);
    const ilMobile = inv.filter((n) => n.isoCountry === 'IL' && n.type === 'mobile');
    expect(ilMobile.every((n) => n.capabilities.sms && /^\+9725\d{8}$/.test(n.phoneNumber))).toBe(true);
    expect(
      inv.filter((n) => n.isoCountry === 'FR' && n.type === 'local').every((n) => !n.capabilities.sms),
    ).toBe(true);
    const usLocal = inv.filter((n) => n.isoCountry === 'US' && n.type === 'local');
    const voiceOnly = usLocal.filter((n) => !n.capabilities.sms);
    expect(voiceOnly.length).toBeGreaterThan(0);
    expect(voiceOnly.length).toBeLessThan(usLocal.length / 4);
    const paris = inv.find((n) => n.locality === 'Paris');
    expect(paris).toMatchObject({ region: 'Île-de-France', postalCode: '75001', isoCountry: 'FR' });
    expect(paris?.phoneNumber).toMatch(/^\+331\d{8}$/);
  });
});

describe('Contains patterns', () => {
  it('supports digits, * wildcards, letters, + and $ anchors', () => {
    expect(containsToRegExp('55*1')?.test('14155591234')).toBe(true);
    expect(containsToRegExp('55*1')?.test('14156601234')).toBe(false);
    expect(containsToRegExp('+1415')?.test('14155550100')).toBe(true);
    expect(containsToRegExp('+1415')?.test('12124151234')).toBe(false);
    expect(containsToRegExp('1234$')?.test('14155551234')).toBe(true);
    expect(containsToRegExp('1234$')?.test('14151234555')).toBe(false);
    expect(containsToRegExp('CAFE')?.source).toBe('2233');
    expect(containsToRegExp('a_b')).toBeNull();
  });
});

describe('phone helpers', () => {
  it('normalises E.164 and rejects bad NANP numbers', () => {
    expect(normalizeE164('+1 (415) 555-0100')).toBe('+14155550100');
    expect(normalizeE164('4155550100')).toBeNull();
    expect(normalizeE164('+11155550100')).toBeNull();
    expect(normalizeE164('+33612345678')).toBe('+33612345678');
    expect(friendlyPhone('+14155550100')).toBe('(415) 555-0100');
    expect(friendlyPhone('+33612345678')).toBe('+33612345678');
    expect(countryOf('+14165550100')?.iso).toBe('CA');
    expect(countryOf('+972541234567')?.iso).toBe('IL');
    expect(isMobileRange('+33612345678')).toBe(true);
    expect(isMobileRange('+33123456789')).toBe(false);
  });

  it('formats RFC 2822 dates with +0000 as Twilio does', () => {
    expect(rfc2822(new Date('2026-11-21T07:16:00Z'))).toBe('Sat, 21 Nov 2026 07:16:00 +0000');
    expect(rfc2822(new Date('2015-07-30T20:12:31Z'))).toBe('Thu, 30 Jul 2015 20:12:31 +0000');
  });
});

describe('shared helpers', () => {
  it('manual scheduler runs tasks in due order with the clock at each due time', async () => {
    const s = createScheduler({ mode: 'manual', now: () => new Date(0) });
    const seen: string[] = [];
    s.at(2000, 'b', () => seen.push(`b@${s.nowMs()}`));
    s.at(1000, 'a', () => {
      seen.push(`a@${s.nowMs()}`);
      s.after(500, 'a2', () => seen.push(`a2@${s.nowMs()}`));
    });
    s.at(5000, 'late', () => seen.push(`late@${s.nowMs()}`));
    await s.advance(2000);
    expect(seen).toEqual(['a@1000', 'a2@1500', 'b@2000']);
    expect(s.nowMs()).toBe(2000);
    expect(s.pending()).toBe(1);
    await s.runAll();
    expect(seen.at(-1)).toBe('late@5000');
    expect(s.pending()).toBe(0);
  });

  it('real-mode scheduler fires on wall-clock timers', async () => {
    const s = createScheduler({ mode: 'real' });
    const fired: number[] = [];
    const started = Date.now();
    s.after(30, 'x', () => fired.push(Date.now() - started));
    expect(fired).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await s.idle();
    expect(fired).toHaveLength(1);
    expect(fired[0]).toBeGreaterThanOrEqual(25);
    await expect(s.advance(10)).rejects.toThrow(/manual clock/);
    s.dispose();
  });

  it('ledger numbers entries and filters by kind', () => {
    const ledger = createLedger<{ kind: 'a'; n: number } | { kind: 'b' }>(() => new Date(0));
    const got: number[] = [];
    const off = ledger.subscribe((e) => got.push(e.seq));
    ledger.record({ kind: 'a', n: 1 });
    ledger.record({ kind: 'b' });
    off();
    ledger.record({ kind: 'a', n: 2 });
    expect(ledger.ofKind('a').map((e) => e.n)).toEqual([1, 2]);
    expect(got).toEqual([1, 2]);
    expect(ledger.entries()[0]?.at).toBe('1970-01-01T00:00:00.000Z');
  });

  it('fault dice respect rates and scopes', () => {
    const rng = createRng(7);
    const reg = createFaultRegistry({ rate429: 1 });
    reg.set({ rate500: 1 }, 'AC1');
    expect(rollRequestFault(reg.get('AC2'), rng).kind).toBe('http429');
    expect(rollRequestFault(reg.get('AC1'), rng).kind).toBe('http500');
    reg.clear();
    expect(rollRequestFault(reg.get('AC1'), rng).kind).toBe('none');
    let dropped = 0;
    for (let i = 0; i < 1000; i++) if (rollWebhookFault({ dropWebhookRate: 0.3 }, rng) === 'drop') dropped++;
    expect(dropped).toBeGreaterThan(230);
    expect(dropped).toBeLessThan(370);
  });
});

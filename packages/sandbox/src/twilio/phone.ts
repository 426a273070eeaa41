/** E.164 parsing, country detection and display formatting for the numbers the emulator knows about. */

export interface CountryInfo {
  iso: string;
  name: string;
  dialCode: string;
  /** USD price of one outbound SMS segment to this country (magnitude; Twilio reports it negative). */
  smsPrice: number;
  /** USD price of one inbound SMS segment received on a number in this country. */
  inboundSmsPrice: number;
  /** National-significant-number prefixes of mobile ranges; absent means "treat everything as mobile". */
  mobilePrefixes?: readonly string[];
}

// Prices are plausible list prices, not Twilio's current ones; tests only rely on their sign and shape.
export const COUNTRIES: readonly CountryInfo[] = [
  { iso: 'US', name: 'United States', dialCode: '1', smsPrice: 0.0083, inboundSmsPrice: 0.0083 },
  { iso: 'CA', name: 'Canada', dialCode: '1', smsPrice: 0.0083, inboundSmsPrice: 0.0083 },
  {
    iso: 'FR',
    name: 'France',
    dialCode: '33',
    smsPrice: 0.0858,
    inboundSmsPrice: 0,
    mobilePrefixes: ['6', '7'],
  },
  { iso: 'IL', name: 'Israel', dialCode: '972', smsPrice: 0.265, inboundSmsPrice: 0, mobilePrefixes: ['5'] },
  {
    iso: 'GB',
    name: 'United Kingdom',
    dialCode: '44',
    smsPrice: 0.0524,
    inboundSmsPrice: 0,
    mobilePrefixes: ['7'],
  },
  {
    iso: 'DE',
    name: 'Germany',
    dialCode: '49',
    smsPrice: 0.0927,
    inboundSmsPrice: 0,
    mobilePrefixes: ['15', '16', '17'],
  },
  {
    iso: 'ES',
    name: 'Spain',
    dialCode: '34',
    smsPrice: 0.0853,
    inboundSmsPrice: 0,
    mobilePrefixes: ['6', '7'],
  },
  { iso: 'IT', name: 'Italy', dialCode: '39', smsPrice: 0.0878, inboundSmsPrice: 0, mobilePrefixes: ['3'] },
  { iso: 'BE', name: 'Belgium', dialCode: '32', smsPrice: 0.0983, inboundSmsPrice: 0, mobilePrefixes: ['4'] },
  {
    iso: 'CH',
    name: 'Switzerland',
    dialCode: '41',
    smsPrice: 0.0714,
    inboundSmsPrice: 0,
    mobilePrefixes: ['7'],
  },
  {
    iso: 'AU',
    name: 'Australia',
    dialCode: '61',
    smsPrice: 0.0515,
    inboundSmsPrice: 0,
    mobilePrefixes: ['4'],
  },
  { iso: 'MX', name: 'Mexico', dialCode: '52', smsPrice: 0.0455, inboundSmsPrice: 0 },
  { iso: 'BR', name: 'Brazil', dialCode: '55', smsPrice: 0.0563, inboundSmsPrice: 0 },
  { iso: 'IN', name: 'India', dialCode: '91', smsPrice: 0.0832, inboundSmsPrice: 0 },
];

// Canadian NANP area codes; every other valid NANP area code is treated as US.
const CANADIAN_AREA_CODES = new Set(
  '204 226 236 249 250 263 289 306 343 354 365 367 368 382 403 416 418 428 431 437 438 450 468 474 506 514 519 548 579 581 584 587 604 613 639 647 672 683 705 709 742 753 778 780 782 807 819 825 867 873 879 902 905'.split(
    ' ',
  ),
);

const E164 = /^\+[1-9]\d{7,14}$/;

/** Strips the punctuation people type ("+1 (415) 555-0100") and returns E.164, or null if invalid. */
export function normalizeE164(raw: string | undefined | null): string | null {
  if (raw === undefined || raw === null) return null;
  const compact = raw.trim().replace(/[\s().-]/g, '');
  if (!E164.test(compact)) return null;
  if (compact.startsWith('+1')) {
    // NANP: exactly 10 digits, area code and exchange cannot start with 0 or 1.
    if (!/^\+1[2-9]\d{2}[2-9]\d{6}$/.test(compact)) return null;
  }
  return compact;
}

export function countryOf(e164: string): CountryInfo | undefined {
  if (e164.startsWith('+1')) {
    const area = e164.slice(2, 5);
    return COUNTRIES.find((c) => c.iso === (CANADIAN_AREA_CODES.has(area) ? 'CA' : 'US'));
  }
  let best: CountryInfo | undefined;
  for (const c of COUNTRIES) {
    if (c.dialCode !== '1' && e164.startsWith(`+${c.dialCode}`)) {
      if (!best || c.dialCode.length > best.dialCode.length) best = c;
    }
  }
  return best;
}

export function countryByIso(iso: string): CountryInfo | undefined {
  return COUNTRIES.find((c) => c.iso === iso.toUpperCase());
}

/** National significant number (without country code and trunk prefix). */
export function nationalNumber(e164: string): string {
  const country = countryOf(e164);
  return country ? e164.slice(1 + country.dialCode.length) : e164.slice(1);
}

export function isMobileRange(e164: string): boolean {
  const country = countryOf(e164);
  if (!country?.mobilePrefixes) return true;
  const nsn = nationalNumber(e164);
  return country.mobilePrefixes.some((p) => nsn.startsWith(p));
}

/** Twilio shows NANP numbers as "(415) 555-0100" and everything else in E.164. */
export function friendlyPhone(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

/** Alphanumeric sender IDs: 1-11 chars, letters/digits/spaces, at least one letter. */
export function isAlphanumericSenderId(value: string): boolean {
  return /^[A-Za-z0-9 ]{1,11}$/.test(value) && /[A-Za-z]/.test(value);
}

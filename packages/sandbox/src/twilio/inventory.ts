import { createRng, seedFrom } from '../shared/rng.ts';
import { friendlyPhone } from './phone.ts';

/**
 * Deterministic pool of purchasable numbers. The same seed always yields the same numbers, localities and
 * capabilities, so tests and demos can hard-code what they expect to find.
 */
export type NumberType = 'local' | 'mobile' | 'tollfree';

export interface Capabilities {
  voice: boolean;
  sms: boolean;
  mms: boolean;
  fax: boolean;
}

export interface InventoryNumber {
  phoneNumber: string;
  isoCountry: string;
  type: NumberType;
  friendlyName: string;
  locality: string | null;
  region: string | null;
  postalCode: string | null;
  rateCenter: string | null;
  lata: string | null;
  latitude: string | null;
  longitude: string | null;
  /** NANP area code (US/CA) - the only countries where Twilio honours AreaCode. */
  areaCode: string | null;
  addressRequirements: 'none' | 'any' | 'local' | 'foreign';
  capabilities: Capabilities;
  /** Account that bought it; undefined while it is available. */
  ownerSid?: string;
}

interface Place {
  /** Digits after the country code that every number here starts with. */
  prefix: string;
  locality: string | null;
  region: string | null;
  postalCode: string | null;
  rateCenter?: string | null;
  lata?: string | null;
  lat?: number;
  lng?: number;
}

interface Range {
  type: NumberType;
  /** Total national-significant-number length (digits after the country code). */
  nsnLength: number;
  places: Place[];
  capabilities: Capabilities;
  /** Every n-th generated number is voice-only (some real ranges are). 0 disables. */
  voiceOnlyEvery?: number;
  addressRequirements: InventoryNumber['addressRequirements'];
}

interface CountryInventory {
  iso: string;
  name: string;
  dialCode: string;
  ranges: Range[];
}

const VOICE_SMS_MMS: Capabilities = { voice: true, sms: true, mms: true, fax: false };
const VOICE_SMS: Capabilities = { voice: true, sms: true, mms: false, fax: false };
const VOICE_ONLY: Capabilities = { voice: true, sms: false, mms: false, fax: false };

const nanp = (
  area: string,
  locality: string,
  region: string,
  postalCode: string,
  rateCenter: string,
  lata: string | null,
  lat: number,
  lng: number,
): Place => ({ prefix: area, locality, region, postalCode, rateCenter, lata, lat, lng });

const national = (prefix: string): Place => ({ prefix, locality: null, region: null, postalCode: null });

export const INVENTORY_COUNTRIES: readonly CountryInventory[] = [
  {
    iso: 'US',
    name: 'United States',
    dialCode: '1',
    ranges: [
      {
        type: 'local',
        nsnLength: 10,
        capabilities: VOICE_SMS_MMS,
        voiceOnlyEvery: 7,
        addressRequirements: 'none',
        places: [
          nanp('415', 'San Francisco', 'CA', '94102', 'SNFC CNTL', '722', 37.7749, -122.4194),
          nanp('212', 'New York', 'NY', '10001', 'NWYRCYZN01', '132', 40.7128, -74.006),
          nanp('512', 'Austin', 'TX', '78701', 'AUSTIN', '558', 30.2672, -97.7431),
          nanp('305', 'Miami', 'FL', '33130', 'MIAMI', '460', 25.7617, -80.1918),
          nanp('312', 'Chicago', 'IL', '60601', 'CHICAGO', '358', 41.8781, -87.6298),
          nanp('617', 'Boston', 'MA', '02108', 'BOSTON', '128', 42.3601, -71.0589),
          nanp('206', 'Seattle', 'WA', '98101', 'SEATTLE', '674', 47.6062, -122.3321),
          nanp('808', 'Hilo', 'HI', '96720', 'HILO', '834', 19.72, -155.09),
        ],
      },
      {
        type: 'tollfree',
        nsnLength: 10,
        capabilities: VOICE_SMS_MMS,
        addressRequirements: 'none',
        places: ['800', '833', '844', '855', '866', '877', '888'].map(national),
      },
    ],
  },
  {
    iso: 'CA',
    name: 'Canada',
    dialCode: '1',
    ranges: [
      {
        type: 'local',
        nsnLength: 10,
        capabilities: VOICE_SMS_MMS,
        voiceOnlyEvery: 9,
        addressRequirements: 'none',
        places: [
          nanp('416', 'Toronto', 'ON', 'M5H 2N2', 'TORONTO', null, 43.6532, -79.3832),
          nanp('514', 'Montreal', 'QC', 'H2Y 1C6', 'MONTREAL', null, 45.5017, -73.5673),
          nanp('604', 'Vancouver', 'BC', 'V6B 1A1', 'VANCOUVER', null, 49.2827, -123.1207),
          nanp('613', 'Ottawa', 'ON', 'K1P 1J1', 'OTTAWA', null, 45.4215, -75.6972),
          nanp('403', 'Calgary', 'AB', 'T2P 1J9', 'CALGARY', null, 51.0447, -114.0719),
        ],
      },
      {
        type: 'tollfree',
        nsnLength: 10,
        capabilities: VOICE_SMS,
        addressRequirements: 'none',
        places: ['833', '844', '855'].map(national),
      },
    ],
  },
  {
    iso: 'FR',
    name: 'France',
    dialCode: '33',
    ranges: [
      {
        // French geographic numbers cannot send or receive SMS.
        type: 'local',
        nsnLength: 9,
        capabilities: VOICE_ONLY,
        addressRequirements: 'local',
        places: [
          {
            prefix: '1',
            locality: 'Paris',
            region: 'Île-de-France',
            postalCode: '75001',
            lat: 48.8566,
            lng: 2.3522,
          },
          {
            prefix: '47',
            locality: 'Lyon',
            region: 'Auvergne-Rhône-Alpes',
            postalCode: '69001',
            lat: 45.764,
            lng: 4.8357,
          },
          {
            prefix: '49',
            locality: 'Marseille',
            region: "Provence-Alpes-Côte d'Azur",
            postalCode: '13001',
            lat: 43.2965,
            lng: 5.3698,
          },
          {
            prefix: '56',
            locality: 'Bordeaux',
            region: 'Nouvelle-Aquitaine',
            postalCode: '33000',
            lat: 44.8378,
            lng: -0.5792,
          },
          {
            prefix: '40',
            locality: 'Nantes',
            region: 'Pays de la Loire',
            postalCode: '44000',
            lat: 47.2184,
            lng: -1.5536,
          },
          {
            prefix: '88',
            locality: 'Strasbourg',
            region: 'Grand Est',
            postalCode: '67000',
            lat: 48.5734,
            lng: 7.7521,
          },
        ],
      },
      {
        type: 'mobile',
        nsnLength: 9,
        capabilities: VOICE_SMS,
        addressRequirements: 'any',
        places: ['6', '7'].map(national),
      },
      {
        type: 'tollfree',
        nsnLength: 9,
        capabilities: VOICE_ONLY,
        addressRequirements: 'any',
        places: [national('80')],
      },
    ],
  },
  {
    iso: 'IL',
    name: 'Israel',
    dialCode: '972',
    ranges: [
      {
        type: 'local',
        nsnLength: 8,
        capabilities: VOICE_ONLY,
        addressRequirements: 'any',
        places: [
          {
            prefix: '2',
            locality: 'Jerusalem',
            region: 'Jerusalem District',
            postalCode: '9100000',
            lat: 31.7683,
            lng: 35.2137,
          },
          {
            prefix: '3',
            locality: 'Tel Aviv',
            region: 'Tel Aviv District',
            postalCode: '6100000',
            lat: 32.0853,
            lng: 34.7818,
          },
          {
            prefix: '4',
            locality: 'Haifa',
            region: 'Haifa District',
            postalCode: '3100000',
            lat: 32.794,
            lng: 34.9896,
          },
          {
            prefix: '8',
            locality: "Be'er Sheva",
            region: 'Southern District',
            postalCode: '8400000',
            lat: 31.253,
            lng: 34.7915,
          },
          {
            prefix: '9',
            locality: 'Netanya',
            region: 'Central District',
            postalCode: '4200000',
            lat: 32.3215,
            lng: 34.8532,
          },
        ],
      },
      {
        type: 'mobile',
        nsnLength: 9,
        capabilities: VOICE_SMS,
        addressRequirements: 'any',
        places: ['50', '52', '53', '54', '58'].map(national),
      },
      {
        type: 'tollfree',
        nsnLength: 9,
        capabilities: VOICE_ONLY,
        addressRequirements: 'any',
        places: [national('1800')],
      },
    ],
  },
  {
    iso: 'GB',
    name: 'United Kingdom',
    dialCode: '44',
    ranges: [
      {
        type: 'local',
        nsnLength: 10,
        capabilities: VOICE_ONLY,
        addressRequirements: 'any',
        places: [
          {
            prefix: '20',
            locality: 'London',
            region: 'England',
            postalCode: 'EC2V 7HH',
            lat: 51.5074,
            lng: -0.1278,
          },
          {
            prefix: '161',
            locality: 'Manchester',
            region: 'England',
            postalCode: 'M1 1AE',
            lat: 53.4808,
            lng: -2.2426,
          },
          {
            prefix: '121',
            locality: 'Birmingham',
            region: 'England',
            postalCode: 'B1 1BB',
            lat: 52.4862,
            lng: -1.8904,
          },
          {
            prefix: '131',
            locality: 'Edinburgh',
            region: 'Scotland',
            postalCode: 'EH1 1YZ',
            lat: 55.9533,
            lng: -3.1883,
          },
          {
            prefix: '29',
            locality: 'Cardiff',
            region: 'Wales',
            postalCode: 'CF10 1EP',
            lat: 51.4816,
            lng: -3.1791,
          },
        ],
      },
      {
        type: 'mobile',
        nsnLength: 10,
        capabilities: VOICE_SMS,
        addressRequirements: 'any',
        places: ['74', '75', '77', '78', '79'].map(national),
      },
      {
        type: 'tollfree',
        nsnLength: 10,
        capabilities: VOICE_ONLY,
        addressRequirements: 'any',
        places: [national('800')],
      },
    ],
  },
];

export const NUMBERS_PER_PLACE = 40;

const coord = (n: number | undefined, rngJitter: number): string | null =>
  n === undefined ? null : (n + rngJitter).toFixed(6);

/** Generates the whole inventory for `seed`. Pure: same seed, same output. */
export function generateInventory(seed: number): InventoryNumber[] {
  const out: InventoryNumber[] = [];
  const seen = new Set<string>();
  for (const country of INVENTORY_COUNTRIES) {
    for (const range of country.ranges) {
      for (const place of range.places) {
        const rng = createRng(seedFrom(seed, country.iso, range.type, place.prefix));
        let made = 0;
        for (let guard = 0; made < NUMBERS_PER_PLACE && guard < NUMBERS_PER_PLACE * 20; guard++) {
          let rest = '';
          const restLength = range.nsnLength - place.prefix.length;
          for (let i = 0; i < restLength; i++) {
            // NANP exchange (first digit after the area code) must be 2-9, and we avoid the fictional 555.
            rest += i === 0 && country.dialCode === '1' ? String(rng.int(2, 9)) : String(rng.int(0, 9));
          }
          if (country.dialCode === '1' && rest.startsWith('555')) continue;
          // Keep inventory clear of the "99xx" failure-number convention (see README).
          if (rest.slice(-4, -2) === '99') continue;
          const phoneNumber = `+${country.dialCode}${place.prefix}${rest}`;
          if (seen.has(phoneNumber)) continue;
          seen.add(phoneNumber);
          made++;
          const voiceOnly = range.voiceOnlyEvery ? made % range.voiceOnlyEvery === 0 : false;
          out.push({
            phoneNumber,
            isoCountry: country.iso,
            type: range.type,
            friendlyName: friendlyPhone(phoneNumber),
            locality: place.locality,
            region: place.region,
            postalCode: place.postalCode,
            rateCenter: place.rateCenter ?? (place.locality ? place.locality.toUpperCase() : null),
            lata: place.lata ?? null,
            latitude: coord(place.lat, (rng.next() - 0.5) / 10),
            longitude: coord(place.lng, (rng.next() - 0.5) / 10),
            areaCode: country.dialCode === '1' ? place.prefix : null,
            addressRequirements: range.addressRequirements,
            capabilities: { ...(voiceOnly ? VOICE_ONLY : range.capabilities) },
          });
        }
      }
    }
  }
  return out;
}

const KEYPAD: Record<string, string> = {};
for (const [digit, letters] of Object.entries({
  '2': 'ABC',
  '3': 'DEF',
  '4': 'GHI',
  '5': 'JKL',
  '6': 'MNO',
  '7': 'PQRS',
  '8': 'TUV',
  '9': 'WXYZ',
})) {
  for (const l of letters) KEYPAD[l] = digit;
}

/**
 * Twilio's `Contains` pattern: digits and keypad letters, `*` = exactly one digit, `%` = any run of
 * digits, a leading `+` anchors at the start of the E.164 number, a trailing `$` at the end. Without
 * anchors it matches anywhere. Returns null when the pattern is unusable (Twilio answers 400).
 */
export function containsToRegExp(pattern: string): RegExp | null {
  let p = pattern.trim();
  if (p.length === 0) return null;
  const anchoredStart = p.startsWith('+');
  if (anchoredStart) p = p.slice(1);
  const anchoredEnd = p.endsWith('$');
  if (anchoredEnd) p = p.slice(0, -1);
  let body = '';
  for (const ch of p.toUpperCase()) {
    if (/\d/.test(ch)) body += ch;
    else if (ch === '*') body += '\\d';
    else if (ch === '%') body += '\\d*';
    else if (KEYPAD[ch]) body += KEYPAD[ch];
    else return null;
  }
  if (body.length === 0) return null;
  return new RegExp(`${anchoredStart ? '^' : ''}${body}${anchoredEnd ? '$' : ''}`);
}

export interface InventorySearch {
  isoCountry: string;
  type: NumberType;
  areaCode?: string;
  contains?: RegExp;
  smsEnabled?: boolean;
  mmsEnabled?: boolean;
  voiceEnabled?: boolean;
  faxEnabled?: boolean;
  inRegion?: string;
  inPostalCode?: string;
  inLocality?: string;
  inRateCenter?: string;
  inLata?: string;
  limit: number;
}

export function searchInventory(items: readonly InventoryNumber[], q: InventorySearch): InventoryNumber[] {
  const out: InventoryNumber[] = [];
  const eq = (a: string | null, b: string | undefined): boolean =>
    b === undefined || (a !== null && a.toLowerCase() === b.toLowerCase());
  const cap = (actual: boolean, wanted: boolean | undefined): boolean =>
    wanted === undefined || actual === wanted;
  for (const n of items) {
    if (out.length >= q.limit) break;
    if (n.ownerSid !== undefined || n.isoCountry !== q.isoCountry || n.type !== q.type) continue;
    if (q.areaCode !== undefined && n.areaCode !== q.areaCode) continue;
    if (q.contains && !q.contains.test(n.phoneNumber.slice(1))) continue;
    if (!cap(n.capabilities.sms, q.smsEnabled) || !cap(n.capabilities.mms, q.mmsEnabled)) continue;
    if (!cap(n.capabilities.voice, q.voiceEnabled) || !cap(n.capabilities.fax, q.faxEnabled)) continue;
    if (!eq(n.region, q.inRegion) || !eq(n.postalCode, q.inPostalCode) || !eq(n.locality, q.inLocality))
      continue;
    if (!eq(n.rateCenter, q.inRateCenter) || !eq(n.lata, q.inLata)) continue;
    out.push(n);
  }
  return out;
}

export function inventoryCountry(iso: string): CountryInventory | undefined {
  return INVENTORY_COUNTRIES.find((c) => c.iso === iso.toUpperCase());
}

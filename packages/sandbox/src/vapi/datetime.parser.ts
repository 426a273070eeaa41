// Finds a requested appointment date/time in a caller's sentence. French and English use chrono-node;
// chrono has no Hebrew locale, so Hebrew uses a small hand-written parser covering what callers say
// on the phone: היום / מחר / מחרתיים, days of the week, "בשעה 10", "ב-10:30", hour words, "וחצי".
// Everything is computed in UTC from an explicit reference instant so results never depend on the
// host time zone.
import * as chrono from 'chrono-node';

export type CallLanguage = 'en' | 'fr' | 'he';

export interface RequestedSlot {
  /** YYYY-MM-DD */
  date: string;
  /** HH:mm, absent when the caller only gave a day. */
  time?: string;
  /** False when the caller gave only a time and the day was implied ("at 10"). */
  dateCertain?: boolean;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function formatDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

function addDays(reference: Date, days: number): Date {
  return new Date(
    Date.UTC(reference.getUTCFullYear(), reference.getUTCMonth(), reference.getUTCDate() + days),
  );
}

/** Callers say "at 3" for 15:00: a small business is not open at 3 am, so 1–7 without am/pm means pm. */
function businessHour(hour: number, meridiemKnown: boolean): number {
  return !meridiemKnown && hour >= 1 && hour <= 7 ? hour + 12 : hour;
}

function parseWithChrono(text: string, language: 'en' | 'fr', reference: Date): RequestedSlot | undefined {
  const parser = language === 'fr' ? chrono.fr : chrono.en;
  const results = parser.parse(text, { instant: reference, timezone: 0 }, { forwardDate: true });
  const start = results[0]?.start;
  if (start === undefined) return undefined;
  const year = start.get('year');
  const month = start.get('month');
  const day = start.get('day');
  if (year === null || month === null || day === null) return undefined;
  const slot: RequestedSlot = {
    date: formatDate(year, month, day),
    dateCertain: start.isCertain('day') || start.isCertain('weekday'),
  };
  const hour = start.get('hour');
  if (start.isCertain('hour') && hour !== null) {
    const h = businessHour(hour, start.isCertain('meridiem'));
    slot.time = `${pad(h)}:${pad(start.get('minute') ?? 0)}`;
  }
  return slot;
}

const HEBREW_DAYS: ReadonlyArray<readonly [string, number]> = [
  ['ראשון', 0],
  ['שני', 1],
  ['שלישי', 2],
  ['רביעי', 3],
  ['חמישי', 4],
  ['שישי', 5],
  ['שבת', 6],
];

const HEBREW_MONTHS = [
  'ינואר',
  'פברואר',
  'מרץ',
  'אפריל',
  'מאי',
  'יוני',
  'יולי',
  'אוגוסט',
  'ספטמבר',
  'אוקטובר',
  'נובמבר',
  'דצמבר',
];

// Longest first so "אחת עשרה" wins over "אחת".
const HEBREW_HOURS: ReadonlyArray<readonly [string, number]> = [
  ['שתים עשרה', 12],
  ['שתיים עשרה', 12],
  ['אחת עשרה', 11],
  ['אחת', 1],
  ['שתיים', 2],
  ['שתים', 2],
  ['שלוש', 3],
  ['ארבע', 4],
  ['חמש', 5],
  ['שש', 6],
  ['שבע', 7],
  ['שמונה', 8],
  ['תשע', 9],
  ['עשר', 10],
];

// Hebrew attaches prepositions to words (ב, ל, ה, ו), so word boundaries are "not a Hebrew letter".
const NOT_HEBREW_LETTER = '(?:^|[^\\u05D0-\\u05EA])';
const END = '(?=$|[^\\u05D0-\\u05EA])';

function hebrewWord(word: string, prefixes = '[בלהו]{0,2}'): RegExp {
  return new RegExp(`${NOT_HEBREW_LETTER}${prefixes}${word}${END}`);
}

export function parseHebrewSlot(text: string, reference: Date): RequestedSlot | undefined {
  let day: Date | undefined;
  if (hebrewWord('מחרתיים').test(text)) day = addDays(reference, 2);
  else if (hebrewWord('מחר').test(text)) day = addDays(reference, 1);
  else if (hebrewWord('היום', '[בלו]?').test(text)) day = addDays(reference, 0);
  if (day === undefined) {
    for (const [name, weekday] of HEBREW_DAYS) {
      // "ביום שלישי", "יום ג'" is rare on the phone; "שבת" alone is a day too.
      const re = new RegExp(
        `${NOT_HEBREW_LETTER}(?:[בל]?יום\\s+)${name}${END}|${NOT_HEBREW_LETTER}[בל]${name}${END}`,
      );
      if (re.test(text) || (name === 'שבת' && hebrewWord('שבת').test(text))) {
        const delta = (weekday - reference.getUTCDay() + 7) % 7 || 7;
        day = addDays(reference, delta);
        break;
      }
    }
  }
  const numericDate = /(?:^|\D)(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?(?!\d)/;
  const namedDate = new RegExp(`(?:^|\\D)(\\d{1,2})\\s*(?:ב|ל)?(${HEBREW_MONTHS.join('|')})`);
  if (day === undefined) {
    const numeric = numericDate.exec(text);
    const named = namedDate.exec(text);
    if (numeric?.[1] !== undefined && numeric[2] !== undefined) {
      day = resolveDayMonth(Number(numeric[1]), Number(numeric[2]), reference);
    } else if (named?.[1] !== undefined && named[2] !== undefined) {
      day = resolveDayMonth(Number(named[1]), HEBREW_MONTHS.indexOf(named[2]) + 1, reference);
    }
  }
  // "ב-15 באפריל" is a date, not 15:00: remove dates before looking for an hour.
  const time = parseHebrewTime(text.replace(numericDate, ' ').replace(namedDate, ' '));
  const dateCertain = day !== undefined;
  if (day === undefined) {
    // A bare time ("בשעה 10") means today, or tomorrow if that hour has already passed.
    if (time === undefined) return undefined;
    const [h] = time.split(':').map(Number);
    day = addDays(reference, (h ?? 0) <= reference.getUTCHours() ? 1 : 0);
  }
  const slot: RequestedSlot = {
    date: formatDate(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()),
    dateCertain,
  };
  if (time !== undefined) slot.time = time;
  return slot;
}

function resolveDayMonth(dayOfMonth: number, month: number, reference: Date): Date | undefined {
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 31) return undefined;
  const thisYear = new Date(Date.UTC(reference.getUTCFullYear(), month - 1, dayOfMonth));
  return thisYear.getTime() < addDays(reference, 0).getTime()
    ? new Date(Date.UTC(reference.getUTCFullYear() + 1, month - 1, dayOfMonth))
    : thisYear;
}

function parseHebrewTime(text: string): string | undefined {
  let hour: number | undefined;
  let minute = 0;
  const digits = /(?:בשעה\s*|שעה\s*|ב-?|ל-?|^|\s)(\d{1,2})(?::(\d{2}))?(?!\d|[./])/.exec(text);
  if (digits?.[1] !== undefined && /בשעה|שעה|ב-?\d|ל-?\d|:/.test(digits[0] + (digits[2] ?? ''))) {
    hour = Number(digits[1]);
    minute = digits[2] === undefined ? 0 : Number(digits[2]);
  } else {
    for (const [word, value] of HEBREW_HOURS) {
      if (new RegExp(`${NOT_HEBREW_LETTER}(?:בשעה\\s+|ב|ל)${word}${END}`).test(text)) {
        hour = value;
        break;
      }
    }
  }
  if (hour === undefined || hour > 23 || minute > 59) return undefined;
  if (/וחצי/.test(text)) minute = 30;
  else if (/ורבע/.test(text)) minute = 15;
  const evening = /אחרי הצהריים|אחה"צ|בערב|בצהריים/.test(text);
  const morning = /בבוקר/.test(text);
  if (evening && hour < 12) hour += 12;
  else if (!morning) hour = businessHour(hour, false);
  return `${pad(hour)}:${pad(minute)}`;
}

export function parseRequestedSlot(
  text: string,
  language: CallLanguage,
  reference: Date,
): RequestedSlot | undefined {
  if (language === 'he' || /[\u05D0-\u05EA]/.test(text)) return parseHebrewSlot(text, reference);
  return parseWithChrono(text, language, reference);
}

/**
 * SMS segment counting as carriers do it: GSM-7 when every character is in the GSM 03.38 default
 * alphabet (extension-table characters cost two septets), otherwise UCS-2 (UTF-16 code units).
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentInfo {
  encoding: SmsEncoding;
  /** Number of SMS segments the body is split into (at least 1). */
  segments: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) used by the body. */
  units: number;
}

export function isGsm7(text: string): boolean {
  for (const ch of text) if (!BASIC.has(ch) && !EXTENSION.has(ch)) return false;
  return true;
}

export function countSegments(text: string): SegmentInfo {
  if (isGsm7(text)) {
    const costs = [...text].map((ch) => (EXTENSION.has(ch) ? 2 : 1));
    return pack(costs, 160, 153, 'GSM-7');
  }
  // UTF-16 code units; an astral character (emoji) is a surrogate pair that must stay in one segment.
  const costs = [...text].map((ch) => ch.length);
  return pack(costs, 70, 67, 'UCS-2');
}

function pack(costs: number[], single: number, multi: number, encoding: SmsEncoding): SegmentInfo {
  const units = costs.reduce((a, b) => a + b, 0);
  if (units <= single) return { encoding, segments: 1, units };
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    // An escape sequence or surrogate pair is never split across two segments.
    if (used + cost > multi) {
      segments++;
      used = 0;
    }
    used += cost;
  }
  return { encoding, segments, units };
}

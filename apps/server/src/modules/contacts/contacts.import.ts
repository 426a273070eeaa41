import { standardVariables, type CsvColumnRole } from '@ava/contracts';
import type { CsvRecord } from './csv.ts';

export type CsvColumn = { header: string; role: CsvColumnRole; field: string | null };

/** One data row with its values picked out by column role; nothing validated yet. */
export type RawImportRow = {
  line: number;
  phone: string;
  name: string;
  email: string;
  notes: string;
  tags: string[];
  fields: Record<string, string>;
};

/** Lower case, accents and punctuation folded, so "Téléphone", "TELEPHONE" and "e-mail" match. */
function fold(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/["'`׳״]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// Headers people actually write in English, French and Hebrew exports (Google, Outlook, phones, Excel).
const HEADERS: Record<Exclude<CsvColumnRole, 'field'>, string[]> = {
  phone: [
    'phone',
    'phone number',
    'phonenumber',
    'number',
    'mobile',
    'mobile phone',
    'mobile number',
    'cell',
    'cell phone',
    'cellphone',
    'tel',
    'telephone',
    'telephone number',
    'msisdn',
    'e164',
    'whatsapp',
    'phone 1 value',
    'numero',
    'numero de telephone',
    'portable',
    'telephone portable',
    'mobile portable',
    'gsm',
    'טלפון',
    'מספר טלפון',
    'טלפון נייד',
    'נייד',
    'סלולרי',
    'פלאפון',
    'מספר',
  ],
  name: [
    'name',
    'full name',
    'fullname',
    'contact',
    'contact name',
    'display name',
    'nom complet',
    'שם',
    'שם מלא',
  ],
  firstName: ['first name', 'firstname', 'first', 'given name', 'prenom', 'שם פרטי'],
  lastName: ['last name', 'lastname', 'last', 'surname', 'family name', 'nom de famille', 'שם משפחה'],
  email: [
    'email',
    'e mail',
    'mail',
    'email address',
    'e mail address',
    'e mail 1 value',
    'courriel',
    'adresse email',
    'adresse e mail',
    'אימייל',
    'מייל',
    'דואל',
    'דואר אלקטרוני',
  ],
  tags: [
    'tags',
    'tag',
    'labels',
    'label',
    'groups',
    'group',
    'group membership',
    'etiquettes',
    'etiquette',
    'תגיות',
    'תגית',
    'קבוצה',
  ],
  notes: ['notes', 'note', 'comments', 'comment', 'remarques', 'remarque', 'commentaire', 'הערות', 'הערה'],
};
const ROLE_BY_HEADER = new Map<string, CsvColumnRole>(
  Object.entries(HEADERS).flatMap(([role, names]) => names.map((n) => [n, role as CsvColumnRole])),
);

const looksLikePhone = (v: string) =>
  /^\+?[\d\s().\-/]{6,}$/.test(v.trim()) && /\d{6,}/.test(v.replace(/\D/g, ''));
const looksLikeEmail = (v: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim());

/** A template-variable name for a custom column: "Company name" → company_name. */
function fieldKey(header: string, index: number, taken: Set<string>): string {
  const base =
    fold(header)
      .normalize('NFD')
      .replace(/[^a-z0-9 ]/g, '')
      .trim()
      .replace(/\s+/g, '_')
      .replace(/^[^a-z]+/, '')
      .slice(0, 36) || `column_${index + 1}`;
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
  taken.add(key);
  return key;
}

/**
 * Names each column. A file with a recognisable phone header is read by its headers ("nom" is the
 * whole name unless a "prénom" column sits beside it); a file without one is read as data from its
 * first line, its columns recognised by their values.
 */
export function detectColumns(records: CsvRecord[]): { columns: CsvColumn[]; headerless: boolean } | null {
  const first = records[0];
  if (!first) return null;
  const taken = new Set<string>(standardVariables);
  const folded = first.cells.map(fold);
  const roles = folded.map((h) => ROLE_BY_HEADER.get(h) ?? 'field');
  if (folded.includes('nom')) {
    const hasFirst = roles.includes('firstName');
    roles.forEach((_, i) => {
      if (folded[i] === 'nom') roles[i] = hasFirst ? 'lastName' : 'name';
    });
  }
  const seen = new Set<CsvColumnRole>();
  // Only the first column of each role counts; a second "phone" column is kept as a field.
  const claimed = roles.map((role) => {
    if (role === 'field' || seen.has(role)) return 'field';
    seen.add(role);
    return role;
  });
  if (claimed.includes('phone')) {
    return {
      headerless: false,
      columns: first.cells.map((header, i) => ({
        header,
        role: claimed[i]!,
        field: claimed[i] === 'field' ? fieldKey(header, i, taken) : null,
      })),
    };
  }
  // No header row: guess from the values of the first line.
  const phoneAt = first.cells.findIndex(looksLikePhone);
  if (phoneAt < 0 || roles.some((r) => r !== 'field')) return null;
  const emailAt = first.cells.findIndex((c, i) => i !== phoneAt && looksLikeEmail(c));
  const nameAt = first.cells.findIndex((c, i) => i !== phoneAt && i !== emailAt && c.trim() !== '');
  const width = Math.max(...records.slice(0, 50).map((r) => r.cells.length));
  return {
    headerless: true,
    columns: Array.from({ length: width }, (_, i) => {
      const role: CsvColumnRole =
        i === phoneAt ? 'phone' : i === emailAt ? 'email' : i === nameAt ? 'name' : 'field';
      return { header: '', role, field: role === 'field' ? fieldKey('', i, taken) : null };
    }),
  };
}

/** Tags in one cell, separated by `;` or `|` (commas already separate the columns). */
export function splitTags(cell: string): string[] {
  return [
    ...new Set(
      cell
        .split(/[;|]/)
        .map((t) => t.trim().replace(/\s+/g, ' '))
        .filter(Boolean),
    ),
  ];
}

/** The rows of the file as values by role, header row excluded. */
export function extractRows(records: CsvRecord[], columns: CsvColumn[], headerless: boolean): RawImportRow[] {
  const data = headerless ? records : records.slice(1);
  return data.map(({ line, cells }) => {
    const get = (role: CsvColumnRole) => {
      const i = columns.findIndex((c) => c.role === role);
      return i < 0 ? '' : (cells[i] ?? '').trim();
    };
    const fields: Record<string, string> = {};
    columns.forEach((c, i) => {
      const value = (cells[i] ?? '').trim();
      if (c.field && value) fields[c.field] = value;
    });
    const name = get('name') || [get('firstName'), get('lastName')].filter(Boolean).join(' ');
    return {
      line,
      phone: get('phone'),
      name: name.replace(/\s+/g, ' '),
      email: get('email'),
      notes: get('notes'),
      tags: splitTags(get('tags')),
      fields,
    };
  });
}

import { describe, expect, it } from 'vitest';
import { detectColumns, extractRows, splitTags } from './contacts.import.ts';
import { detectDelimiter, parseCsv } from './csv.ts';

const cells = (text: string) => parseCsv(text).map((r) => r.cells);

describe('parseCsv', () => {
  it('reads quotes, escaped quotes, delimiters and line breaks inside quotes', () => {
    expect(cells('a,"b, c","say ""hi"""\n"multi\nline",x,\n')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['multi\nline', 'x', ''],
    ]);
  });

  it('accepts CRLF, lone CR, a BOM, blank lines and a missing final newline', () => {
    expect(cells('\uFEFFphone,name\r\n0611,Ann\r\n\r\n , \n0612,Bob\r0613,Cy')).toEqual([
      ['phone', 'name'],
      ['0611', 'Ann'],
      ['0612', 'Bob'],
      ['0613', 'Cy'],
    ]);
  });

  it('numbers each record by the line it starts on', () => {
    expect(parseCsv('h\n\n"a\r\nb"\nc\n').map((r) => r.line)).toEqual([1, 3, 5]);
  });

  it('keeps stray quotes inside unquoted cells, and spaces before an opening quote out', () => {
    expect(cells('5" screen, "quoted"\n')).toEqual([['5" screen', 'quoted']]);
  });

  it('detects ; and tab delimiters from the first line, ignoring quoted ones', () => {
    expect(detectDelimiter('"a,b";c;d\n1,2,3,4,5')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('phone')).toBe(',');
    expect(cells('Nom;Téléphone\nDupont;0611')).toEqual([
      ['Nom', 'Téléphone'],
      ['Dupont', '0611'],
    ]);
  });
});

describe('column detection', () => {
  it('recognises headers in English, French and Hebrew, whatever their case and accents', () => {
    const detect = (header: string) => detectColumns(parseCsv(`${header}\n`))?.columns.map((c) => c.role);
    expect(detect('PHONE NUMBER,Full Name,E-Mail,Tags,Notes')).toEqual([
      'phone',
      'name',
      'email',
      'tags',
      'notes',
    ]);
    expect(detect('Prénom;Nom;Téléphone portable;Courriel')).toEqual([
      'firstName',
      'lastName',
      'phone',
      'email',
    ]);
    expect(detect('Nom;Numéro')).toEqual(['name', 'phone']);
    expect(detect('שם פרטי,שם משפחה,טלפון,דוא"ל')).toEqual(['firstName', 'lastName', 'phone', 'email']);
  });

  it('turns other columns into template variables, and a second phone column into a field', () => {
    const d = detectColumns(parseCsv('Phone,Company Name,Mobile,Name (old),Business\n'))!;
    expect(d.columns.map((c) => [c.role, c.field])).toEqual([
      ['phone', null],
      ['field', 'company_name'],
      ['field', 'mobile'],
      ['field', 'name_old'],
      // "business" is a standard variable already
      ['field', 'business_2'],
    ]);
  });

  it('splits tags on ; or |, trimmed and unique', () => {
    expect(splitTags(' vip |new;; vip ;a  b')).toEqual(['vip', 'new', 'a b']);
  });

  it('builds rows by role, joining first and last names', () => {
    const records = parseCsv(
      'first name,last name,phone,city\nAda,Lovelace,+447400123456,London\n,,,\nGrace,,,\n',
    );
    const d = detectColumns(records)!;
    expect(extractRows(records, d.columns, d.headerless)).toEqual([
      {
        line: 2,
        phone: '+447400123456',
        name: 'Ada Lovelace',
        email: '',
        notes: '',
        tags: [],
        fields: { city: 'London' },
      },
      { line: 4, phone: '', name: 'Grace', email: '', notes: '', tags: [], fields: {} },
    ]);
  });
});

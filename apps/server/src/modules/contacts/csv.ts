/** One record of a CSV file and the line it starts on (1-based), so errors can point at the file. */
export type CsvRecord = { line: number; cells: string[] };

const DELIMITERS = [',', ';', '\t'] as const;

/**
 * The delimiter of the first line: spreadsheets in French (and many other) locales save CSV with `;`,
 * some tools use tabs. Counted outside quotes so a quoted "Dupont, Marie" does not vote.
 */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/**
 * RFC 4180 with the usual leniencies: a UTF-8 BOM, CRLF, LF or lone CR line ends, `""` inside quotes,
 * stray quotes inside unquoted cells kept as written, and blank lines skipped.
 */
export function parseCsv(
  input: string,
  delimiter = detectDelimiter(input.replace(/^\uFEFF/, '')),
): CsvRecord[] {
  const text = input.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  // whether the current cell started with a quote (only then do quotes delimit it)
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;

  const endCell = () => {
    cells.push(cell);
    cell = '';
    quoted = false;
  };
  const endRecord = () => {
    endCell();
    // Spreadsheets pad the end of a sheet with rows of empty cells (",,,"): those are blank lines too.
    if (cells.some((c) => c.trim() !== '')) records.push({ line: recordLine, cells });
    cells = [];
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && !quoted && cell.trim() === '') {
      // Leading spaces before an opening quote are not part of the value.
      cell = '';
      quoted = true;
      inQuotes = true;
    } else if (ch === delimiter) {
      endCell();
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || cells.length > 0 || quoted) endRecord();
  return records;
}

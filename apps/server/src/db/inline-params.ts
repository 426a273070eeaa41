/**
 * Writes a statement's parameters ($1, $2…) into its text as quoted literals, so that it can travel in
 * one simple query with the statements before it (tenant.ts). A quoted literal is of unknown type until
 * PostgreSQL infers it from where it stands, exactly as an untyped parameter is: `'5'` compares with an
 * integer, `'{a,b}'::text[]` is an array, `LIMIT '10'` is a limit.
 *
 * `$n` is replaced only where PostgreSQL would read a parameter: not inside quoted strings ('…', E'…'),
 * quoted names ("…"), dollar-quoted bodies ($tag$…$tag$) or comments. `prepare` turns a value into the
 * text node-postgres would send for it (pg's own prepareValue, so both paths send the same value).
 * Returns null when a value cannot be written as a literal (binary data, or a NUL character, which a
 * query's text cannot hold): the caller then sends the statement with its parameters.
 */
export function inlineParams(
  text: string,
  values: readonly unknown[],
  prepare: (value: unknown) => unknown,
): string | null {
  const literals: string[] = [];
  for (const value of values) {
    const prepared = prepare(value);
    if (prepared === null || prepared === undefined) literals.push('NULL');
    else if (typeof prepared !== 'string' || prepared.includes('\0')) return null;
    else literals.push(quote(prepared));
  }
  if (!literals.length) return text;
  // Only these characters can start a parameter, a quoted string or name, or a comment.
  const special = /[-/'"$]/g;
  let out = '';
  let copied = 0;
  for (let m = special.exec(text); m; m = special.exec(text)) {
    const i = m.index;
    const skip = skippable(text, i);
    if (skip > i) special.lastIndex = skip;
    else if (text[i] === '$' && isDigit(text[i + 1]) && !isWordChar(text[i - 1])) {
      let j = i + 1;
      while (isDigit(text[j])) j += 1;
      const literal = literals[Number(text.slice(i + 1, j)) - 1];
      if (literal === undefined) return null;
      out += text.slice(copied, i) + literal;
      copied = special.lastIndex = j;
    }
  }
  out += text.slice(copied);
  return out;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isWordChar = (c: string | undefined) => c !== undefined && /[\w$]/.test(c);

/**
 * A string literal that means the same whatever standard_conforming_strings is: backslashes are
 * doubled inside an E'' string, quotes doubled in both.
 */
function quote(s: string): string {
  const quoted = s.replace(/'/g, "''");
  return s.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

/** Just after the first `closing` from `from` on (the end of the text if there is none). */
function endOf(text: string, from: number, closing: string): number {
  const at = text.indexOf(closing, from);
  return at === -1 ? text.length : at + closing.length;
}

/** Where the quoted string, name, dollar-quoted body or comment starting at i ends (i if none starts). */
function skippable(text: string, i: number): number {
  const c = text[i];
  if (c === '-' && text[i + 1] === '-') return endOf(text, i + 2, '\n');
  if (c === '/' && text[i + 1] === '*') return endOf(text, i + 2, '*/');
  if (c === '"') return endOf(text, i + 1, '"'); // "" inside a name reads as two adjacent names: same extent
  if (c === "'") {
    // E'…' (the E just before) takes backslash escapes; '' is a quote inside either kind.
    const escapes = (text[i - 1] === 'e' || text[i - 1] === 'E') && !isWordChar(text[i - 2]);
    let j = i + 1;
    while (j < text.length) {
      if (escapes && text[j] === '\\') j += 2;
      else if (text[j] === "'") {
        if (text[j + 1] === "'") j += 2;
        else return j + 1;
      } else j += 1;
    }
    return text.length;
  }
  if (c === '$' && !isWordChar(text[i - 1])) {
    const tag = /^\$([A-Za-z_][A-Za-z_0-9]*)?\$/.exec(text.slice(i, i + 64));
    if (tag) return endOf(text, i + tag[0].length, tag[0]);
  }
  return i;
}

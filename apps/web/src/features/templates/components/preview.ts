import { contactVariables, renderTemplate, standardVariables, templateVariables } from '@ava/contracts';
import type { PreviewContact } from '../api/list-preview-contacts';

const STANDARD = new Set<string>(standardVariables);

/** Variables no contact can fill: neither standard nor a field imported on any contact (as the server says). */
export function unknownVariables(body: string, fields: readonly string[]): string[] {
  const known = new Set(fields.map((f) => f.toLowerCase()));
  return templateVariables(body).filter((v) => !STANDARD.has(v) && !known.has(v));
}

export const SAMPLE_ID = '__sample__';

/** A made-up contact so a template can be previewed before any contact exists; fields show as [key]. */
export function sampleContact(name: string, fields: readonly string[]): PreviewContact {
  return {
    id: SAMPLE_ID,
    e164: '+15551234567',
    name,
    email: 'contact@example.com',
    fields: Object.fromEntries(fields.map((f) => [f, `[${f}]`])),
  };
}

export type Preview = {
  text: string;
  /** fields other contacts have but this one does not: sent as written for this contact */
  missing: string[];
  /** variables nobody can fill */
  unknown: string[];
};

/** The text this contact would receive, and which variables stayed unfilled and why. */
export function renderPreview(
  body: string,
  contact: PreviewContact,
  business: string,
  fields: readonly string[],
): Preview {
  const { text, unknown } = renderTemplate(body, contactVariables(contact, business));
  const known = new Set(fields.map((f) => f.toLowerCase()));
  return {
    text,
    missing: unknown.filter((v) => known.has(v)),
    unknown: unknown.filter((v) => !known.has(v)),
  };
}

/** Splits a rendered text so the `{variables}` left unfilled can be highlighted. */
export function highlightParts(text: string, unfilled: readonly string[]) {
  if (unfilled.length === 0) return [{ text, unfilled: false }];
  const names = new Set(unfilled);
  return text
    .split(/(\{[a-z][a-z0-9_]*\})/i)
    .filter(Boolean)
    .map((part) => ({
      text: part,
      unfilled: names.has(part.slice(1, -1).toLowerCase()) && part.startsWith('{'),
    }));
}

import { badRequest } from './errors.ts';

export type QueryValue = string | string[] | undefined;
export type Query = Record<string, QueryValue>;

/** First value of a (possibly repeated) form/query field. */
export function first(source: Query, key: string): string | undefined {
  const v = source[key];
  return Array.isArray(v) ? v[0] : v;
}

/** All values of a repeated form/query field (`MediaUrl=a&MediaUrl=b`). */
export function all(source: Query, key: string): string[] {
  const v = source[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export function parseBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw badRequest(20001, `Invalid boolean value: ${value}`);
}

export function parsePageSize(query: Query, fallback = 50): number {
  const raw = first(query, 'PageSize');
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw badRequest(20001, `Invalid PageSize: ${raw}`);
  if (n > 1000) throw badRequest(20007, 'Page size too large');
  return n;
}

export interface PageOptions<T> {
  /** Twilio-relative path, e.g. /2010-04-01/Accounts/AC…/Messages.json */
  path: string;
  query: Query;
  /** Array key in the envelope: messages, incoming_phone_numbers, calls… */
  key: string;
  /** Filters echoed into every page URI (in the order given). */
  filters: Array<[string, string]>;
  sidOf: (item: T) => string;
  toJson: (item: T) => unknown;
}

/**
 * Twilio's list envelope: `Page` is 0-based, `PageToken` is `PA` + the SID of the previous page's last
 * item (so pages stay stable when new records arrive), `next_page_uri` is null on the last page.
 */
export function paginate<T>(items: readonly T[], opts: PageOptions<T>): Record<string, unknown> {
  const pageSize = parsePageSize(opts.query);
  const pageRaw = first(opts.query, 'Page');
  const page = pageRaw === undefined ? 0 : Number(pageRaw);
  if (!Number.isInteger(page) || page < 0) throw badRequest(20001, `Invalid Page: ${pageRaw}`);
  const token = first(opts.query, 'PageToken');
  let offset = page * pageSize;
  if (token?.startsWith('PA')) {
    const idx = items.findIndex((item) => opts.sidOf(item) === token.slice(2));
    if (idx >= 0) offset = idx + 1;
  }
  const slice = items.slice(offset, offset + pageSize);
  const uri = (p: number, pageToken?: string): string => {
    const qs = new URLSearchParams(opts.filters);
    qs.set('PageSize', String(pageSize));
    qs.set('Page', String(p));
    if (pageToken) qs.set('PageToken', pageToken);
    return `${opts.path}?${qs.toString()}`;
  };
  const last = slice[slice.length - 1];
  const hasNext = offset + pageSize < items.length && last !== undefined;
  const start = page * pageSize;
  return {
    [opts.key]: slice.map(opts.toJson),
    end: slice.length > 0 ? start + slice.length - 1 : start,
    first_page_uri: uri(0),
    next_page_uri: hasNext ? uri(page + 1, `PA${opts.sidOf(last)}`) : null,
    page,
    page_size: pageSize,
    previous_page_uri: page > 0 ? uri(page - 1) : null,
    start,
    uri: uri(page, token),
  };
}

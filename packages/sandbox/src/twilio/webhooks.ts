import { rollWebhookFault, type FaultRegistry } from '../shared/faults.ts';
import type { Ledger, LedgerRecord } from '../shared/ledger.ts';
import type { Rng } from '../shared/rng.ts';
import { computeTwilioSignature, type WebhookParams } from './signature.ts';
import type { TwilioLedgerEntry, WebhookPurpose } from './types.ts';

export interface WebhookContext {
  ledger: Ledger<TwilioLedgerEntry>;
  faults: FaultRegistry;
  rng: Rng;
  fetch: typeof fetch;
  timeoutMs: number;
  publicBaseUrl: string | undefined;
}

export interface WebhookRequest {
  accountSid: string;
  authToken: string;
  purpose: WebhookPurpose;
  relatedSid: string;
  url: string;
  method: string;
  params: WebhookParams;
}

export type WebhookEntry = LedgerRecord<Extract<TwilioLedgerEntry, { kind: 'webhook' }>>;

const MAX_RECORDED_BODY = 64 * 1024;

/** Builds the form body the way Twilio does (spaces as `+`, repeated keys repeated). */
function encodeForm(params: WebhookParams): string {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'string') form.append(k, v);
    else for (const item of v) form.append(k, item);
  }
  return form.toString();
}

/**
 * Sends one signed webhook and records it (and what the app answered) in the ledger. Never throws: a
 * failing receiver is a normal, observable outcome. Returns the primary attempt's ledger entry.
 */
export async function deliverWebhook(ctx: WebhookContext, req: WebhookRequest): Promise<WebhookEntry> {
  const fault = rollWebhookFault(ctx.faults.get(req.accountSid), ctx.rng);
  const method: 'GET' | 'POST' = req.method.toUpperCase() === 'GET' ? 'GET' : 'POST';
  let url = req.url;
  if (ctx.publicBaseUrl && !/^[a-z][a-z0-9+.-]*:\/\//i.test(url))
    url = new URL(url, ctx.publicBaseUrl).toString();
  // GET webhooks carry the params in the query string, and then the signature covers only the URL.
  if (method === 'GET') {
    const qs = encodeForm(req.params);
    if (qs) url += (url.includes('?') ? '&' : '?') + qs;
  }
  const signature = computeTwilioSignature(req.authToken, url, method === 'POST' ? req.params : {});
  const base = {
    kind: 'webhook' as const,
    accountSid: req.accountSid,
    purpose: req.purpose,
    relatedSid: req.relatedSid,
    url,
    method,
    params: req.params,
    signature,
  };
  if (fault === 'drop') {
    return ctx.ledger.record({
      ...base,
      outcome: 'dropped',
      duplicate: false,
      response: null,
      error: null,
      durationMs: 0,
    }) as WebhookEntry;
  }
  const send = async (duplicate: boolean): Promise<WebhookEntry> => {
    const started = performance.now();
    try {
      const res = await ctx.fetch(url, {
        method,
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Twilio-Signature': signature,
          'User-Agent': 'TwilioProxy/1.1',
          Accept: '*/*',
          'I-Twilio-Idempotency-Token': `${req.relatedSid}-${req.purpose}`,
        },
        body: method === 'POST' ? encodeForm(req.params) : undefined,
        signal: AbortSignal.timeout(ctx.timeoutMs),
        redirect: 'manual',
      });
      const text = await res.text();
      return ctx.ledger.record({
        ...base,
        outcome: 'delivered',
        duplicate,
        response: {
          status: res.status,
          contentType: res.headers.get('content-type'),
          body: text.slice(0, MAX_RECORDED_BODY),
        },
        error: null,
        durationMs: Math.round(performance.now() - started),
      }) as WebhookEntry;
    } catch (error) {
      return ctx.ledger.record({
        ...base,
        outcome: 'error',
        duplicate,
        response: null,
        error: error instanceof Error ? error.message : String(error),
        durationMs: Math.round(performance.now() - started),
      }) as WebhookEntry;
    }
  };
  const first = await send(false);
  if (fault === 'duplicate') await send(true);
  return first;
}

export const isSuccess = (entry: WebhookEntry): boolean =>
  entry.outcome === 'delivered' &&
  entry.response !== null &&
  entry.response.status >= 200 &&
  entry.response.status < 300;

/** Extracts the text of `<Message>` verbs from a TwiML answer (plain or with a nested `<Body>`). */
export function twimlMessages(xml: string): string[] {
  const out: string[] = [];
  const re = /<Message\b[^>]*>([\s\S]*?)<\/Message>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const inner = m[1] ?? '';
    const body = /<Body>([\s\S]*?)<\/Body>/.exec(inner);
    out.push(decodeXml((body ? (body[1] ?? '') : inner.replace(/<[^>]+>/g, '')).trim()));
  }
  return out;
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

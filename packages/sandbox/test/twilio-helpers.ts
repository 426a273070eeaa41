import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { readFileSync } from 'node:fs';
import { createTwilioEmulatorState, twilioEmulator, type TwilioEmulatorState } from '../src/twilio/index.ts';
import type { TwilioEmulatorStateOptions } from '../src/twilio/types.ts';

/** Fixed start of the manual clock in tests: dates in assertions are exact. */
export const T0 = new Date('2026-11-21T07:16:00Z');

/** NOTES.md §2: keep the SDK's auth/encoding, rewrite only the origin (plus an optional mount prefix). */
export class LocalRequestClient extends twilio.RequestClient {
  private readonly target: URL;
  readonly seen: Array<{ method: string; url: string }> = [];
  constructor(baseUrl: string) {
    super();
    this.target = new URL(baseUrl);
  }
  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const u = new URL(opts.uri);
    const headers = { ...opts.headers, 'X-Original-Host': u.host };
    u.protocol = this.target.protocol;
    u.host = this.target.host;
    u.pathname = this.target.pathname.replace(/\/$/, '') + u.pathname;
    this.seen.push({ method: String(opts.method).toUpperCase(), url: u.toString() });
    return super.request<TData>({ ...opts, uri: u.toString(), headers });
  }
}

export interface Harness {
  app: FastifyInstance;
  state: TwilioEmulatorState;
  /** http://127.0.0.1:PORT plus the mount prefix. */
  baseUrl: string;
  client(accountSid: string, authToken: string): ReturnType<typeof twilio>;
  /** The LocalRequestClient behind a client made by `client()` (to inspect the URLs the SDK called). */
  httpClient(client: ReturnType<typeof twilio>): LocalRequestClient;
  /** Every JSON body the emulator sent back, with the route it answered, for spec validation. */
  responses: Array<{ method: string; url: string; status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startEmulator(
  options: TwilioEmulatorStateOptions & { prefix?: string } = {},
): Promise<Harness> {
  const { prefix, ...stateOptions } = options;
  const state = createTwilioEmulatorState({ clock: 'manual', now: () => T0, ...stateOptions });
  const app = Fastify();
  const responses: Harness['responses'] = [];
  app.addHook('onSend', async (req, reply, payload) => {
    if (typeof payload === 'string' && req.url.includes('/2010-04-01/')) {
      responses.push({
        method: req.method,
        url: req.url,
        status: reply.statusCode,
        body: JSON.parse(payload),
      });
    }
    return payload;
  });
  await app.register(twilioEmulator, { state, ...(prefix ? { prefix } : {}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}${prefix ?? ''}`;
  return {
    app,
    state,
    baseUrl,
    responses,
    client(accountSid, authToken) {
      return twilio(accountSid, authToken, { httpClient: new LocalRequestClient(baseUrl) });
    },
    httpClient: (client) => client.httpClient as LocalRequestClient,
    async close() {
      await app.close();
      state.dispose();
    },
  };
}

export async function createAccount(
  h: Harness,
  body: Record<string, unknown> = {},
): Promise<{ accountSid: string; authToken: string }> {
  const res = await fetch(`${h.baseUrl}/sandbox/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`account creation failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { accountSid: string; authToken: string };
}

export async function sandboxPost(
  h: Harness,
  path: string,
  body: unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test code asserts JSON field by field
): Promise<{ status: number; json: any }> {
  const res = await fetch(`${h.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

/** A local app that receives webhooks the way AVA's server would. */
export interface Receiver {
  url: string;
  requests: Array<{
    path: string;
    headers: Record<string, string | string[] | undefined>;
    params: Record<string, string>;
  }>;
  /** What to answer on a given path (default 200 `<Response/>`). */
  respond: Map<string, { status: number; body: string; contentType?: string }>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const app = Fastify();
  await app.register(formbody);
  const requests: Receiver['requests'] = [];
  const respond: Receiver['respond'] = new Map();
  app.all('/*', async (req, reply) => {
    const params = { ...((req.method === 'GET' ? req.query : req.body) as Record<string, string>) };
    requests.push({ path: req.url.split('?')[0] ?? req.url, headers: req.headers, params });
    const answer = respond.get(req.url.split('?')[0] ?? '') ?? { status: 200, body: '<Response/>' };
    return reply
      .code(answer.status)
      .type(answer.contentType ?? 'text/xml')
      .send(answer.body);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, respond, close: () => app.close() };
}

// ---------------------------------------------------------------- spec validation (README recipe)

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test code asserts JSON field by field
type Json = Record<string, any>;
// Copy of shared/specs/twilio/api_v2010.trimmed.json (same JSON value; whitespace normalised by Prettier) so the
// suite is self-contained.
const doc = JSON.parse(
  readFileSync(new URL('./twilio-api-v2010.trimmed.json', import.meta.url), 'utf8'),
) as Json;
const S = doc.components.schemas as Json;
for (const kind of ['local', 'mobile', 'toll_free']) {
  const props =
    S[`api.v2010.account.available_phone_number_country.available_phone_number_${kind}`].properties;
  for (const k of ['latitude', 'longitude']) props[k].type = ['number', 'string'];
}
for (const k of ['sms_application_sid', 'voice_application_sid']) {
  const p = S['api.v2010.account.incoming_phone_number'].properties[k];
  p.anyOf = [{ const: '' }, { pattern: p.pattern, minLength: p.minLength, maxLength: p.maxLength }];
  delete p.pattern;
  delete p.minLength;
  delete p.maxLength;
}
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('uri', true);
for (const f of [
  'date-time-rfc-2822',
  'uri-map',
  'iso-country-code',
  'phone-number',
  'phone-number-capabilities',
  'currency',
  'http-method',
]) {
  ajv.addFormat(f, true);
}
ajv.addSchema(doc, 'twilio');

const pointer = (path: string, method: string, status: string): string =>
  `twilio#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${status}/content/application~1json/schema`;

/** Response schema for an emulator request URL, looked up from the spec's path templates. */
export function schemaFor(method: string, url: string, status: number): ValidateFunction | null {
  const path = url.slice(url.indexOf('/2010-04-01/')).split('?')[0] ?? '';
  for (const template of Object.keys(doc.paths as Json)) {
    const re = new RegExp(`^${template.replace(/\./g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (!re.test(path)) continue;
    const op = (doc.paths as Json)[template][method.toLowerCase()];
    if (!op?.responses?.[String(status)]) return null;
    return ajv.getSchema(pointer(template, method.toLowerCase(), String(status))) ?? null;
  }
  return null;
}

/** Validates every 2xx JSON body recorded by the harness; returns the failures (empty = all good). */
export function validateRecorded(h: Harness): { checked: number; failures: string[] } {
  const failures: string[] = [];
  let checked = 0;
  for (const r of h.responses) {
    if (r.status >= 300) continue;
    const validate = schemaFor(r.method, r.url, r.status);
    if (!validate) {
      failures.push(`no schema for ${r.method} ${r.url} ${r.status}`);
      continue;
    }
    checked++;
    if (!validate(r.body)) failures.push(`${r.method} ${r.url}: ${ajv.errorsText(validate.errors)}`);
  }
  return { checked, failures };
}

export const validateMessage = (): ValidateFunction =>
  ajv.getSchema('twilio#/components/schemas/api.v2010.account.message') as ValidateFunction;

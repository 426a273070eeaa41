import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { rollRequestFault } from '../shared/faults.ts';
import { authFailed, badRequest, notFound, testCredentialsForbidden, TwilioApiError } from './errors.ts';
import { containsToRegExp, inventoryCountry, searchInventory, type NumberType } from './inventory.ts';
import { all, first, paginate, parseBool, parsePageSize, type Query } from './pagination.ts';
import { normalizeE164 } from './phone.ts';
import {
  accountJson,
  API_PREFIX,
  availableNumberJson,
  callJson,
  incomingNumberJson,
  messageJson,
} from './serialize.ts';
import { createTwilioEmulatorState, type NumberConfigInput, type TwilioEmulatorState } from './state.ts';
import type { AccountRecord, TwilioEmulatorStateOptions } from './types.ts';

export interface TwilioEmulatorOptions extends TwilioEmulatorStateOptions {
  /** Share state with the caller (tests, sandbox UI). When omitted the plugin creates and owns one. */
  state?: TwilioEmulatorState;
  /** Mount the `/sandbox/*` control routes (accounts, handsets, clock, ledger, faults). Default true. */
  sandboxRoutes?: boolean;
}

interface ApiContext {
  account: AccountRecord;
  req: FastifyRequest;
  reply: FastifyReply;
  params: Record<string, string>;
  query: Query;
  form: Query;
  /** Twilio-relative request path without query, e.g. /2010-04-01/Accounts/AC…/Messages.json */
  path: string;
}

type ApiHandler = (ctx: ApiContext) => unknown;

const TYPE_SEGMENTS: Record<string, NumberType> = {
  'Local.json': 'local',
  'Mobile.json': 'mobile',
  'TollFree.json': 'tollfree',
};

/** `AC….json` path segment → `AC…`, anything else (XML, no extension) → null. */
const stripJson = (segment: string | undefined): string | null =>
  segment !== undefined && segment.endsWith('.json') ? segment.slice(0, -5) : null;

function parseBasicAuth(header: string | undefined): { user: string; pass: string } | null {
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), pass: decoded.slice(colon + 1) };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Fields shared by IncomingPhoneNumber create and update (PascalCase form → state input). */
function numberConfig(form: Query): NumberConfigInput {
  const lookup = first(form, 'VoiceCallerIdLookup');
  const mode = first(form, 'VoiceReceiveMode');
  if (mode !== undefined && mode !== 'voice' && mode !== 'fax')
    throw badRequest(20001, `Invalid VoiceReceiveMode: ${mode}`);
  return {
    friendlyName: first(form, 'FriendlyName'),
    smsUrl: first(form, 'SmsUrl'),
    smsMethod: first(form, 'SmsMethod'),
    smsFallbackUrl: first(form, 'SmsFallbackUrl'),
    smsFallbackMethod: first(form, 'SmsFallbackMethod'),
    smsApplicationSid: first(form, 'SmsApplicationSid'),
    voiceUrl: first(form, 'VoiceUrl'),
    voiceMethod: first(form, 'VoiceMethod'),
    voiceFallbackUrl: first(form, 'VoiceFallbackUrl'),
    voiceFallbackMethod: first(form, 'VoiceFallbackMethod'),
    voiceApplicationSid: first(form, 'VoiceApplicationSid'),
    voiceCallerIdLookup: parseBool(lookup),
    voiceReceiveMode: mode,
    statusCallback: first(form, 'StatusCallback'),
    statusCallbackMethod: first(form, 'StatusCallbackMethod'),
    addressSid: first(form, 'AddressSid'),
    identitySid: first(form, 'IdentitySid'),
    bundleSid: first(form, 'BundleSid'),
    trunkSid: first(form, 'TrunkSid'),
    emergencyAddressSid: first(form, 'EmergencyAddressSid'),
  };
}

/** `DateSent` filters: a bare date matches the whole UTC day; `<`/`>` are inclusive bounds. */
function dateFilter(query: Query, key: string): ((d: Date | null) => boolean) | null {
  const eq = first(query, key);
  const before = first(query, `${key}<`);
  const after = first(query, `${key}>`);
  if (eq === undefined && before === undefined && after === undefined) return null;
  const parse = (v: string): Date => {
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) throw badRequest(20001, `Invalid date: ${v}`);
    return d;
  };
  const day = eq !== undefined ? parse(eq).toISOString().slice(0, 10) : undefined;
  const lo = after !== undefined ? parse(after).getTime() : undefined;
  const hiRaw = before !== undefined ? parse(before) : undefined;
  // A date-only upper bound includes that whole day.
  const hi =
    hiRaw && before !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(before)
      ? hiRaw.getTime() + 86_399_999
      : hiRaw?.getTime();
  return (d) => {
    if (!d) return false;
    if (day !== undefined && d.toISOString().slice(0, 10) !== day) return false;
    if (lo !== undefined && d.getTime() < lo) return false;
    if (hi !== undefined && d.getTime() > hi) return false;
    return true;
  };
}

function registerApiRoutes(app: FastifyInstance, state: TwilioEmulatorState): void {
  const api =
    (handler: ApiHandler, opts: { allowTest?: boolean } = {}) =>
    async (req: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
      const creds = parseBasicAuth(req.headers.authorization);
      const account = creds ? state.authenticate(creds.user, creds.pass) : undefined;
      const url = req.url;
      const apiStart = url.indexOf(API_PREFIX);
      const path = (apiStart >= 0 ? url.slice(apiStart) : url).split('?')[0] ?? url;
      if (!account) {
        void reply.header('WWW-Authenticate', 'Basic realm="Twilio API"');
        throw authFailed();
      }
      const params = req.params as Record<string, string>;
      const pathSid = params.AccountSid ?? stripJson(params.AccountFile) ?? undefined;
      if (pathSid !== account.sid) throw notFound(path);
      if (account.test && !opts.allowTest) throw testCredentialsForbidden();
      const faults = state.faults.get(account.sid);
      if (faults?.latencyMs) await sleep(faults.latencyMs);
      const fault = rollRequestFault(faults, state.rng);
      if (fault.kind === 'http429') throw new TwilioApiError(429, 20429, 'Too Many Requests');
      if (fault.kind === 'http500') throw new TwilioApiError(500, 20500, 'Internal Server Error');
      return handler({
        account,
        req,
        reply,
        params,
        query: (req.query ?? {}) as Query,
        form: ((req.body as Query | undefined) ?? {}) as Query,
        path,
      });
    };

  const A = `${API_PREFIX}/Accounts/:AccountSid`;

  // --- Accounts
  app.get(
    `${API_PREFIX}/Accounts/:AccountFile`,
    api(({ account }) => accountJson(account)),
  );
  app.post(
    `${API_PREFIX}/Accounts/:AccountFile`,
    api(({ account, form }) => {
      const name = first(form, 'FriendlyName');
      if (name !== undefined) account.friendlyName = name;
      account.dateUpdated = state.now();
      return accountJson(account);
    }),
  );

  // --- AvailablePhoneNumbers
  app.get(
    `${A}/AvailablePhoneNumbers.json`,
    api(({ account, path }) => ({
      countries: ['US', 'CA', 'FR', 'IL', 'GB'].map((iso) => countryJson(account.sid, iso)),
      uri: path,
    })),
  );
  app.get(
    `${A}/AvailablePhoneNumbers/:CountryFile`,
    api(({ account, params, path }) => {
      const iso = stripJson(params.CountryFile);
      if (!iso || !inventoryCountry(iso) || iso !== iso.toUpperCase()) throw notFound(path);
      return countryJson(account.sid, iso);
    }),
  );
  app.get(
    `${A}/AvailablePhoneNumbers/:CountryCode/:TypeFile`,
    api(({ params, query, path, req }) => {
      const country = inventoryCountry(params.CountryCode ?? '');
      const type = TYPE_SEGMENTS[params.TypeFile ?? ''];
      if (
        !country ||
        params.CountryCode !== country.iso ||
        !type ||
        !country.ranges.some((r) => r.type === type)
      ) {
        throw notFound(path);
      }
      const containsRaw = first(query, 'Contains');
      const contains = containsRaw !== undefined ? containsToRegExp(containsRaw) : undefined;
      if (contains === null) throw badRequest(20001, `Invalid Contains pattern: ${containsRaw}`);
      const areaCode = first(query, 'AreaCode');
      const results = searchInventory(state.inventory, {
        isoCountry: country.iso,
        type,
        // Twilio honours AreaCode only for NANP numbers.
        areaCode: country.iso === 'US' || country.iso === 'CA' ? areaCode : undefined,
        contains,
        smsEnabled: parseBool(first(query, 'SmsEnabled')),
        mmsEnabled: parseBool(first(query, 'MmsEnabled')),
        voiceEnabled: parseBool(first(query, 'VoiceEnabled')),
        faxEnabled: parseBool(first(query, 'FaxEnabled')),
        inRegion: first(query, 'InRegion'),
        inPostalCode: first(query, 'InPostalCode'),
        inLocality: first(query, 'InLocality'),
        inRateCenter: first(query, 'InRateCenter'),
        inLata: first(query, 'InLata'),
        limit: Math.min(parsePageSize(query), 50),
      });
      const qs = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      return { available_phone_numbers: results.map(availableNumberJson), uri: path + qs };
    }),
  );

  // --- IncomingPhoneNumbers
  app.get(
    `${A}/IncomingPhoneNumbers.json`,
    api(({ account, query, path }) => {
      const phone = first(query, 'PhoneNumber');
      const friendly = first(query, 'FriendlyName');
      const wanted = phone !== undefined ? phone.replace(/[^\d]/g, '') : undefined;
      const items = state
        .listNumbers(account.sid)
        .filter((n) => wanted === undefined || n.phoneNumber.slice(1).includes(wanted))
        .filter((n) => friendly === undefined || n.friendlyName === friendly);
      const filters: Array<[string, string]> = [];
      if (phone !== undefined) filters.push(['PhoneNumber', phone]);
      if (friendly !== undefined) filters.push(['FriendlyName', friendly]);
      return paginate(items, {
        path,
        query,
        key: 'incoming_phone_numbers',
        filters,
        sidOf: (n) => n.sid,
        toJson: incomingNumberJson,
      });
    }),
  );
  app.post(
    `${A}/IncomingPhoneNumbers.json`,
    api(
      ({ account, form, reply }) => {
        const record = state.buyNumber(account, {
          ...numberConfig(form),
          phoneNumber: first(form, 'PhoneNumber'),
          areaCode: first(form, 'AreaCode'),
        });
        void reply.code(201);
        return incomingNumberJson(record);
      },
      { allowTest: true },
    ),
  );
  const numberOr404 = (ctx: ApiContext) => {
    const sid = stripJson(ctx.params.NumberFile);
    const n = sid ? state.getNumber(ctx.account.sid, sid) : undefined;
    if (!n) throw notFound(ctx.path);
    return n;
  };
  app.get(
    `${A}/IncomingPhoneNumbers/:NumberFile`,
    api((ctx) => incomingNumberJson(numberOr404(ctx))),
  );
  app.post(
    `${A}/IncomingPhoneNumbers/:NumberFile`,
    api((ctx) => incomingNumberJson(state.updateNumber(numberOr404(ctx), numberConfig(ctx.form)))),
  );
  app.delete(
    `${A}/IncomingPhoneNumbers/:NumberFile`,
    api((ctx) => {
      state.releaseNumber(numberOr404(ctx));
      return ctx.reply.code(204).send();
    }),
  );

  // --- Messages
  app.post(
    `${A}/Messages.json`,
    api(
      ({ account, form, reply }) => {
        const message = state.sendMessage(account, {
          to: first(form, 'To'),
          from: first(form, 'From'),
          messagingServiceSid: first(form, 'MessagingServiceSid'),
          body: first(form, 'Body'),
          mediaUrls: all(form, 'MediaUrl'),
          statusCallback: first(form, 'StatusCallback'),
        });
        void reply.code(201);
        return messageJson(message);
      },
      { allowTest: true },
    ),
  );
  app.get(
    `${A}/Messages.json`,
    api(({ account, query, path }) => {
      const to = first(query, 'To');
      const from = first(query, 'From');
      const toN = to !== undefined ? (normalizeE164(to) ?? to) : undefined;
      const fromN = from !== undefined ? (normalizeE164(from) ?? from) : undefined;
      const sent = dateFilter(query, 'DateSent');
      const items = state
        .listMessages(account.sid)
        .filter((m) => toN === undefined || m.to === toN)
        .filter((m) => fromN === undefined || m.from === fromN)
        .filter((m) => sent === null || sent(m.dateSent));
      const filters: Array<[string, string]> = [];
      for (const key of ['To', 'From', 'DateSent', 'DateSent<', 'DateSent>']) {
        const v = first(query, key);
        if (v !== undefined) filters.push([key, v]);
      }
      return paginate(items, {
        path,
        query,
        key: 'messages',
        filters,
        sidOf: (m) => m.sid,
        toJson: messageJson,
      });
    }),
  );
  const messageOr404 = (ctx: ApiContext) => {
    const sid = stripJson(ctx.params.MessageFile);
    const m = sid ? state.getMessage(ctx.account.sid, sid) : undefined;
    if (!m) throw notFound(ctx.path);
    return m;
  };
  app.get(
    `${A}/Messages/:MessageFile`,
    api((ctx) => messageJson(messageOr404(ctx))),
  );
  app.post(
    `${A}/Messages/:MessageFile`,
    api((ctx) =>
      messageJson(
        state.updateMessage(messageOr404(ctx), {
          body: first(ctx.form, 'Body'),
          status: first(ctx.form, 'Status'),
        }),
      ),
    ),
  );
  app.delete(
    `${A}/Messages/:MessageFile`,
    api((ctx) => {
      state.deleteMessage(messageOr404(ctx));
      return ctx.reply.code(204).send();
    }),
  );

  // --- Calls
  app.post(
    `${A}/Calls.json`,
    api(
      ({ account, form, reply }) => {
        const call = state.createCall(account, {
          to: first(form, 'To'),
          from: first(form, 'From'),
          url: first(form, 'Url'),
          twiml: first(form, 'Twiml'),
          applicationSid: first(form, 'ApplicationSid'),
          method: first(form, 'Method'),
          statusCallback: first(form, 'StatusCallback'),
          statusCallbackMethod: first(form, 'StatusCallbackMethod'),
          statusCallbackEvents: all(form, 'StatusCallbackEvent').flatMap((e) => e.split(' ')),
        });
        void reply.code(201);
        return callJson(call);
      },
      { allowTest: true },
    ),
  );
  app.get(
    `${A}/Calls.json`,
    api(({ account, query, path }) => {
      const to = first(query, 'To');
      const from = first(query, 'From');
      const status = first(query, 'Status');
      const parent = first(query, 'ParentCallSid');
      const start = dateFilter(query, 'StartTime');
      const end = dateFilter(query, 'EndTime');
      const items = state
        .listCalls(account.sid)
        .filter((c) => to === undefined || c.to === (normalizeE164(to) ?? to))
        .filter((c) => from === undefined || c.from === (normalizeE164(from) ?? from))
        .filter((c) => status === undefined || c.status === status)
        .filter((c) => parent === undefined || c.parentCallSid === parent)
        .filter((c) => start === null || start(c.startTime))
        .filter((c) => end === null || end(c.endTime));
      const filters: Array<[string, string]> = [];
      for (const key of [
        'To',
        'From',
        'Status',
        'ParentCallSid',
        'StartTime',
        'StartTime<',
        'StartTime>',
        'EndTime',
        'EndTime<',
        'EndTime>',
      ]) {
        const v = first(query, key);
        if (v !== undefined) filters.push([key, v]);
      }
      return paginate(items, { path, query, key: 'calls', filters, sidOf: (c) => c.sid, toJson: callJson });
    }),
  );
  const callOr404 = (ctx: ApiContext) => {
    const sid = stripJson(ctx.params.CallFile);
    const c = sid ? state.getCall(ctx.account.sid, sid) : undefined;
    if (!c) throw notFound(ctx.path);
    return c;
  };
  app.get(
    `${A}/Calls/:CallFile`,
    api((ctx) => callJson(callOr404(ctx))),
  );
}

function countryJson(accountSid: string, iso: string): Record<string, unknown> {
  const country = inventoryCountry(iso);
  const base = `${API_PREFIX}/Accounts/${accountSid}/AvailablePhoneNumbers/${iso}`;
  const sub: Record<string, string> = {};
  for (const range of country?.ranges ?? []) {
    const seg = range.type === 'tollfree' ? 'TollFree' : range.type === 'mobile' ? 'Mobile' : 'Local';
    sub[range.type === 'tollfree' ? 'toll_free' : range.type] = `${base}/${seg}.json`;
  }
  return {
    country_code: iso,
    country: country?.name ?? iso,
    uri: `${base}.json`,
    beta: false,
    subresource_uris: sub,
  };
}

const accountBody = z
  .object({
    friendlyName: z.string().min(1).max(64).optional(),
    test: z.boolean().optional(),
    accountSid: z
      .string()
      .regex(/^AC[0-9a-f]{32}$/)
      .optional(),
    authToken: z
      .string()
      .regex(/^[0-9a-f]{32}$/)
      .optional(),
    smsGeoPermissions: z.array(z.string().length(2)).optional(),
  })
  .strict();

const handsetMessageBody = z.object({
  to: z.string().min(1),
  body: z.string().max(1600).default(''),
  mediaUrls: z.array(z.string().url()).max(10).optional(),
});

const handsetCallBody = z.object({
  to: z.string().min(1),
  durationSeconds: z.number().int().min(1).max(14_400).optional(),
});

const faultsBody = z
  .object({
    accountSid: z.string().optional(),
    rate429: z.number().min(0).max(1).optional(),
    rate500: z.number().min(0).max(1).optional(),
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    dropWebhookRate: z.number().min(0).max(1).optional(),
    duplicateWebhookRate: z.number().min(0).max(1).optional(),
  })
  .strict();

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw badRequest(
      20001,
      result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    );
  }
  return result.data;
}

/** Control API for the sandbox UI and tests. Not part of Twilio: no auth, JSON in and out. */
function registerSandboxRoutes(app: FastifyInstance, state: TwilioEmulatorState): void {
  app.post('/sandbox/accounts', async (req, reply) => {
    const input = parseBody(accountBody, req.body);
    const account = state.createAccount(input);
    return reply.code(201).send({
      accountSid: account.sid,
      authToken: account.authToken,
      friendlyName: account.friendlyName,
      test: account.test,
    });
  });
  app.get('/sandbox/accounts', async () => ({
    accounts: state
      .listAccounts()
      .map((a) => ({ accountSid: a.sid, friendlyName: a.friendlyName, test: a.test })),
  }));
  app.post<{ Params: { from: string } }>('/sandbox/handsets/:from/messages', async (req, reply) => {
    const input = parseBody(handsetMessageBody, req.body);
    const result = await state.receiveFromHandset({ from: req.params.from, ...input });
    return reply.code(201).send({
      message: messageJson(result.message),
      webhook: result.webhook,
      replies: result.replies.map(messageJson),
    });
  });
  app.get<{ Params: { number: string } }>('/sandbox/handsets/:number/messages', async (req) => {
    const number = normalizeE164(req.params.number);
    if (!number) throw badRequest(21211, `Invalid handset number ${req.params.number}`);
    return { messages: state.handsetMessages(number).map(messageJson) };
  });
  app.post<{ Params: { from: string } }>('/sandbox/handsets/:from/calls', async (req, reply) => {
    const input = parseBody(handsetCallBody, req.body);
    const result = await state.callFromHandset({ from: req.params.from, ...input });
    return reply.code(201).send({ call: callJson(result.call), webhook: result.webhook });
  });
  app.get<{ Querystring: { kind?: string; accountSid?: string; afterSeq?: string } }>(
    '/sandbox/ledger',
    async (req) => {
      const after = Number(req.query.afterSeq ?? 0);
      return {
        entries: state.ledger.entries(
          (e) =>
            (req.query.kind === undefined || e.kind === req.query.kind) &&
            (req.query.accountSid === undefined || e.accountSid === req.query.accountSid) &&
            e.seq > after,
        ),
      };
    },
  );
  app.get('/sandbox/clock', async () => ({
    mode: state.scheduler.mode,
    now: state.now().toISOString(),
    pending: state.scheduler.pending(),
  }));
  app.post('/sandbox/clock/advance', async (req) => {
    const { ms } = parseBody(z.object({ ms: z.number().int().min(0) }), req.body);
    if (state.scheduler.mode !== 'manual')
      throw badRequest(20001, 'The clock is real-time; advance needs clock=manual');
    await state.advance(ms);
    return { now: state.now().toISOString(), pending: state.scheduler.pending() };
  });
  app.post('/sandbox/clock/run-all', async () => {
    await state.runAll();
    return { now: state.now().toISOString(), pending: state.scheduler.pending() };
  });
  app.put('/sandbox/faults', async (req) => {
    const { accountSid, ...config } = parseBody(faultsBody, req.body);
    state.faults.set(config, accountSid);
    return { accountSid: accountSid ?? null, faults: config };
  });
  app.delete<{ Querystring: { accountSid?: string } }>('/sandbox/faults', async (req, reply) => {
    state.faults.clear(req.query.accountSid);
    return reply.code(204).send();
  });
}

/**
 * Fastify plugin speaking Twilio's REST API (`/2010-04-01/...`) plus `/sandbox/*` control routes.
 * Register it with or without a prefix: `app.register(twilioEmulator, { prefix: '/sandbox/twilio', state })`.
 */
export const twilioEmulator: FastifyPluginAsync<TwilioEmulatorOptions> = async (app, options) => {
  const { state: given, sandboxRoutes = true, ...stateOptions } = options;
  const state = given ?? createTwilioEmulatorState(stateOptions);
  if (!given) app.addHook('onClose', async () => state.dispose());

  // Mounted inside a host app that already parses forms (AVA), reuse its parser.
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);

  app.setErrorHandler((error, _req, reply) => {
    if (error instanceof TwilioApiError) return reply.code(error.status).send(error.toBody());
    const status = (error as { statusCode?: number }).statusCode;
    const message = error instanceof Error ? error.message : String(error);
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.code(status).send(new TwilioApiError(status, 20001, message).toBody());
    }
    app.log.error(error);
    return reply.code(500).send(new TwilioApiError(500, 20500, 'Internal Server Error').toBody());
  });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? req.url;
    const start = path.indexOf(API_PREFIX);
    return reply.code(404).send(notFound(start >= 0 ? path.slice(start) : path).toBody());
  });

  registerApiRoutes(app, state);
  if (sandboxRoutes) registerSandboxRoutes(app, state);
};

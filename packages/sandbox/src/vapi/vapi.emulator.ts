// Fastify plugin emulating the slice of Vapi's REST API the product drives through
// @vapi-ai/server-sdk (assistants, phone numbers, calls), plus sandbox-only routes under
// `/sandbox/*` to create accounts, simulate inbound calls, read the ledger and inject faults.
// Mount it at the root or under a prefix; the SDK keeps any path prefix in `baseUrl`.
import { randomUUID } from 'node:crypto';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ToolCallTrace } from './call.simulator.ts';
import { SimulatedCall } from './call.simulator.ts';
import type { VapiDtoName } from './dto.validator.ts';
import { validateVapiDto } from './dto.validator.ts';
import type { VapiFaultConfig } from './faults.ts';
import { mergeFaults, seededRandom, sleep } from './faults.ts';
import type {
  AssistantRecord,
  JsonObject,
  PhoneNumberRecord,
  ServerConfig,
  VapiAccount,
} from './vapi.state.ts';
import { VapiEmulatorState } from './vapi.state.ts';
import { WebhookDispatcher } from './webhook.dispatcher.ts';

/**
 * How the emulator reaches the Twilio account of an imported number. The Twilio emulator (or a test
 * double) implements it; the lead wires the real one in.
 */
export interface TwilioNumberGateway {
  verifyNumber(
    accountSid: string,
    authToken: string,
    number: string,
  ): Promise<
    | { ok: true; numberSid: string }
    | { ok: false; reason: 'invalid-credentials' | 'number-not-found' | string }
  >;
  /** Points the number's voice webhook at Vapi; `smsUrl` is omitted when the SMS URL must stay untouched. */
  setNumberUrls(input: {
    accountSid: string;
    authToken: string;
    numberSid: string;
    voiceUrl: string;
    smsUrl?: string;
  }): Promise<void>;
}

export interface VapiEmulatorOptions {
  /** Share state with tests / the sandbox UI; a fresh one is created otherwise. */
  state?: VapiEmulatorState;
  /** Free Vapi numbers per account (Vapi said 10 until 2026-07, 5 since). */
  freeNumberCap?: number;
  /** How long a new free number stays `activating`. The create response is always `activating`. */
  activationDelayMs?: number;
  twilio?: TwilioNumberGateway;
  /** Base URL Vapi would give Twilio as the voice/SMS webhook of an imported number. */
  publicBaseUrl?: string;
  /** Where recordings are served; defaults to this plugin's own `/sandbox/recordings` route. */
  recordingBaseUrl?: string;
  faults?: Partial<VapiFaultConfig>;
  random?: () => number;
  now?: () => Date;
  /** Vapi's fixed assistant-request limit is 7.5 s; tests may shorten it. */
  assistantRequestTimeoutMs?: number;
  /**
   * A call that Twilio hands over (POST <prefix>/twilio/inbound_call) has no scripted caller; it stays
   * open for /sandbox/calls/:id/say until hung up or idle this long.
   */
  inboundIdleHangupMs?: number;
  /** Pre-provisioned accounts, e.g. a fixed key for a local dev server. */
  accounts?: Array<Partial<Omit<VapiAccount, 'createdAt'>>>;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

function sendError(reply: FastifyReply, statusCode: number, message: string | string[]): FastifyReply {
  return reply.code(statusCode).send({ message, error: REASONS[statusCode] ?? 'Error', statusCode });
}

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const INVALID_KEY =
  'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.';

interface ListQuery {
  limit?: string;
  [key: string]: string | undefined;
}

/** Vapi list filters: limit (0–1000, default 100) plus createdAt/updatedAt Gt/Lt/Ge/Le; newest first. */
function applyListFilters<T extends JsonObject>(
  items: T[],
  query: ListQuery,
): { ok: true; items: T[] } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const limit = query.limit === undefined ? 100 : Number(query.limit);
  if (!Number.isFinite(limit) || limit < 0 || limit > 1000)
    errors.push('limit must not be greater than 1000');
  const comparisons: Array<[string, 'createdAt' | 'updatedAt', (a: number, b: number) => boolean]> = [];
  for (const field of ['createdAt', 'updatedAt'] as const) {
    for (const [suffix, test] of [
      ['Gt', (a: number, b: number) => a > b],
      ['Lt', (a: number, b: number) => a < b],
      ['Ge', (a: number, b: number) => a >= b],
      ['Le', (a: number, b: number) => a <= b],
    ] as const) {
      const raw = query[`${field}${suffix}`];
      if (raw === undefined) continue;
      if (Number.isNaN(Date.parse(raw)))
        errors.push(`${field}${suffix} must be a valid ISO 8601 date string`);
      else comparisons.push([raw, field, test]);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const filtered = items
    .filter((item) =>
      comparisons.every(([raw, field, test]) => test(Date.parse(String(item[field])), Date.parse(raw))),
    )
    .sort((a, b) => Date.parse(String(b['createdAt'])) - Date.parse(String(a['createdAt'])))
    .slice(0, limit);
  return { ok: true, items: filtered };
}

/** A 1-second silent 8 kHz mono WAV, so recording URLs resolve to something a player accepts. */
function silentWav(): Buffer {
  const samples = 8000;
  const buffer = Buffer.alloc(44 + samples, 0x80);
  buffer.write('RIFF', 0);
  buffer.writeUInt32LE(36 + samples, 4);
  buffer.write('WAVEfmt ', 8);
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20);
  buffer.writeUInt16LE(1, 22);
  buffer.writeUInt32LE(8000, 24);
  buffer.writeUInt32LE(8000, 28);
  buffer.writeUInt16LE(1, 32);
  buffer.writeUInt16LE(8, 34);
  buffer.write('data', 36);
  buffer.writeUInt32LE(samples, 40);
  return buffer;
}

export const vapiEmulator: FastifyPluginAsync<VapiEmulatorOptions> = async (
  app: FastifyInstance,
  options,
) => {
  const state = options.state ?? new VapiEmulatorState();
  const now = options.now ?? (() => new Date());
  const random = options.random ?? seededRandom(42);
  state.faults = mergeFaults(state.faults, options.faults ?? {});
  const freeNumberCap = options.freeNumberCap ?? 10;
  const activationDelayMs = options.activationDelayMs ?? 0;
  const publicBaseUrl = (options.publicBaseUrl ?? 'https://api.vapi.ai').replace(/\/+$/, '');
  const dispatcher = new WebhookDispatcher({ state, faults: () => state.faults, random, now });
  const liveCalls = new Map<string, SimulatedCall>();
  for (const account of options.accounts ?? []) state.createAccount(account, now());

  const recordingUrl = (request: FastifyRequest, callId: string): string => {
    const base =
      options.recordingBaseUrl ?? `${request.protocol}://${request.host}${app.prefix}/sandbox/recordings`;
    return `${base.replace(/\/+$/, '')}/${callId}.wav`;
  };

  // Vapi answers every error with the NestJS envelope; keep Fastify's own errors (bad JSON, 404) in it.
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
    return sendError(reply, status, status === 500 ? 'Internal server error' : error.message);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, `Cannot ${request.method} ${request.url.split('?')[0] ?? ''}`),
  );

  const accountOf = new WeakMap<FastifyRequest, VapiAccount>();
  const account = (request: FastifyRequest): VapiAccount => {
    const found = accountOf.get(request);
    if (found === undefined) throw new Error('route is missing the auth hook');
    return found;
  };

  const authenticate = async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> => {
    const faults = state.faults;
    if (faults.apiLatencyMs > 0) await sleep(faults.apiLatencyMs);
    if (faults.apiErrorRate > 0 && random() < faults.apiErrorRate) {
      const status = faults.apiErrorStatus === 'mixed' ? (random() < 0.5 ? 429 : 500) : faults.apiErrorStatus;
      state.ledger.apiFaults.push({
        seq: state.nextSeq(),
        method: request.method,
        url: request.url,
        status,
        at: now().toISOString(),
      });
      if (status === 429) reply.header('retry-after', '1');
      return sendError(reply, status, status === 429 ? 'Too Many Requests' : 'Internal server error');
    }
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const found = match?.[1] === undefined ? undefined : state.findAccountByPrivateKey(match[1].trim());
    if (found === undefined) return sendError(reply, 401, INVALID_KEY);
    accountOf.set(request, found);
    return undefined;
  };

  const validate = (reply: FastifyReply, dto: VapiDtoName, body: unknown): boolean => {
    const errors = validateVapiDto(dto, body ?? {});
    if (errors.length === 0) return true;
    void sendError(reply, 400, errors);
    return false;
  };

  const stamp = (): string => now().toISOString();

  // ---------------------------------------------------------------- assistants
  const ownedAssistant = (
    request: FastifyRequest<{ Params: { id: string } }>,
  ): AssistantRecord | undefined => {
    const found = state.assistants.get(request.params.id);
    return found !== undefined && found.orgId === account(request).orgId ? found : undefined;
  };

  app.post('/assistant', { preHandler: authenticate }, async (request, reply) => {
    if (!validate(reply, 'CreateAssistantDTO', request.body)) return reply;
    const at = stamp();
    const assistant: AssistantRecord = {
      ...(request.body as JsonObject),
      id: randomUUID(),
      orgId: account(request).orgId,
      createdAt: at,
      updatedAt: at,
    };
    state.assistants.set(assistant.id, assistant);
    return reply.code(201).send(assistant);
  });

  app.get<{ Querystring: ListQuery }>('/assistant', { preHandler: authenticate }, async (request, reply) => {
    const mine = [...state.assistants.values()].filter((a) => a.orgId === account(request).orgId);
    const result = applyListFilters(mine, request.query);
    return result.ok ? result.items : sendError(reply, 400, result.errors);
  });

  app.get<{ Params: { id: string } }>(
    '/assistant/:id',
    { preHandler: authenticate },
    async (request, reply) => {
      return ownedAssistant(request) ?? sendError(reply, 404, "Couldn't Find Assistant");
    },
  );

  app.patch<{ Params: { id: string } }>(
    '/assistant/:id',
    { preHandler: authenticate },
    async (request, reply) => {
      const found = ownedAssistant(request);
      if (found === undefined) return sendError(reply, 404, "Couldn't Find Assistant");
      if (!validate(reply, 'UpdateAssistantDTO', request.body)) return reply;
      // PATCH replaces the top-level fields it names (nested objects are not deep-merged).
      Object.assign(found, request.body as JsonObject, { updatedAt: stamp() });
      return found;
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/assistant/:id',
    { preHandler: authenticate },
    async (request, reply) => {
      const found = ownedAssistant(request);
      if (found === undefined) return sendError(reply, 404, "Couldn't Find Assistant");
      state.assistants.delete(found.id);
      for (const number of state.phoneNumbers.values()) {
        if (number.data['assistantId'] === found.id) delete number.data['assistantId'];
      }
      return found;
    },
  );

  // ---------------------------------------------------------------- phone numbers
  const view = (record: PhoneNumberRecord): JsonObject => {
    if (record.data['status'] === 'activating' && now().getTime() >= record.activatesAtMs) {
      record.data['status'] = 'active';
    }
    return record.data;
  };

  const ownedNumber = (
    request: FastifyRequest<{ Params: { id: string } }>,
  ): PhoneNumberRecord | undefined => {
    const found = state.phoneNumbers.get(request.params.id);
    return found !== undefined && found.data.orgId === account(request).orgId ? found : undefined;
  };

  const assistantIdError = (orgId: string, body: JsonObject): string | undefined => {
    const id = body['assistantId'];
    if (id === undefined || id === null) return undefined;
    const found = typeof id === 'string' ? state.assistants.get(id) : undefined;
    return found === undefined || found.orgId !== orgId ? `Couldn't Find Assistant ${String(id)}` : undefined;
  };

  const allocateNumber = (areaCode: string): string => {
    for (let n = 0; n < 10000; n += 1) {
      const candidate = `+1${areaCode}555${String(n).padStart(4, '0')}`;
      if (state.findPhoneNumberByNumber(candidate) === undefined) return candidate;
    }
    throw new Error(`area code ${areaCode} exhausted`);
  };

  app.post('/phone-number', { preHandler: authenticate }, async (request, reply) => {
    const body = isRecord(request.body) ? request.body : {};
    const me = account(request);
    const provider = body['provider'];
    if (provider !== 'vapi' && provider !== 'twilio') {
      return sendError(reply, 400, [
        provider === undefined
          ? 'provider should not be empty'
          : `provider must be one of the following values: vapi, twilio (the sandbox emulates these two)`,
      ]);
    }
    const dto = provider === 'vapi' ? 'CreateVapiPhoneNumberDTO' : 'CreateTwilioPhoneNumberDTO';
    if (!validate(reply, dto, body)) return reply;
    const badAssistant = assistantIdError(me.orgId, body);
    if (badAssistant !== undefined) return sendError(reply, 400, badAssistant);
    const at = stamp();
    const id = randomUUID();

    if (provider === 'vapi') {
      const areaCode = body['numberDesiredAreaCode'];
      if (typeof areaCode !== 'string' || !/^[2-9]\d{2}$/.test(areaCode)) {
        return sendError(reply, 400, [
          'numberDesiredAreaCode must be a valid 3-digit US area code (free Vapi numbers are US only)',
        ]);
      }
      const cap = me.freeNumberCap ?? freeNumberCap;
      const owned = [...state.phoneNumbers.values()].filter(
        (p) => p.data.orgId === me.orgId && p.data.provider === 'vapi',
      ).length;
      if (owned >= cap) {
        return sendError(
          reply,
          400,
          `Free Number Limit Reached. You can have up to ${cap} free Vapi phone numbers per account. Import a number from Twilio, Vonage or Telnyx for more.`,
        );
      }
      const record: PhoneNumberRecord = {
        data: {
          ...body,
          provider: 'vapi',
          id,
          orgId: me.orgId,
          number: allocateNumber(areaCode),
          status: 'activating',
          createdAt: at,
          updatedAt: at,
        },
        activatesAtMs: now().getTime() + activationDelayMs,
      };
      state.phoneNumbers.set(id, record);
      return reply.code(201).send({ ...record.data });
    }

    const number = String(body['number']);
    if (!/^\+[1-9]\d{6,14}$/.test(number))
      return sendError(reply, 400, ['number must be a valid phone number in E.164 format']);
    if (state.findPhoneNumberByNumber(number) !== undefined) {
      return sendError(
        reply,
        400,
        `Number ${number} Is Already In Use. Delete it from the other account first.`,
      );
    }
    const accountSid = String(body['twilioAccountSid']);
    const authToken = typeof body['twilioAuthToken'] === 'string' ? body['twilioAuthToken'] : undefined;
    if (authToken === undefined) {
      return sendError(reply, 400, [
        'twilioAuthToken should not be empty (or provide twilioApiKey and twilioApiSecret)',
      ]);
    }
    let numberSid: string | undefined;
    if (options.twilio !== undefined) {
      const verdict = await options.twilio.verifyNumber(accountSid, authToken, number);
      if (!verdict.ok) {
        return sendError(
          reply,
          400,
          verdict.reason === 'invalid-credentials'
            ? 'Twilio Error: Invalid Twilio credentials. Check the Account SID and Auth Token.'
            : verdict.reason === 'number-not-found'
              ? `Twilio Error: Number ${number} Not Found On This Twilio Account.`
              : `Twilio Error: ${verdict.reason}`,
        );
      }
      numberSid = verdict.numberSid;
      await options.twilio.setNumberUrls({
        accountSid,
        authToken,
        numberSid,
        voiceUrl: `${publicBaseUrl}/twilio/inbound_call`,
        // smsEnabled:false means Vapi must leave the number's messaging webhook alone.
        ...(body['smsEnabled'] === false ? {} : { smsUrl: `${publicBaseUrl}/twilio/sms` }),
      });
    }
    const record: PhoneNumberRecord = {
      data: {
        smsEnabled: true,
        ...body,
        provider: 'twilio',
        id,
        orgId: me.orgId,
        number,
        status: 'active',
        createdAt: at,
        updatedAt: at,
      },
      activatesAtMs: 0,
      ...(numberSid === undefined ? {} : { twilioNumberSid: numberSid }),
    };
    state.phoneNumbers.set(id, record);
    return reply.code(201).send({ ...record.data });
  });

  app.get<{ Querystring: ListQuery }>(
    '/phone-number',
    { preHandler: authenticate },
    async (request, reply) => {
      const mine = [...state.phoneNumbers.values()]
        .filter((p) => p.data.orgId === account(request).orgId)
        .map(view);
      const result = applyListFilters(mine, request.query);
      return result.ok ? result.items : sendError(reply, 400, result.errors);
    },
  );

  app.get<{ Querystring: { page?: string; limit?: string; sortOrder?: string } }>(
    '/v2/phone-number',
    { preHandler: authenticate },
    async (request) => {
      const all = [...state.phoneNumbers.values()]
        .filter((p) => p.data.orgId === account(request).orgId)
        .map(view);
      const ascending = request.query.sortOrder === 'ASC';
      all.sort(
        (a, b) =>
          (Date.parse(String(a['createdAt'])) - Date.parse(String(b['createdAt']))) * (ascending ? 1 : -1),
      );
      const limit = Math.max(1, Math.min(1000, Number(request.query.limit ?? 100) || 100));
      const page = Math.max(1, Number(request.query.page ?? 1) || 1);
      const results = all.slice((page - 1) * limit, page * limit);
      const totalPages = Math.max(1, Math.ceil(all.length / limit));
      return {
        results,
        metadata: {
          itemsPerPage: limit,
          totalItems: all.length,
          currentPage: page,
          totalPages,
          hasNextPage: page < totalPages,
          sortOrder: ascending ? 'ASC' : 'DESC',
        },
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/phone-number/:id',
    { preHandler: authenticate },
    async (request, reply) => {
      const found = ownedNumber(request);
      return found === undefined ? sendError(reply, 404, "Couldn't Find Phone Number") : view(found);
    },
  );

  app.patch<{ Params: { id: string } }>(
    '/phone-number/:id',
    { preHandler: authenticate },
    async (request, reply) => {
      const found = ownedNumber(request);
      if (found === undefined) return sendError(reply, 404, "Couldn't Find Phone Number");
      const body = isRecord(request.body) ? request.body : {};
      const provider = found.data.provider;
      if (body['provider'] !== undefined && body['provider'] !== provider) {
        return sendError(reply, 400, [`provider must be ${provider} for this phone number`]);
      }
      if (
        !validate(
          reply,
          provider === 'vapi' ? 'UpdateVapiPhoneNumberDTO' : 'UpdateTwilioPhoneNumberDTO',
          body,
        )
      ) {
        return reply;
      }
      const badAssistant = assistantIdError(found.data.orgId, body);
      if (badAssistant !== undefined) return sendError(reply, 400, badAssistant);
      Object.assign(found.data, body, { updatedAt: stamp() });
      return view(found);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/phone-number/:id',
    { preHandler: authenticate },
    async (request, reply) => {
      const found = ownedNumber(request);
      if (found === undefined) return sendError(reply, 404, "Couldn't Find Phone Number");
      state.phoneNumbers.delete(found.data.id);
      return view(found);
    },
  );

  // ---------------------------------------------------------------- calls
  app.get<{ Querystring: ListQuery }>('/call', { preHandler: authenticate }, async (request, reply) => {
    const { id, assistantId, phoneNumberId } = request.query;
    const mine = [...state.calls.values()].filter(
      (c) =>
        c.orgId === account(request).orgId &&
        (id === undefined || c.id === id) &&
        (assistantId === undefined || c['assistantId'] === assistantId) &&
        (phoneNumberId === undefined || c['phoneNumberId'] === phoneNumberId),
    );
    const result = applyListFilters(mine, request.query);
    return result.ok ? result.items : sendError(reply, 400, result.errors);
  });

  app.get<{ Params: { id: string } }>('/call/:id', { preHandler: authenticate }, async (request, reply) => {
    const found = state.calls.get(request.params.id);
    return found !== undefined && found.orgId === account(request).orgId
      ? found
      : sendError(reply, 404, "Couldn't Find Call");
  });

  // ---------------------------------------------------------------- sandbox control plane
  app.post('/sandbox/accounts', async (request, reply) => {
    const body = isRecord(request.body) ? request.body : {};
    const server = isRecord(body['server']) ? (body['server'] as ServerConfig) : undefined;
    const created = state.createAccount(
      {
        ...(typeof body['name'] === 'string' ? { name: body['name'] } : {}),
        ...(typeof body['privateKey'] === 'string' ? { privateKey: body['privateKey'] } : {}),
        ...(typeof body['freeNumberCap'] === 'number' ? { freeNumberCap: body['freeNumberCap'] } : {}),
        ...(server === undefined ? {} : { server }),
      },
      now(),
    );
    return reply.code(201).send(created);
  });

  app.patch<{ Params: { orgId: string } }>('/sandbox/accounts/:orgId', async (request, reply) => {
    const found = state.accounts.get(request.params.orgId);
    if (found === undefined) return sendError(reply, 404, 'Unknown sandbox account');
    const body = isRecord(request.body) ? request.body : {};
    if (isRecord(body['server'])) found.server = body['server'] as ServerConfig;
    if (typeof body['freeNumberCap'] === 'number') found.freeNumberCap = body['freeNumberCap'];
    return found;
  });

  app.get<{ Querystring: { callId?: string } }>('/sandbox/ledger', async (request) => {
    const { callId } = request.query;
    if (callId === undefined) return state.ledger;
    return {
      webhooks: state.ledger.webhooks.filter((w) => w.callId === callId),
      callEvents: state.ledger.callEvents.filter((e) => e.callId === callId),
      apiFaults: state.ledger.apiFaults,
    };
  });

  app.delete('/sandbox/ledger', async () => {
    state.clearLedger();
    return { ok: true };
  });

  app.get('/sandbox/faults', async () => state.faults);
  app.put('/sandbox/faults', async (request) => {
    state.faults = mergeFaults(
      state.faults,
      isRecord(request.body) ? (request.body as Partial<VapiFaultConfig>) : {},
    );
    return state.faults;
  });

  app.get<{ Params: { file: string } }>('/sandbox/recordings/:file', async (_request, reply) =>
    reply.type('audio/wav').send(silentWav()),
  );

  const newCall = (
    request: FastifyRequest,
    owner: VapiAccount,
    record: PhoneNumberRecord,
    from: string,
    providerCallId?: string,
  ) =>
    new SimulatedCall(
      {
        state,
        dispatcher,
        now,
        assistantRequestTimeoutMs: options.assistantRequestTimeoutMs ?? 7500,
        recordingUrl: (callId) => recordingUrl(request, callId),
      },
      owner,
      record,
      from,
      providerCallId,
    );

  app.post('/sandbox/calls', async (request, reply) => {
    const body = isRecord(request.body) ? request.body : {};
    const numberRecord =
      typeof body['phoneNumberId'] === 'string'
        ? state.phoneNumbers.get(body['phoneNumberId'])
        : typeof body['number'] === 'string'
          ? state.findPhoneNumberByNumber(body['number'])
          : undefined;
    if (numberRecord === undefined) return sendError(reply, 404, "Couldn't Find Phone Number");
    if (view(numberRecord)['status'] !== 'active') {
      return sendError(reply, 400, 'Phone number is still activating; try again in a moment.');
    }
    const owner = state.accounts.get(numberRecord.data.orgId);
    if (owner === undefined) return sendError(reply, 404, 'Unknown sandbox account');
    const from = typeof body['from'] === 'string' ? body['from'] : '+15555550100';
    const script = Array.isArray(body['script'])
      ? body['script'].filter((l): l is string => typeof l === 'string')
      : undefined;
    const simulated = newCall(request, owner, numberRecord, from);
    const started = await simulated.start();
    const transcript: Array<{ role: 'assistant' | 'user'; text: string }> = [];
    if (started.greeting !== undefined) transcript.push({ role: 'assistant', text: started.greeting });
    if (body['interactive'] === true && script === undefined) {
      if (!simulated.ended) liveCalls.set(simulated.call.id, simulated);
      return reply
        .code(201)
        .send({ call: simulated.call, greeting: started.greeting ?? null, ended: simulated.ended });
    }
    const toolCalls: ToolCallTrace[] = [];
    for (const line of script ?? []) {
      if (simulated.ended) break;
      transcript.push({ role: 'user', text: line });
      const turn = await simulated.say(line);
      toolCalls.push(...turn.toolCalls);
      for (const text of turn.replies) transcript.push({ role: 'assistant', text });
    }
    const endedReason = typeof body['endedReason'] === 'string' ? body['endedReason'] : 'customer-ended-call';
    await simulated.finish(endedReason);
    return reply.code(201).send({ call: simulated.call, transcript, toolCalls });
  });

  app.post<{ Params: { id: string } }>('/sandbox/calls/:id/say', async (request, reply) => {
    const live = liveCalls.get(request.params.id);
    if (live === undefined) return sendError(reply, 404, 'No live simulated call with this id');
    const body = isRecord(request.body) ? request.body : {};
    if (typeof body['text'] !== 'string' || body['text'].trim() === '')
      return sendError(reply, 400, ['text should not be empty']);
    const turn = await live.say(body['text']);
    if (turn.ended) liveCalls.delete(request.params.id);
    return { ...turn, ...(turn.ended ? { call: live.call } : {}) };
  });

  app.post<{ Params: { id: string } }>('/sandbox/calls/:id/hangup', async (request, reply) => {
    const live = liveCalls.get(request.params.id);
    if (live === undefined) return sendError(reply, 404, 'No live simulated call with this id');
    liveCalls.delete(request.params.id);
    const body = isRecord(request.body) ? request.body : {};
    const call = await live.finish(
      typeof body['endedReason'] === 'string' ? body['endedReason'] : 'customer-ended-call',
    );
    return { call };
  });

  // ---------------------------------------------------------------- Twilio hand-over
  // The voice URL an imported number points at. The Twilio emulator posts its usual form parameters
  // here when someone calls the number; the emulator answers with the TwiML Vapi uses (a media
  // stream) and runs the call as an interactive simulated call.
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);
  app.post('/twilio/inbound_call', async (request, reply) => {
    const form = isRecord(request.body) ? request.body : {};
    const to = typeof form['To'] === 'string' ? form['To'] : '';
    const from = typeof form['From'] === 'string' ? form['From'] : 'anonymous';
    const record = state.findPhoneNumberByNumber(to);
    const owner = record === undefined ? undefined : state.accounts.get(record.data.orgId);
    reply.type('text/xml');
    if (record === undefined || owner === undefined) {
      return '<?xml version="1.0" encoding="UTF-8"?><Response><Say>This number is not configured.</Say><Hangup/></Response>';
    }
    const callSid = typeof form['CallSid'] === 'string' ? form['CallSid'] : undefined;
    const simulated = newCall(request, owner, record, from, callSid);
    const started = await simulated.start();
    if (!started.ended) {
      liveCalls.set(simulated.call.id, simulated);
      const timer = setTimeout(() => {
        if (liveCalls.get(simulated.call.id) !== simulated) return;
        liveCalls.delete(simulated.call.id);
        void simulated.finish('silence-timed-out');
      }, options.inboundIdleHangupMs ?? 60_000);
      timer.unref();
    }
    const streamUrl = `wss://${request.host}${app.prefix}/twilio/stream/${simulated.call.id}`;
    return `<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="${streamUrl}"/></Connect></Response>`;
  });

  app.addHook('onClose', async () => {
    // Don't leave webhooks of half-finished interactive calls running after shutdown.
    liveCalls.clear();
  });
};

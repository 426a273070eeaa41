import { timingSafeEqual } from 'node:crypto';
import type * as VapiSdk from '@vapi-ai/server-sdk';
import type { Vapi, VapiClient } from '@vapi-ai/server-sdk';
import { ProviderError } from '../provider-error.ts';
import type {
  AssistantSpec,
  AssistantTool,
  PhoneNumberRouting,
  VoiceAgentPort,
  VoiceAssistant,
  VoiceCall,
  VoicePhoneNumber,
} from './voice-agent.port.ts';

export type VapiVoiceAgentConfig = {
  /** Vapi private API key. */
  apiKey: string;
  /** Emulator origin + prefix (e.g. `http://127.0.0.1:3000/sandbox/vapi`); unset: https://api.vapi.ai. */
  baseUrl?: string;
  /** The SDK retries 408/429/5xx itself (default 2); tests pass 0 to see the first failure. */
  maxRetries?: number;
  timeoutSeconds?: number;
  /** Model the assistant thinks with; Vapi needs one, AVA's spec stays model-agnostic. */
  model?: { provider: 'openai'; model: string };
};

type Sdk = typeof VapiSdk;
/**
 * The SDK is some 2,500 modules, up to a second of CPU to load: it is loaded on the first call to Vapi rather
 * than at start-up (issue F, warm start). Until then no error can be one of its own.
 */
let sdk: Sdk | undefined;
let loading: Promise<Sdk> | undefined;
const loadSdk = () => (loading ??= import('@vapi-ai/server-sdk').then((m) => (sdk = m)));

/** Header carrying the per-org secret on every webhook Vapi sends us. */
/** Vapi's documented per-tenant secret header (NOTES §4); Node lowercases incoming header names. */
export const VAPI_SECRET_HEADER = 'x-vapi-secret';

/**
 * Constant-time comparison of the secret Vapi sent with the org's one. Hashing first is not needed:
 * a length mismatch returns early, and the length of a random secret is not itself secret.
 */
export function verifyVapiSecret(expected: string, received: string | string[] | undefined | null): boolean {
  if (typeof received !== 'string' || expected === '') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

/**
 * `assistant-request` is not in the assistant's `serverMessages` enum (Vapi rejects it there): it goes to
 * the phone number's server URL, which buyFreeNumber/importTwilioNumber set.
 */
const SERVER_MESSAGES: Vapi.CreateAssistantDtoServerMessagesItem[] = [
  'end-of-call-report',
  'status-update',
  'tool-calls',
  'transcript',
];

/** Deepgram has no Hebrew model, so Hebrew calls are transcribed by Azure. */
function transcriberFor(language: AssistantSpec['language']): Vapi.CreateAssistantDtoTranscriber {
  if (language === 'he') return { provider: 'azure', language: 'he-IL' };
  return { provider: 'deepgram', model: 'nova-3', language };
}

const serverOf = (url: string, secret: string): Vapi.Server => ({
  url,
  headers: { [VAPI_SECRET_HEADER]: secret },
  timeoutSeconds: 20,
});

type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function toAssistant(raw: unknown): VoiceAssistant {
  const a = isJson(raw) ? raw : {};
  const model = isJson(a.model) ? a.model : {};
  const messages = Array.isArray(model.messages) ? model.messages.filter(isJson) : [];
  const tools: AssistantTool[] = (Array.isArray(model.tools) ? model.tools.filter(isJson) : [])
    .filter((t) => t.type === 'function' && isJson(t.function))
    .map((t) => {
      const f = t.function as Json;
      return {
        name: String(f.name),
        description: str(f.description) ?? '',
        parameters: isJson(f.parameters) ? f.parameters : {},
      };
    });
  const voice = isJson(a.voice) ? a.voice : null;
  const transcriber = isJson(a.transcriber) ? a.transcriber : {};
  const server = isJson(a.server) ? a.server : {};
  const language = str(transcriber.language);
  return {
    id: String(a.id),
    name: str(a.name) ?? '',
    firstMessage: str(a.firstMessage),
    systemPrompt: str(messages.find((m) => m.role === 'system')?.content),
    voice: voice ? { provider: String(voice.provider), voiceId: String(voice.voiceId) } : null,
    // he-IL (Azure) back to AVA's two-letter code.
    language: language ? language.slice(0, 2) : null,
    tools,
    // server.headers hold the org secret: never copied out.
    serverUrl: str(server.url),
    metadata: isJson(a.metadata) ? a.metadata : {},
    createdAt: String(a.createdAt),
    updatedAt: String(a.updatedAt),
  };
}

function toPhoneNumber(raw: unknown): VoicePhoneNumber {
  const p = isJson(raw) ? raw : {};
  const server = isJson(p.server) ? p.server : {};
  // Vapi echoes twilioAuthToken on imported numbers; only the fields below ever leave the adapter.
  return {
    id: String(p.id),
    number: str(p.number),
    provider: String(p.provider),
    status: str(p.status),
    name: str(p.name),
    assistantId: str(p.assistantId),
    serverUrl: str(server.url),
    createdAt: String(p.createdAt),
  };
}

function toCall(raw: unknown): VoiceCall {
  const c = isJson(raw) ? raw : {};
  const artifact = isJson(c.artifact) ? c.artifact : {};
  const analysis = isJson(c.analysis) ? c.analysis : {};
  const customer = isJson(c.customer) ? c.customer : {};
  const startedAt = str(c.startedAt);
  const endedAt = str(c.endedAt);
  const duration =
    startedAt && endedAt ? Math.round((Date.parse(endedAt) - Date.parse(startedAt)) / 1000) : null;
  return {
    id: String(c.id),
    type: str(c.type),
    status: str(c.status),
    assistantId: str(c.assistantId),
    phoneNumberId: str(c.phoneNumberId),
    customerNumber: str(customer.number),
    startedAt,
    endedAt,
    endedReason: str(c.endedReason),
    durationSeconds: duration !== null && Number.isFinite(duration) ? duration : null,
    costUsd: num(c.cost),
    summary: str(analysis.summary) ?? str(c.summary),
    transcript: str(artifact.transcript) ?? str(c.transcript),
    recordingUrl: str(artifact.recordingUrl) ?? str(c.recordingUrl),
    createdAt: String(c.createdAt),
  };
}

function messagesOf(body: unknown): string[] {
  if (!isJson(body)) return [];
  const m = body.message;
  if (Array.isArray(m)) return m.map(String);
  return typeof m === 'string' ? [m] : [];
}

/**
 * Vapi's errors are NestJS envelopes `{message, error, statusCode}`; the business-rule ones (free-number
 * cap, Twilio import) have no stable code, only text, so those few are recognised by their wording.
 */
export function toVapiProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (sdk && error instanceof sdk.VapiTimeoutError) {
    return new ProviderError({
      provider: 'vapi',
      code: 'vapi.unavailable',
      retryable: true,
      userMessage: 'Vapi did not answer; try again in a minute.',
      providerMessage: 'timeout',
    });
  }
  const vapiError = sdk && error instanceof sdk.VapiError ? error : undefined;
  const status = vapiError?.statusCode;
  const messages = vapiError ? messagesOf(vapiError.body) : [];
  const text = messages.join('; ');
  const base = {
    provider: 'vapi' as const,
    status,
    providerMessage: text || (error instanceof Error ? error.message.split('\n')[0] : undefined),
  };
  if (status === undefined || status >= 500) {
    return new ProviderError({
      ...base,
      code: 'vapi.unavailable',
      retryable: true,
      userMessage: 'Vapi did not answer; try again in a minute.',
    });
  }
  if (status === 401 || status === 403) {
    return new ProviderError({
      ...base,
      code: 'vapi.invalidKey',
      retryable: false,
      userMessage: 'Vapi refused the API key. Paste your private key again in Settings.',
    });
  }
  if (status === 404) {
    return new ProviderError({
      ...base,
      code: 'vapi.notFound',
      retryable: false,
      userMessage: 'That assistant, number or call no longer exists in Vapi.',
    });
  }
  if (status === 429 || status === 408) {
    return new ProviderError({
      ...base,
      code: 'vapi.rateLimited',
      retryable: true,
      userMessage: 'Vapi is busy right now. We will try again in a moment.',
    });
  }
  if (status === 402) {
    return new ProviderError({
      ...base,
      code: 'vapi.paymentRequired',
      retryable: false,
      userMessage: 'Your Vapi account needs a payment method or more credit.',
    });
  }
  if (status === 409) {
    return new ProviderError({
      ...base,
      code: 'vapi.conflict',
      retryable: false,
      userMessage: 'Vapi cannot change this now: it is in use (for example pinned). Try again later.',
    });
  }
  if (/free number limit/i.test(text)) {
    return new ProviderError({
      ...base,
      code: 'vapi.freeNumberLimit',
      retryable: false,
      userMessage:
        'Your Vapi account already has all the free numbers it can have. Import a Twilio number or delete an unused one.',
    });
  }
  if (/twilio error:.*credential/i.test(text)) {
    return new ProviderError({
      ...base,
      code: 'vapi.twilioCredentials',
      retryable: false,
      userMessage:
        'Vapi could not sign in to your Twilio account. Check the Twilio Account SID and Auth Token.',
    });
  }
  if (/twilio error:.*not found/i.test(text)) {
    return new ProviderError({
      ...base,
      code: 'vapi.twilioNumberNotFound',
      retryable: false,
      userMessage: 'That number is not in your Twilio account. Buy or port it in Twilio first.',
    });
  }
  if (/already in use/i.test(text)) {
    return new ProviderError({
      ...base,
      code: 'vapi.numberInUse',
      retryable: false,
      userMessage: 'This number is already connected to another Vapi account. Remove it there first.',
    });
  }
  return new ProviderError({
    ...base,
    code: 'vapi.invalidRequest',
    retryable: false,
    userMessage: 'Vapi rejected the settings. Check the details below.',
    details: messages,
  });
}

async function callVapi<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toVapiProviderError(error);
  }
}

export function createVapiVoiceAgent(config: VapiVoiceAgentConfig): VoiceAgentPort {
  let client: VapiClient | undefined;
  const call = <T>(run: (vapi: VapiClient) => Promise<T>) =>
    callVapi(async () => {
      client ??= new (await loadSdk()).VapiClient({
        token: config.apiKey,
        ...(config.baseUrl !== undefined ? { baseUrl: config.baseUrl } : {}),
        maxRetries: config.maxRetries ?? 2,
        timeoutInSeconds: config.timeoutSeconds ?? 20,
      });
      return run(client);
    });
  const model = config.model ?? { provider: 'openai', model: 'gpt-4o' };

  const assistantDto = (spec: AssistantSpec): Vapi.CreateAssistantDto => ({
    name: spec.name,
    firstMessage: spec.firstMessage,
    model: {
      provider: model.provider,
      model: model.model as Vapi.OpenAiModelModel,
      messages: [{ role: 'system', content: spec.systemPrompt }],
      tools: [
        ...(spec.tools ?? []).map((t): Vapi.OpenAiModelToolsItem => ({
          type: 'function',
          function: {
            name: t.name,
            description: t.description,
            parameters: t.parameters as unknown as Vapi.OpenAiFunctionParameters,
          },
        })),
        // Lets the assistant hang up after saying goodbye instead of waiting for silence.
        { type: 'endCall' },
      ],
    },
    // AVA lets the org pick any Vapi voice; the provider string is passed through unchecked.
    voice: { provider: spec.voice.provider, voiceId: spec.voice.voiceId } as Vapi.CreateAssistantDtoVoice,
    transcriber: transcriberFor(spec.language),
    serverMessages: SERVER_MESSAGES,
    server: serverOf(spec.serverUrl, spec.serverSecret),
    ...(spec.metadata !== undefined ? { metadata: spec.metadata } : {}),
  });

  const routing = (input: Partial<PhoneNumberRouting>) => ({
    ...(input.assistantId !== undefined ? { assistantId: input.assistantId } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.serverUrl !== undefined && input.serverSecret !== undefined
      ? { server: serverOf(input.serverUrl, input.serverSecret) }
      : {}),
  });

  return {
    verify: () =>
      call(async (vapi) => ({ assistants: (await vapi.assistants.list({ limit: 1000 })).length })),

    createAssistant: (spec) =>
      call(async (vapi) => toAssistant(await vapi.assistants.create(assistantDto(spec)))),

    updateAssistant: (id, spec) =>
      call(async (vapi) => toAssistant(await vapi.assistants.update({ id, ...assistantDto(spec) }))),

    getAssistant: (id) => call(async (vapi) => toAssistant(await vapi.assistants.get({ id }))),

    listAssistants: () =>
      call(async (vapi) => (await vapi.assistants.list({ limit: 1000 })).map(toAssistant)),

    deleteAssistant: (id) =>
      call(async (vapi) => {
        await vapi.assistants.delete({ id });
      }),

    buyFreeNumber: ({ areaCode, ...input }) =>
      call(async (vapi) =>
        toPhoneNumber(
          await vapi.phoneNumbers.create({
            provider: 'vapi',
            numberDesiredAreaCode: areaCode,
            ...routing(input),
          }),
        ),
      ),

    importTwilioNumber: ({ number, twilioAccountSid, twilioAuthToken, smsEnabled, ...input }) =>
      call(async (vapi) =>
        toPhoneNumber(
          await vapi.phoneNumbers.create({
            provider: 'twilio',
            number,
            twilioAccountSid,
            twilioAuthToken,
            smsEnabled,
            ...routing(input),
          }),
        ),
      ),

    updatePhoneNumber: (id, input) =>
      call(async (vapi) => {
        // The SDK's update body is a union keyed by provider, so the current provider is read first.
        const current = (await vapi.phoneNumbers.get({ id })) as { provider: string };
        const body = { provider: current.provider, ...routing(input) } as Vapi.UpdatePhoneNumbersRequestBody;
        return toPhoneNumber(await vapi.phoneNumbers.update({ id, body }));
      }),

    listPhoneNumbers: () =>
      call(async (vapi) => (await vapi.phoneNumbers.list({ limit: 1000 })).map(toPhoneNumber)),

    deletePhoneNumber: (id) =>
      call(async (vapi) => {
        await vapi.phoneNumbers.delete({ id });
      }),

    listCalls: ({ assistantId, phoneNumberId, createdAfter, createdBefore, limit = 100 } = {}) =>
      call(async (vapi) =>
        (
          await vapi.calls.list({
            ...(assistantId !== undefined ? { assistantId } : {}),
            ...(phoneNumberId !== undefined ? { phoneNumberId } : {}),
            ...(createdAfter !== undefined ? { createdAtGt: createdAfter.toISOString() } : {}),
            ...(createdBefore !== undefined ? { createdAtLt: createdBefore.toISOString() } : {}),
            limit,
          })
        ).map(toCall),
      ),

    getCall: (id) => call(async (vapi) => toCall(await vapi.calls.get({ id }))),
  };
}

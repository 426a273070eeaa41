// Fastify plugin emulating Anthropic's Messages API (`POST /v1/messages`, streaming included, and
// `POST /v1/messages/count_tokens`) plus an OpenAI-compatible `POST /v1/chat/completions`, close enough
// for the official SDKs pointed at it with `baseURL`. Replies come from reply.generator.ts and are
// deterministic; errors use each provider's own envelope.
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ReplyOutput, ToolChoice, ToolSpec } from './reply.generator.ts';
import { countTokens, generateReply, truncateToTokens } from './reply.generator.ts';

export interface LlmFaultConfig {
  /** Share of requests answered with an error. */
  errorRate: number;
  errorStatus: 429 | 500 | 529 | 'mixed';
  latencyMs: number;
}

export interface LlmLedgerEntry {
  seq: number;
  api: 'anthropic' | 'openai';
  model: string;
  status: number;
  stopReason?: string;
  inputTokens?: number;
  outputTokens?: number;
  lastUserText?: string;
  output?: string;
  errorType?: string;
  at: string;
}

export class LlmEmulatorState {
  readonly ledger: LlmLedgerEntry[] = [];
  faults: LlmFaultConfig = { errorRate: 0, errorStatus: 'mixed', latencyMs: 0 };
  private seq = 0;
  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }
}

export interface LlmEmulatorOptions {
  state?: LlmEmulatorState;
  /** Accepted API keys; when omitted any non-empty key is accepted (sandbox default). */
  apiKeys?: readonly string[];
  faults?: Partial<LlmFaultConfig>;
  random?: () => number;
  now?: () => Date;
}

type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

interface ContentBlock {
  type: string;
  text?: string;
  content?: unknown;
  tool_use_id?: string;
}

interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: string | ContentBlock[];
}

const FAULT_TYPES: Record<number, AnthropicErrorType> = {
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((b): b is ContentBlock => isRecord(b) && b['type'] === 'text' && typeof b['text'] === 'string')
    .map((b) => b.text)
    .join('\n');
}

function toolResultsOf(content: unknown): string[] {
  if (!Array.isArray(content)) return [];
  return content
    .filter((b): b is ContentBlock => isRecord(b) && b['type'] === 'tool_result')
    .map((b) => textOf(b.content));
}

/** Validates the parts of a Messages request the emulator relies on, with Anthropic's messages. */
function validateMessagesBody(body: unknown, needsMaxTokens: boolean): string | undefined {
  if (!isRecord(body)) return 'Request body must be a JSON object';
  if (typeof body['model'] !== 'string' || body['model'] === '') return 'model: Field required';
  if (needsMaxTokens) {
    if (typeof body['max_tokens'] !== 'number' || !Number.isInteger(body['max_tokens']))
      return 'max_tokens: Field required';
    if (body['max_tokens'] < 1) return 'max_tokens: Input should be greater than or equal to 1';
  }
  const messages = body['messages'];
  if (!Array.isArray(messages)) return 'messages: Field required';
  if (messages.length === 0) return 'messages: at least one message is required';
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message) || (message['role'] !== 'user' && message['role'] !== 'assistant')) {
      return `messages.${index}.role: Input should be 'user' or 'assistant'`;
    }
    if (typeof message['content'] !== 'string' && !Array.isArray(message['content'])) {
      return `messages.${index}.content: Input should be a valid list`;
    }
  }
  const system = body['system'];
  if (system !== undefined && typeof system !== 'string' && !Array.isArray(system)) {
    return 'system: Input should be a valid string';
  }
  return undefined;
}

export const llmEmulator: FastifyPluginAsync<LlmEmulatorOptions> = async (app, options) => {
  const state = options.state ?? new LlmEmulatorState();
  if (options.faults !== undefined) state.faults = { ...state.faults, ...options.faults };
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());
  const requestId = (): string => `req_01${randomBytes(12).toString('base64url')}`;

  const anthropicError = (
    reply: FastifyReply,
    status: number,
    type: AnthropicErrorType,
    message: string,
  ): FastifyReply => {
    const id = requestId();
    return reply
      .code(status)
      .header('request-id', id)
      .send({ type: 'error', error: { type, message }, request_id: id });
  };
  const openAiError = (
    reply: FastifyReply,
    status: number,
    type: string,
    message: string,
    code: string | null = null,
  ) => reply.code(status).send({ error: { message, type, param: null, code } });

  const keyAccepted = (key: string | undefined): boolean =>
    key !== undefined && key !== '' && (options.apiKeys === undefined || options.apiKeys.includes(key));

  /** Latency and error injection shared by both APIs; returns the status to fail with, if any. */
  const injectFault = async (): Promise<number | undefined> => {
    const faults = state.faults;
    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    if (faults.errorRate <= 0 || random() >= faults.errorRate) return undefined;
    if (faults.errorStatus !== 'mixed') return faults.errorStatus;
    const pick = random();
    return pick < 0.5 ? 429 : pick < 0.75 ? 500 : 529;
  };

  const record = (entry: Omit<LlmLedgerEntry, 'seq' | 'at'>): void => {
    state.ledger.push({ ...entry, seq: state.nextSeq(), at: now().toISOString() });
  };

  // Anthropic answers malformed JSON with its own envelope, not Fastify's.
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status =
      error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (request.url.includes('/chat/completions'))
      return openAiError(reply, status, 'invalid_request_error', error.message);
    return anthropicError(
      reply,
      status,
      status === 500 ? 'api_error' : 'invalid_request_error',
      error.message,
    );
  });

  const prepareAnthropic = async (
    request: FastifyRequest,
    reply: FastifyReply,
    needsMaxTokens = true,
  ): Promise<Record<string, unknown> | undefined> => {
    const headerKey = request.headers['x-api-key'];
    const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const key = typeof headerKey === 'string' ? headerKey : bearer;
    if (key === undefined || key === '') {
      void anthropicError(reply, 401, 'authentication_error', 'x-api-key header is required');
      return undefined;
    }
    if (!keyAccepted(key)) {
      void anthropicError(reply, 401, 'authentication_error', 'invalid x-api-key');
      return undefined;
    }
    if (typeof request.headers['anthropic-version'] !== 'string') {
      void anthropicError(reply, 400, 'invalid_request_error', 'anthropic-version: header is required');
      return undefined;
    }
    const problem = validateMessagesBody(request.body, needsMaxTokens);
    if (problem !== undefined) {
      void anthropicError(reply, 400, 'invalid_request_error', problem);
      return undefined;
    }
    const body = request.body as Record<string, unknown>;
    if (!/^claude/i.test(String(body['model']))) {
      void anthropicError(reply, 404, 'not_found_error', `model: ${String(body['model'])}`);
      return undefined;
    }
    return body;
  };

  const inputTokensOf = (body: Record<string, unknown>, system: string): number => {
    const messages = body['messages'] as AnthropicMessage[];
    const text = messages
      .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)))
      .join('\n');
    return (
      countTokens(system) +
      countTokens(text) +
      (Array.isArray(body['tools']) ? countTokens(JSON.stringify(body['tools'])) : 0)
    );
  };

  const systemOf = (body: Record<string, unknown>): string =>
    typeof body['system'] === 'string' ? body['system'] : textOf(body['system']);

  app.post('/v1/messages/count_tokens', async (request, reply) => {
    const body = await prepareAnthropic(request, reply, false);
    if (body === undefined) return reply;
    return { input_tokens: inputTokensOf(body, systemOf(body)) };
  });

  app.post('/v1/messages', async (request, reply) => {
    const body = await prepareAnthropic(request, reply);
    if (body === undefined) return reply;
    const model = String(body['model']);
    const fault = await injectFault();
    if (fault !== undefined) {
      const type = FAULT_TYPES[fault] ?? 'api_error';
      record({ api: 'anthropic', model, status: fault, errorType: type });
      if (fault === 429) reply.header('retry-after', '1');
      return anthropicError(
        reply,
        fault,
        type,
        fault === 429
          ? 'Number of requests has exceeded your rate limit'
          : fault === 529
            ? 'Overloaded'
            : 'Internal server error',
      );
    }
    const system = systemOf(body);
    const messages = body['messages'] as AnthropicMessage[];
    const lastUser = [...messages].reverse().find((m) => m.role === 'user');
    const lastUserText = textOf(lastUser?.content);
    const tools = (Array.isArray(body['tools']) ? body['tools'] : []).filter(
      (t): t is ToolSpec => isRecord(t) && typeof t['name'] === 'string',
    );
    const output: ReplyOutput = generateReply({
      system,
      lastUserText,
      toolResults: toolResultsOf(lastUser?.content),
      tools,
      ...(isRecord(body['tool_choice']) ? { toolChoice: body['tool_choice'] as ToolChoice } : {}),
    });
    const maxTokens = body['max_tokens'] as number;
    const inputTokens = inputTokensOf(body, system);
    let content: Array<Record<string, unknown>>;
    let stopReason: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use';
    let stopSequence: string | null = null;
    let outputTokens: number;
    if (output.kind === 'tool_use') {
      content = [
        {
          type: 'tool_use',
          id: output.id,
          name: output.tool.name,
          input: output.input,
          caller: { type: 'direct' },
        },
      ];
      stopReason = 'tool_use';
      outputTokens = countTokens(JSON.stringify(output.input)) + 5;
    } else {
      let text = output.text;
      stopReason = 'end_turn';
      const stops = Array.isArray(body['stop_sequences'])
        ? body['stop_sequences'].filter((s): s is string => typeof s === 'string' && s !== '')
        : [];
      const hit = stops
        .map((s) => ({ s, at: text.indexOf(s) }))
        .filter((x) => x.at >= 0)
        .sort((a, b) => a.at - b.at)[0];
      if (hit !== undefined) {
        text = text.slice(0, hit.at);
        stopReason = 'stop_sequence';
        stopSequence = hit.s;
      }
      const truncated = truncateToTokens(text, maxTokens);
      if (truncated.truncated) {
        text = truncated.text;
        stopReason = 'max_tokens';
        stopSequence = null;
      }
      outputTokens = countTokens(text);
      content = [{ type: 'text', text, citations: null }];
    }
    const message = {
      id: `msg_01${randomBytes(12).toString('base64url')}`,
      type: 'message',
      role: 'assistant',
      model,
      content,
      stop_reason: stopReason,
      stop_sequence: stopSequence,
      stop_details: null,
      container: null,
      diagnostics: null,
      usage: {
        input_tokens: inputTokens,
        output_tokens: outputTokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation: null,
        server_tool_use: null,
        service_tier: 'standard',
        inference_geo: null,
        output_tokens_details: null,
        speed: null,
      },
    };
    record({
      api: 'anthropic',
      model,
      status: 200,
      stopReason,
      inputTokens,
      outputTokens,
      lastUserText,
      output: output.kind === 'text' ? String(content[0]?.['text'] ?? '') : `tool_use:${output.tool.name}`,
    });
    if (body['stream'] === true) return streamMessage(reply, message);
    return reply.header('request-id', requestId()).send(message);
  });

  app.post('/v1/chat/completions', async (request, reply) => {
    const key = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!keyAccepted(key)) {
      return openAiError(
        reply,
        401,
        'invalid_request_error',
        'Incorrect API key provided.',
        'invalid_api_key',
      );
    }
    const body = request.body;
    if (
      !isRecord(body) ||
      typeof body['model'] !== 'string' ||
      !Array.isArray(body['messages']) ||
      body['messages'].length === 0
    ) {
      return openAiError(
        reply,
        400,
        'invalid_request_error',
        "'model' and a non-empty 'messages' are required.",
      );
    }
    const fault = await injectFault();
    if (fault !== undefined) {
      record({
        api: 'openai',
        model: body['model'],
        status: fault,
        errorType: fault === 429 ? 'rate_limit_exceeded' : 'server_error',
      });
      return openAiError(
        reply,
        fault === 529 ? 503 : fault,
        fault === 429 ? 'requests' : 'server_error',
        fault === 429 ? 'Rate limit reached.' : 'The server had an error.',
      );
    }
    const messages = body['messages'].filter(isRecord);
    const system = messages
      .filter((m) => m['role'] === 'system' || m['role'] === 'developer')
      .map((m) => textOf(m['content']))
      .join('\n');
    const lastUser = [...messages].reverse().find((m) => m['role'] === 'user');
    const lastUserText = textOf(lastUser?.['content']);
    const trailingToolResults: string[] = [];
    for (let i = messages.length - 1; i >= 0 && messages[i]?.['role'] === 'tool'; i -= 1) {
      trailingToolResults.unshift(textOf(messages[i]?.['content']));
    }
    const tools: ToolSpec[] = (Array.isArray(body['tools']) ? body['tools'] : [])
      .filter(isRecord)
      .map((t) => (isRecord(t['function']) ? t['function'] : {}))
      .filter((f): f is Record<string, unknown> & { name: string } => typeof f['name'] === 'string')
      .map((f) => ({
        name: f.name,
        ...(typeof f['description'] === 'string' ? { description: f['description'] } : {}),
        ...(isRecord(f['parameters'])
          ? { input_schema: f['parameters'] as ToolSpec['input_schema'] & object }
          : {}),
      }));
    const choice = body['tool_choice'];
    const toolChoice: ToolChoice | undefined =
      choice === 'none'
        ? { type: 'none' }
        : choice === 'required'
          ? { type: 'any' }
          : isRecord(choice) && isRecord(choice['function'])
            ? { type: 'tool', name: String(choice['function']['name']) }
            : undefined;
    const output = generateReply({
      system,
      lastUserText,
      toolResults: trailingToolResults,
      tools,
      ...(toolChoice ? { toolChoice } : {}),
    });
    const maxTokens =
      typeof body['max_completion_tokens'] === 'number'
        ? body['max_completion_tokens']
        : typeof body['max_tokens'] === 'number'
          ? body['max_tokens']
          : Infinity;
    const promptTokens = countTokens(messages.map((m) => textOf(m['content'])).join('\n'));
    let message: Record<string, unknown>;
    let finishReason: 'stop' | 'length' | 'tool_calls';
    let completionTokens: number;
    if (output.kind === 'tool_use') {
      message = {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [
          {
            id: `call_${output.id.slice(6)}`,
            type: 'function',
            function: { name: output.tool.name, arguments: JSON.stringify(output.input) },
          },
        ],
      };
      finishReason = 'tool_calls';
      completionTokens = countTokens(JSON.stringify(output.input)) + 5;
    } else {
      const truncated = truncateToTokens(output.text, maxTokens);
      message = { role: 'assistant', content: truncated.text, refusal: null };
      finishReason = truncated.truncated ? 'length' : 'stop';
      completionTokens = countTokens(truncated.text);
    }
    record({
      api: 'openai',
      model: body['model'],
      status: 200,
      stopReason: finishReason,
      inputTokens: promptTokens,
      outputTokens: completionTokens,
      lastUserText,
    });
    return {
      id: `chatcmpl-${randomBytes(12).toString('base64url')}`,
      object: 'chat.completion',
      created: Math.floor(now().getTime() / 1000),
      model: body['model'],
      choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    };
  });

  app.get('/v1/sandbox/ledger', async () => state.ledger);
};

/** Server-sent events in the order Anthropic emits them, so `messages.stream()` reassembles the message. */
function streamMessage(
  reply: FastifyReply,
  message: Record<string, unknown> & {
    content: Array<Record<string, unknown>>;
    usage: Record<string, unknown>;
  },
): FastifyReply {
  const events: Array<[string, unknown]> = [];
  events.push([
    'message_start',
    {
      type: 'message_start',
      message: {
        ...message,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...message.usage, output_tokens: 1 },
      },
    },
  ]);
  message.content.forEach((block, index) => {
    if (block['type'] === 'text') {
      events.push([
        'content_block_start',
        { type: 'content_block_start', index, content_block: { type: 'text', text: '', citations: null } },
      ]);
      const text = String(block['text'] ?? '');
      // Chunks of ~3 words: enough to exercise delta handling in clients.
      const chunks = text.match(/(?:\S+\s*){1,3}|\s+/g) ?? [];
      for (const chunk of chunks)
        events.push([
          'content_block_delta',
          { type: 'content_block_delta', index, delta: { type: 'text_delta', text: chunk } },
        ]);
    } else {
      events.push([
        'content_block_start',
        { type: 'content_block_start', index, content_block: { ...block, input: {} } },
      ]);
      events.push([
        'content_block_delta',
        {
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: JSON.stringify(block['input'] ?? {}) },
        },
      ]);
    }
    events.push(['content_block_stop', { type: 'content_block_stop', index }]);
  });
  events.push([
    'message_delta',
    {
      type: 'message_delta',
      delta: {
        stop_reason: message['stop_reason'],
        stop_sequence: message['stop_sequence'],
        stop_details: null,
        container: null,
      },
      usage: { output_tokens: message.usage['output_tokens'], input_tokens: message.usage['input_tokens'] },
    },
  ]);
  events.push(['message_stop', { type: 'message_stop' }]);
  const payload = events
    .map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
    .join('');
  return reply.header('content-type', 'text/event-stream').header('cache-control', 'no-cache').send(payload);
}

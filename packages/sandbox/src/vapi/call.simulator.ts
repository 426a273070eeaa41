// Runs one simulated inbound phone call and emits the server messages a real Vapi call produces, in
// order: assistant-request (only when the number has no assistant), status-update in-progress,
// transcript / conversation-update per turn, tool-calls (waiting for `{results}`), status-update
// ended, end-of-call-report. Time inside the call is virtual (each utterance "lasts" a few seconds)
// so durations, timestamps and costs are realistic and deterministic without slowing tests down.
import { randomBytes, randomUUID } from 'node:crypto';
import type { AssistantAction, FunctionToolConfig, ToolOutcome } from './conversation.ts';
import { ConversationEngine, formatSlot } from './conversation.ts';
import { validateVapiDto } from './dto.validator.ts';
import type { WebhookDispatcher } from './webhook.dispatcher.ts';
import type {
  CallRecord,
  JsonObject,
  PhoneNumberRecord,
  ServerConfig,
  VapiAccount,
  VapiEmulatorState,
} from './vapi.state.ts';

/** Vapi's documented default for `serverMessages` (schema `CreateAssistantDTO.serverMessages`). */
export const DEFAULT_SERVER_MESSAGES: readonly string[] = [
  'conversation-update',
  'end-of-call-report',
  'function-call',
  'hang',
  'speech-update',
  'status-update',
  'tool-calls',
  'transfer-destination-request',
  'handoff-destination-request',
  'user-interrupted',
  'assistant.started',
];

const ASSISTANT_RESOURCE_FIELDS = ['id', 'orgId', 'createdAt', 'updatedAt', 'latestVersion'];
const PHONE_RESOURCE_FIELDS = [
  'id',
  'orgId',
  'createdAt',
  'updatedAt',
  'status',
  'twilioAuthToken',
  'twilioApiSecret',
];

export interface CallSimulatorDeps {
  state: VapiEmulatorState;
  dispatcher: WebhookDispatcher;
  now: () => Date;
  assistantRequestTimeoutMs: number;
  recordingUrl: (callId: string) => string;
}

export interface ToolCallTrace {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  result?: string;
  error?: string;
}

export interface TurnResult {
  replies: string[];
  toolCalls: ToolCallTrace[];
  ended: boolean;
}

function omit(source: JsonObject, fields: readonly string[]): JsonObject {
  return Object.fromEntries(Object.entries(source).filter(([key]) => !fields.includes(key)));
}

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function usableServer(server: unknown): (ServerConfig & { url: string }) | undefined {
  if (!isRecord(server) || typeof server['url'] !== 'string' || server['url'] === '') return undefined;
  return server as unknown as ServerConfig & { url: string };
}

const round = (n: number): number => Math.round(n * 10000) / 10000;

/** Seconds a spoken line takes: enough to make durations plausible, fixed so tests stay stable. */
const speakingSeconds = (text: string): number => 1 + Math.ceil(text.split(/\s+/).length * 0.4);

export class SimulatedCall {
  readonly call: CallRecord;
  private assistant?: JsonObject;
  private engine?: ConversationEngine;
  private clock = 0;
  private readonly startMs: number;
  private readonly messages: JsonObject[] = [];
  private readonly openAi: JsonObject[] = [];
  private readonly transcriptLines: string[] = [];
  private hasEnded = false;

  constructor(
    private readonly deps: CallSimulatorDeps,
    private readonly account: VapiAccount,
    private readonly phoneNumber: PhoneNumberRecord,
    private readonly from: string,
    providerCallId?: string,
  ) {
    const now = deps.now();
    this.startMs = now.getTime();
    this.call = {
      id: randomUUID(),
      orgId: account.orgId,
      type: 'inboundPhoneCall',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      status: 'ringing',
      phoneNumberId: phoneNumber.data.id,
      customer: { number: from },
      phoneCallProvider: phoneNumber.data.provider === 'twilio' ? 'twilio' : 'vapi',
      phoneCallTransport: 'pstn',
      phoneCallProviderId: providerCallId ?? `CA${randomBytes(16).toString('hex')}`,
    };
    deps.state.calls.set(this.call.id, this.call);
  }

  get ended(): boolean {
    return this.hasEnded;
  }

  private isoAt(seconds: number): string {
    return new Date(this.startMs + seconds * 1000).toISOString();
  }

  private update(fields: JsonObject): void {
    Object.assign(this.call, fields, { updatedAt: this.isoAt(this.clock) });
  }

  private logEvent(
    event: 'started' | 'user-said' | 'assistant-said' | 'tool-call' | 'ended',
    detail: JsonObject,
  ): void {
    this.deps.state.ledger.callEvents.push({
      seq: this.deps.state.nextSeq(),
      callId: this.call.id,
      orgId: this.account.orgId,
      event,
      detail,
      at: this.isoAt(this.clock),
    });
  }

  /** Server URL resolution (Vapi docs "setting server URLs"): assistant, then phone number, then org. */
  private resolveServer(tool?: FunctionToolConfig): (ServerConfig & { url: string }) | undefined {
    return (
      usableServer(tool?.server) ??
      usableServer(this.assistant?.['server']) ??
      usableServer(this.phoneNumber.data['server']) ??
      usableServer(this.account.server)
    );
  }

  private wants(type: string): boolean {
    const list = Array.isArray(this.assistant?.['serverMessages'])
      ? (this.assistant['serverMessages'] as string[])
      : DEFAULT_SERVER_MESSAGES;
    if (type === 'transcript')
      return list.includes('transcript') || list.includes('transcript[transcriptType="final"]');
    return list.includes(type);
  }

  private envelope(type: string, fields: JsonObject): JsonObject & { type: string } {
    return {
      type,
      ...fields,
      timestamp: this.startMs + this.clock * 1000,
      call: structuredClone(this.call),
      ...(this.assistant === undefined ? {} : { assistant: omit(this.assistant, ASSISTANT_RESOURCE_FIELDS) }),
      customer: { number: this.from },
      phoneNumber: omit(this.phoneNumber.data, PHONE_RESOURCE_FIELDS),
    };
  }

  private async send(type: string, fields: JsonObject, tool?: FunctionToolConfig): Promise<void> {
    if (!this.wants(type)) return;
    const server = this.resolveServer(tool);
    if (server === undefined) return;
    await this.deps.dispatcher.deliver({
      server,
      message: this.envelope(type, fields),
      callId: this.call.id,
      orgId: this.account.orgId,
    });
  }

  /** Picks up: resolves the assistant, then greets. Returns the greeting, if the assistant speaks first. */
  async start(): Promise<{ greeting?: string; ended: boolean }> {
    this.logEvent('started', { from: this.from, to: this.phoneNumber.data.number });
    const ready = await this.resolveAssistant();
    if (!ready.ok) {
      if (ready.spoken !== undefined) this.addBotMessage(ready.spoken);
      await this.finish(ready.endedReason);
      return { ended: true };
    }
    this.update({ status: 'in-progress', startedAt: this.isoAt(0) });
    await this.send('status-update', { status: 'in-progress' });
    const greeting = this.engine?.greeting();
    if (greeting !== undefined) await this.assistantSays(greeting);
    return { ...(greeting === undefined ? {} : { greeting }), ended: false };
  }

  private async resolveAssistant(): Promise<
    { ok: true } | { ok: false; endedReason: string; spoken?: string }
  > {
    const linkedId = this.phoneNumber.data['assistantId'];
    const linked = typeof linkedId === 'string' ? this.deps.state.assistants.get(linkedId) : undefined;
    if (linked !== undefined && linked.orgId === this.account.orgId) {
      this.useAssistant(linked, { assistantId: linked.id });
      return { ok: true };
    }
    const server = usableServer(this.phoneNumber.data['server']) ?? usableServer(this.account.server);
    if (server === undefined)
      return { ok: false, endedReason: 'call-start-error-neither-assistant-nor-server-set' };
    const reply = await this.deps.dispatcher.deliver({
      server,
      message: this.envelope('assistant-request', {}),
      callId: this.call.id,
      orgId: this.account.orgId,
      // Vapi's fixed end-to-end limit for assistant-request, whatever server.timeoutSeconds says.
      timeoutMs: this.deps.assistantRequestTimeoutMs,
    });
    if (!reply.ok || !isRecord(reply.body)) return { ok: false, endedReason: 'assistant-request-failed' };
    const body = reply.body;
    if (isRecord(body['destination'])) {
      this.update({ destination: body['destination'] });
      return { ok: false, endedReason: 'assistant-forwarded-call' };
    }
    if (typeof body['error'] === 'string') {
      return { ok: false, endedReason: 'assistant-request-returned-error', spoken: body['error'] };
    }
    const overrides = isRecord(body['assistantOverrides']) ? body['assistantOverrides'] : undefined;
    if (typeof body['assistantId'] === 'string') {
      const found = this.deps.state.assistants.get(body['assistantId']);
      if (found === undefined || found.orgId !== this.account.orgId) {
        return { ok: false, endedReason: 'assistant-request-returned-invalid-assistant' };
      }
      this.useAssistant(found, {
        assistantId: found.id,
        ...(overrides ? { assistantOverrides: overrides } : {}),
      });
      return { ok: true };
    }
    if (isRecord(body['assistant'])) {
      if (validateVapiDto('CreateAssistantDTO', body['assistant']).length > 0) {
        return { ok: false, endedReason: 'assistant-request-returned-invalid-assistant' };
      }
      this.useAssistant(body['assistant'], {
        assistant: body['assistant'],
        ...(overrides ? { assistantOverrides: overrides } : {}),
      });
      return { ok: true };
    }
    return { ok: false, endedReason: 'assistant-request-returned-no-assistant' };
  }

  private useAssistant(assistant: JsonObject, callFields: JsonObject): void {
    const overrides = isRecord(callFields['assistantOverrides']) ? callFields['assistantOverrides'] : {};
    // Overrides replace top-level assistant fields for this call only (Vapi's AssistantOverrides).
    const { variableValues, ...fieldOverrides } = overrides;
    this.assistant = { ...assistant, ...fieldOverrides };
    this.update(callFields);
    const model = isRecord(this.assistant['model']) ? this.assistant['model'] : {};
    const modelMessages = Array.isArray(model['messages']) ? model['messages'] : [];
    const systemPrompt = modelMessages
      .filter(
        (m): m is JsonObject => isRecord(m) && m['role'] === 'system' && typeof m['content'] === 'string',
      )
      .map((m) => String(m['content']))
      .join('\n');
    const tools = (Array.isArray(model['tools']) ? model['tools'] : []).filter(
      (t): t is FunctionToolConfig => isRecord(t) && t['type'] === 'function' && isRecord(t['function']),
    );
    const transcriber = isRecord(this.assistant['transcriber']) ? this.assistant['transcriber'] : {};
    const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    const firstMessage = str(this.assistant['firstMessage']);
    const firstMessageMode = str(this.assistant['firstMessageMode']);
    const endCallMessage = str(this.assistant['endCallMessage']);
    const transcriberLanguage = str(transcriber['language']);
    this.engine = new ConversationEngine({
      systemPrompt,
      tools,
      callerNumber: this.from,
      reference: new Date(this.startMs),
      ...(firstMessage === undefined ? {} : { firstMessage }),
      ...(firstMessageMode === undefined ? {} : { firstMessageMode }),
      ...(endCallMessage === undefined ? {} : { endCallMessage }),
      ...(transcriberLanguage === undefined ? {} : { transcriberLanguage }),
      ...(isRecord(variableValues) ? { variableValues } : {}),
    });
    if (systemPrompt !== '') {
      this.messages.push({ role: 'system', message: systemPrompt, time: this.startMs, secondsFromStart: 0 });
      this.openAi.push({ role: 'system', content: systemPrompt });
    }
  }

  private addBotMessage(text: string): void {
    const duration = speakingSeconds(text);
    this.messages.push({
      role: 'bot',
      message: text,
      time: this.startMs + this.clock * 1000,
      endTime: this.startMs + (this.clock + duration) * 1000,
      secondsFromStart: this.clock,
      duration: duration * 1000,
      source: '',
    });
    this.openAi.push({ role: 'assistant', content: text });
    this.transcriptLines.push(`AI: ${text}`);
    this.clock += duration;
  }

  private async assistantSays(text: string): Promise<void> {
    const at = this.clock;
    this.addBotMessage(text);
    this.logEvent('assistant-said', { text, secondsFromStart: at });
    await this.send('transcript', { role: 'assistant', transcriptType: 'final', transcript: text });
    await this.send('conversation-update', { messages: this.messages, messagesOpenAIFormatted: this.openAi });
  }

  /** One caller line: returns what the assistant said back and the tools it called. */
  async say(text: string): Promise<TurnResult> {
    const turn: TurnResult = { replies: [], toolCalls: [], ended: false };
    if (this.hasEnded || this.engine === undefined) return { ...turn, ended: true };
    const duration = speakingSeconds(text);
    this.messages.push({
      role: 'user',
      message: text,
      time: this.startMs + this.clock * 1000,
      endTime: this.startMs + (this.clock + duration) * 1000,
      secondsFromStart: this.clock,
      duration: duration * 1000,
    });
    this.openAi.push({ role: 'user', content: text });
    this.transcriptLines.push(`User: ${text}`);
    this.logEvent('user-said', { text, secondsFromStart: this.clock });
    this.clock += duration;
    await this.send('transcript', { role: 'user', transcriptType: 'final', transcript: text });
    await this.send('conversation-update', { messages: this.messages, messagesOpenAIFormatted: this.openAi });

    let action: AssistantAction = this.engine.onUserUtterance(text);
    // Bound the tool loop: the engine never chains more than check → book, but a bug must not hang a call.
    for (let step = 0; step < 4 && action.kind === 'tool'; step += 1) {
      const slot = this.engine.facts.requestedSlot ?? { date: '' };
      const trace = await this.runTool(action.tool, action.arguments);
      turn.toolCalls.push(trace);
      action = this.engine.onToolResult(action.purpose, slot, outcomeOf(trace));
    }
    if (action.kind === 'tool') action = { kind: 'say', text: '' };
    if (action.text !== '') {
      turn.replies.push(action.text);
      await this.assistantSays(action.text);
    }
    if (action.kind === 'end') {
      const hasEndCallTool =
        isRecord(this.assistant?.['model']) &&
        Array.isArray(this.assistant['model']['tools']) &&
        this.assistant['model']['tools'].some((t) => isRecord(t) && t['type'] === 'endCall');
      await this.finish(hasEndCallTool ? 'assistant-ended-call' : 'customer-ended-call');
      turn.ended = true;
    }
    return turn;
  }

  private async runTool(tool: FunctionToolConfig, args: Record<string, unknown>): Promise<ToolCallTrace> {
    const id = `call_${randomBytes(12).toString('base64url')}`;
    const name = tool.function.name;
    const toolCall = { id, type: 'function', function: { name, arguments: JSON.stringify(args) } };
    const startMessage = tool.messages?.find(
      (m) => m.type === 'request-start' && typeof m.content === 'string',
    );
    if (startMessage?.content !== undefined) await this.assistantSays(startMessage.content);
    this.messages.push({
      role: 'tool_calls',
      toolCalls: [toolCall],
      message: '',
      time: this.startMs + this.clock * 1000,
      secondsFromStart: this.clock,
    });
    this.openAi.push({ role: 'assistant', content: null, tool_calls: [toolCall] });
    this.logEvent('tool-call', { id, name, arguments: args });
    const trace: ToolCallTrace = { id, name, arguments: args };
    const server = this.resolveServer(tool);
    if (!this.wants('tool-calls') || server === undefined) {
      trace.error = 'No server URL is set for this tool.';
    } else {
      const message = this.envelope('tool-calls', {
        toolCallList: [toolCall],
        toolWithToolCallList: [{ ...tool, toolCall }],
      });
      const delivery = this.deps.dispatcher.deliver({
        server,
        message,
        callId: this.call.id,
        orgId: this.account.orgId,
      });
      if (tool.async === true) {
        // Async tools don't block the conversation; Vapi carries on without a result.
        void delivery;
        trace.result = '';
      } else {
        const reply = await delivery;
        Object.assign(trace, readToolReply(reply.ok, reply.body, reply.error, id));
      }
    }
    this.clock += 1;
    const resultText = trace.result ?? trace.error ?? '';
    this.messages.push({
      role: 'tool_call_result',
      toolCallId: id,
      name,
      result: resultText,
      time: this.startMs + this.clock * 1000,
      secondsFromStart: this.clock,
    });
    this.openAi.push({ role: 'tool', tool_call_id: id, content: resultText });
    return trace;
  }

  /** Ends the call (idempotent) and sends status-update ended then end-of-call-report. */
  async finish(endedReason: string): Promise<CallRecord> {
    if (this.hasEnded) return this.call;
    this.hasEnded = true;
    this.clock += 1;
    const recordingUrl = this.deps.recordingUrl(this.call.id);
    const artifact: JsonObject = {
      messages: this.messages,
      messagesOpenAIFormatted: this.openAi,
      transcript: this.transcriptLines.map((line) => `${line}\n`).join(''),
      recordingUrl,
      stereoRecordingUrl: recordingUrl.replace(/\.wav$/, '-stereo.wav'),
      recording: {
        stereoUrl: recordingUrl.replace(/\.wav$/, '-stereo.wav'),
        mono: { combinedUrl: recordingUrl },
      },
    };
    const analysis = this.analysis();
    const { cost, costs, costBreakdown } = this.costs();
    const startedAt = typeof this.call['startedAt'] === 'string' ? this.call['startedAt'] : this.isoAt(0);
    const endedAt = this.isoAt(this.clock);
    this.update({
      status: 'ended',
      endedReason,
      startedAt,
      endedAt,
      cost,
      costs,
      costBreakdown,
      messages: this.messages,
      artifact,
      analysis,
    });
    this.logEvent('ended', { endedReason, durationSeconds: this.clock });
    await this.send('status-update', { status: 'ended', endedReason });
    await this.send('end-of-call-report', {
      endedReason,
      artifact,
      analysis,
      cost,
      costs,
      startedAt,
      endedAt,
    });
    return this.call;
  }

  private analysis(): JsonObject {
    const facts = this.engine?.facts;
    const plan = isRecord(this.assistant?.['analysisPlan']) ? this.assistant['analysisPlan'] : {};
    const summaryPlan = isRecord(plan['summaryPlan']) ? plan['summaryPlan'] : {};
    const dataPlan = isRecord(plan['structuredDataPlan']) ? plan['structuredDataPlan'] : {};
    const successPlan = isRecord(plan['successEvaluationPlan']) ? plan['successEvaluationPlan'] : {};
    const booked = facts?.booked;
    const slot = booked?.slot ?? facts?.requestedSlot;
    const assistantName =
      typeof this.assistant?.['name'] === 'string' ? this.assistant['name'] : 'the assistant';
    let outcome = 'No appointment was requested.';
    if (booked !== undefined) outcome = `An appointment was booked for ${formatSlot(booked.slot, 'en')}.`;
    else if (facts?.bookingIntent === true && slot !== undefined && slot.date !== '')
      outcome = `The caller asked for an appointment on ${formatSlot(slot, 'en')}, but nothing was booked.`;
    else if (facts?.bookingIntent === true)
      outcome = 'The caller asked about an appointment, but no time was agreed.';
    const summary = `${this.from} called ${assistantName}. ${outcome}`;
    const facts4data: Record<string, unknown> = {
      intent: facts?.bookingIntent === true ? 'booking' : 'other',
      appointmentBooked: booked !== undefined,
      ...(slot !== undefined && slot.date !== '' ? { appointmentDate: slot.date } : {}),
      ...(slot?.time === undefined ? {} : { appointmentTime: slot.time }),
      ...(facts?.customerName === undefined ? {} : { customerName: facts.customerName }),
      customerNumber: this.from,
      language: facts?.language ?? 'en',
    };
    const success = booked !== undefined || facts?.bookingIntent !== true;
    const rubric = typeof successPlan['rubric'] === 'string' ? successPlan['rubric'] : 'PassFail';
    const successEvaluation =
      rubric === 'NumericScale'
        ? success
          ? '10'
          : '4'
        : rubric === 'DescriptiveScale'
          ? success
            ? 'Excellent'
            : 'Fair'
          : String(success);
    return {
      ...(summaryPlan['enabled'] === false ? {} : { summary }),
      ...(dataPlan['enabled'] === false ? {} : { structuredData: shapeStructuredData(dataPlan, facts4data) }),
      ...(successPlan['enabled'] === false ? {} : { successEvaluation }),
    };
  }

  private costs(): { cost: number; costs: JsonObject[]; costBreakdown: JsonObject } {
    const minutes = round(this.clock / 60);
    const spoken = this.messages.filter((m) => m['role'] === 'bot').map((m) => String(m['message']));
    const ttsCharacters = spoken.reduce((sum, text) => sum + text.length, 0);
    const promptTokens = Math.ceil(JSON.stringify(this.openAi).length / 4);
    const completionTokens = Math.ceil(ttsCharacters / 4);
    const transport = round(minutes * 0.01);
    const stt = round(minutes * 0.01);
    const llm = round(promptTokens * 0.0000025 + completionTokens * 0.00001);
    const tts = round(minutes * 0.036);
    const vapi = round(minutes * 0.05);
    const total = round(transport + stt + llm + tts + vapi);
    const model = isRecord(this.assistant?.['model']) ? this.assistant['model'] : {};
    const costs: JsonObject[] = [
      {
        type: 'transport',
        ...(this.phoneNumber.data.provider === 'twilio' ? { provider: 'twilio' } : {}),
        minutes,
        cost: transport,
      },
      { type: 'transcriber', transcriber: this.assistant?.['transcriber'] ?? {}, minutes, cost: stt },
      {
        type: 'model',
        model: { provider: model['provider'], model: model['model'] },
        promptTokens,
        completionTokens,
        cost: llm,
      },
      { type: 'voice', voice: this.assistant?.['voice'] ?? {}, characters: ttsCharacters, cost: tts },
      { type: 'vapi', subType: 'normal', minutes, cost: vapi },
    ];
    const costBreakdown = {
      transport,
      stt,
      llm,
      tts,
      vapi,
      total,
      llmPromptTokens: promptTokens,
      llmCompletionTokens: completionTokens,
      ttsCharacters,
    };
    return { cost: total, costs, costBreakdown };
  }
}

/** When the assistant defines a structured-data schema, answer with its keys (like the LLM extraction). */
function shapeStructuredData(plan: JsonObject, facts: Record<string, unknown>): JsonObject {
  const schema = isRecord(plan['schema']) ? plan['schema'] : undefined;
  const properties =
    schema !== undefined && isRecord(schema['properties']) ? schema['properties'] : undefined;
  if (properties === undefined) return facts;
  const shaped: JsonObject = {};
  for (const key of Object.keys(properties)) {
    const k = key.toLowerCase();
    const pick = /booked|success|confirmed/.test(k)
      ? facts['appointmentBooked']
      : /date|day/.test(k)
        ? facts['appointmentDate']
        : /time|hour/.test(k)
          ? facts['appointmentTime']
          : /name/.test(k)
            ? facts['customerName']
            : /phone|number/.test(k)
              ? facts['customerNumber']
              : /intent|reason/.test(k)
                ? facts['intent']
                : /lang/.test(k)
                  ? facts['language']
                  : undefined;
    if (pick !== undefined) shaped[key] = pick;
  }
  return shaped;
}

function readToolReply(
  ok: boolean,
  body: unknown,
  error: string | undefined,
  toolCallId: string,
): { result?: string; error?: string } {
  if (!ok) return { error: error ?? 'The tool server returned an error.' };
  if (!isRecord(body)) return { error: 'No result returned.' };
  if (typeof body['error'] === 'string') return { error: body['error'] };
  const results = Array.isArray(body['results']) ? body['results'] : [];
  const match = results.find((r): r is JsonObject => isRecord(r) && r['toolCallId'] === toolCallId);
  if (match === undefined) return { error: 'No result returned.' };
  if (typeof match['error'] === 'string') return { error: match['error'] };
  const result = match['result'];
  if (result === undefined) return { error: 'No result returned.' };
  // `result` is typed as a string; Vapi stringifies objects before handing them to the model.
  return { result: typeof result === 'string' ? result : JSON.stringify(result) };
}

function outcomeOf(trace: ToolCallTrace): ToolOutcome {
  return {
    ...(trace.result === undefined ? {} : { result: trace.result }),
    ...(trace.error === undefined ? {} : { error: trace.error }),
  };
}

// Delivers server messages the way Vapi does: POST `{ message }` as JSON to the resolved server URL
// with `server.headers`, a per-request timeout, no retries (Vapi only retries with a backoffPlan),
// and records every attempt in the ledger with its response and timing.
import type { VapiFaultConfig } from './faults.ts';
import { sleep } from './faults.ts';
import type { JsonObject, LedgerWebhook, ServerConfig, VapiEmulatorState } from './vapi.state.ts';

/** Message types whose reply drives the call; they are never dropped or duplicated by fault injection. */
const REPLY_TYPES = new Set(['assistant-request', 'tool-calls', 'transfer-destination-request']);

export interface DeliveryResult {
  ok: boolean;
  status?: number;
  body?: unknown;
  error?: string;
  dropped?: boolean;
}

export interface WebhookDispatcherDeps {
  state: VapiEmulatorState;
  faults: () => VapiFaultConfig;
  random: () => number;
  now: () => Date;
}

export interface DeliveryRequest {
  server: ServerConfig & { url: string };
  message: JsonObject & { type: string };
  callId?: string;
  orgId?: string;
  /** Overrides the server timeout, e.g. the fixed 7.5 s limit of `assistant-request`. */
  timeoutMs?: number;
}

export class WebhookDispatcher {
  constructor(private readonly deps: WebhookDispatcherDeps) {}

  async deliver(request: DeliveryRequest): Promise<DeliveryResult> {
    const faults = this.deps.faults();
    const injectable = !REPLY_TYPES.has(request.message.type);
    if (injectable && faults.webhookDropRate > 0 && this.deps.random() < faults.webhookDropRate) {
      this.record(request, 1, { fault: 'dropped', durationMs: 0, startedAt: this.deps.now().toISOString() });
      return { ok: false, dropped: true, error: 'dropped by fault injection' };
    }
    if (faults.webhookLatencyMs > 0) await sleep(faults.webhookLatencyMs);
    const first = await this.send(request, 1, faults.webhookLatencyMs > 0 ? 'delayed' : undefined);
    if (injectable && faults.webhookDuplicateRate > 0 && this.deps.random() < faults.webhookDuplicateRate) {
      await this.send(request, 2, 'duplicated');
    }
    return first;
  }

  private async send(
    request: DeliveryRequest,
    attempt: number,
    fault: LedgerWebhook['fault'],
  ): Promise<DeliveryResult> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Vapi-Emulator/1.0',
      ...(request.server.headers ?? {}),
    };
    const timeoutMs = request.timeoutMs ?? (request.server.timeoutSeconds ?? 20) * 1000;
    const body = { message: request.message };
    const startedAt = this.deps.now().toISOString();
    const started = performance.now();
    let result: DeliveryResult;
    try {
      const response = await fetch(request.server.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // Non-JSON replies are legal for informational messages; keep the raw text in the ledger.
      }
      result = { ok: response.ok, status: response.status, body: parsed };
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      result = {
        ok: false,
        error: name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : errorMessage(error),
      };
    }
    this.record(request, attempt, {
      startedAt,
      durationMs: Math.round(performance.now() - started),
      ...(fault === undefined ? {} : { fault }),
      ...(result.status === undefined ? {} : { status: result.status }),
      ...(result.body === undefined ? {} : { responseBody: result.body }),
      ...(result.error === undefined ? {} : { error: result.error }),
      requestHeaders: headers,
    });
    return result;
  }

  private record(
    request: DeliveryRequest,
    attempt: number,
    extra: Partial<LedgerWebhook> & { startedAt: string; durationMs: number },
  ): void {
    this.deps.state.ledger.webhooks.push({
      seq: this.deps.state.nextSeq(),
      messageType: request.message.type,
      url: request.server.url,
      requestHeaders: { 'content-type': 'application/json', ...(request.server.headers ?? {}) },
      body: { message: request.message },
      attempt,
      ...(request.callId === undefined ? {} : { callId: request.callId }),
      ...(request.orgId === undefined ? {} : { orgId: request.orgId }),
      ...extra,
    });
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}

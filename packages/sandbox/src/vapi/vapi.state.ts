// In-memory state of the Vapi emulator. It is a plain object graph on purpose: tests and the sandbox
// UI read it directly (or through GET <prefix>/sandbox/ledger) to assert what the emulator did.
import { randomUUID } from 'node:crypto';
import type { VapiFaultConfig } from './faults.ts';
import { noFaults } from './faults.ts';

export type JsonObject = Record<string, unknown>;

export interface ServerConfig {
  url?: string;
  headers?: Record<string, string>;
  timeoutSeconds?: number;
}

export interface VapiAccount {
  orgId: string;
  name: string;
  privateKey: string;
  publicKey: string;
  /** The org-level server URL (dashboard setting), last in the server URL resolution order. */
  server?: ServerConfig;
  /** Overrides the emulator-wide free number cap for this account. */
  freeNumberCap?: number;
  createdAt: string;
}

export interface AssistantRecord extends JsonObject {
  id: string;
  orgId: string;
  createdAt: string;
  updatedAt: string;
}

export interface PhoneNumberRecord {
  /** The public resource, exactly as the API returns it (status is refreshed on read). */
  data: JsonObject & { id: string; orgId: string; provider: 'vapi' | 'twilio'; number: string };
  /** Epoch ms after which a free number leaves `activating`. */
  activatesAtMs: number;
  /** Twilio IncomingPhoneNumber SID returned by the Twilio gateway for imported numbers. */
  twilioNumberSid?: string;
}

export interface CallRecord extends JsonObject {
  id: string;
  orgId: string;
  createdAt: string;
  updatedAt: string;
  status: string;
}

export interface LedgerWebhook {
  seq: number;
  callId?: string;
  orgId?: string;
  messageType: string;
  url: string;
  requestHeaders: Record<string, string>;
  body: JsonObject;
  /** 1 for the first delivery, 2 for an injected duplicate. */
  attempt: number;
  fault?: 'dropped' | 'duplicated' | 'delayed';
  status?: number;
  responseBody?: unknown;
  error?: string;
  startedAt: string;
  durationMs: number;
}

export interface LedgerCallEvent {
  seq: number;
  callId: string;
  orgId: string;
  event: 'started' | 'user-said' | 'assistant-said' | 'tool-call' | 'ended';
  detail: JsonObject;
  at: string;
}

export interface LedgerApiFault {
  seq: number;
  method: string;
  url: string;
  status: number;
  at: string;
}

export interface VapiLedger {
  webhooks: LedgerWebhook[];
  callEvents: LedgerCallEvent[];
  apiFaults: LedgerApiFault[];
}

export const VAPI_SNAPSHOT_VERSION = 1;

/** Plain-JSON form of the state (`snapshot()` / `VapiEmulatorState.restore()`). */
export interface VapiSnapshot {
  version: typeof VAPI_SNAPSHOT_VERSION;
  /** Keys, org server URL and per-account free-number cap. */
  accounts: VapiAccount[];
  assistants: AssistantRecord[];
  /** Free-number counts are derived from these (provider `vapi` per org). */
  phoneNumbers: PhoneNumberRecord[];
  calls: CallRecord[];
  /** Ledger sequence, so ledger entries written after a restore keep increasing. */
  seq: number;
}

/** `endedReason` given to calls that were still running when the snapshot was taken. */
export const RESTORED_CALL_ENDED_REASON = 'worker-shutdown';

const clone = <T>(value: T): T => structuredClone(value);

function parseVapiSnapshot(json: unknown): VapiSnapshot {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error('Vapi snapshot: expected a JSON object');
  }
  const o = json as Record<string, unknown>;
  if (o['version'] !== VAPI_SNAPSHOT_VERSION) {
    throw new Error(
      `Vapi snapshot: unsupported version ${JSON.stringify(o['version'])} (this build reads version ${VAPI_SNAPSHOT_VERSION})`,
    );
  }
  const keys: Record<'accounts' | 'assistants' | 'phoneNumbers' | 'calls', string> = {
    accounts: 'orgId',
    assistants: 'id',
    phoneNumbers: 'data',
    calls: 'id',
  };
  for (const [key, idField] of Object.entries(keys)) {
    const list = o[key];
    if (!Array.isArray(list)) throw new Error(`Vapi snapshot: ${key} must be an array`);
    list.forEach((item: unknown, i) => {
      if (typeof item !== 'object' || item === null || !(idField in item)) {
        throw new Error(`Vapi snapshot: ${key}[${i}] must be an object with ${idField}`);
      }
    });
  }
  if (typeof o['seq'] !== 'number' || !Number.isInteger(o['seq'])) {
    throw new Error('Vapi snapshot: seq must be an integer');
  }
  return json as VapiSnapshot;
}

export class VapiEmulatorState {
  readonly accounts = new Map<string, VapiAccount>();
  readonly assistants = new Map<string, AssistantRecord>();
  readonly phoneNumbers = new Map<string, PhoneNumberRecord>();
  readonly calls = new Map<string, CallRecord>();
  readonly ledger: VapiLedger = { webhooks: [], callEvents: [], apiFaults: [] };
  /** Live fault-injection settings; tests may assign them directly or use PUT <prefix>/sandbox/faults. */
  faults: VapiFaultConfig = { ...noFaults };
  private seq = 0;
  private readonly listeners = new Set<() => void>();

  nextSeq(): number {
    this.seq += 1;
    // Every webhook and call event takes a sequence number: a cheap "something happened" signal.
    this.notifyChanged();
    return this.seq;
  }

  /** Calls `listener` after changes made outside an HTTP request (call events, webhooks, accounts). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notifyChanged(): void {
    for (const listener of this.listeners) listener();
  }

  /**
   * Deep JSON copy of accounts, assistants, phone numbers and calls (not the ledger, fault settings or
   * the live simulated calls, whose records are kept).
   */
  snapshot(): VapiSnapshot {
    return {
      version: VAPI_SNAPSHOT_VERSION,
      accounts: clone([...this.accounts.values()]),
      assistants: clone([...this.assistants.values()]),
      phoneNumbers: clone([...this.phoneNumbers.values()]),
      calls: clone([...this.calls.values()]),
      seq: this.seq,
    };
  }

  /**
   * A new state holding what `snapshot()` returned (unknown `version` or malformed input throws).
   * Calls that were not `ended` (their simulation died with the old process) are ended at `now()` with
   * `endedReason: "worker-shutdown"`, without server messages.
   */
  static restore(json: unknown, options: { now?: () => Date } = {}): VapiEmulatorState {
    const snap = parseVapiSnapshot(clone(json));
    const state = new VapiEmulatorState();
    for (const account of snap.accounts) state.accounts.set(account.orgId, account);
    for (const assistant of snap.assistants) state.assistants.set(assistant.id, assistant);
    for (const number of snap.phoneNumbers) state.phoneNumbers.set(number.data.id, number);
    const at = (options.now ?? (() => new Date()))().toISOString();
    for (const call of snap.calls) {
      if (call.status !== 'ended') {
        Object.assign(call, {
          status: 'ended',
          endedReason: RESTORED_CALL_ENDED_REASON,
          endedAt: at,
          updatedAt: at,
        });
      }
      state.calls.set(call.id, call);
    }
    state.seq = snap.seq;
    return state;
  }

  createAccount(input: Partial<Omit<VapiAccount, 'createdAt'>> = {}, now = new Date()): VapiAccount {
    const account: VapiAccount = {
      orgId: input.orgId ?? randomUUID(),
      name: input.name ?? 'Sandbox account',
      privateKey: input.privateKey ?? randomUUID(),
      publicKey: input.publicKey ?? randomUUID(),
      createdAt: now.toISOString(),
      ...(input.server === undefined ? {} : { server: input.server }),
      ...(input.freeNumberCap === undefined ? {} : { freeNumberCap: input.freeNumberCap }),
    };
    this.accounts.set(account.orgId, account);
    this.notifyChanged();
    return account;
  }

  findAccountByPrivateKey(key: string): VapiAccount | undefined {
    for (const account of this.accounts.values()) if (account.privateKey === key) return account;
    return undefined;
  }

  findPhoneNumberByNumber(number: string): PhoneNumberRecord | undefined {
    for (const record of this.phoneNumbers.values()) if (record.data.number === number) return record;
    return undefined;
  }

  clearLedger(): void {
    this.ledger.webhooks.length = 0;
    this.ledger.callEvents.length = 0;
    this.ledger.apiFaults.length = 0;
  }
}
